package io.jamesdspam.mailet.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.jamesdspam.model.DspamUser;

class DspamUserMappingTest {
    private static MailAddress address(String value) throws Exception {
        return new MailAddress(value);
    }

    @Nested
    class Recipient {
        private final DspamUserMapping mapping = DspamUserMapping.parse("recipient");

        @Test
        void lowerCasesAndStripsDetail() throws Exception {
            assertThat(mapping.userFor(address("Bob+Lists@Example.ORG"))).contains(DspamUser.of("bob@example.org"));
        }

        @Test
        void isTheDefault() throws Exception {
            assertThat(DspamUserMapping.parse("").userFor(address("bob@example.org"))).contains(DspamUser.of("bob@example.org"));
        }

        @Test
        void refusesNamesDspamWouldMisuse() throws Exception {
            assertThat(mapping.userFor(address("\"a/b\"@example.org"))).isEmpty();
            assertThat(mapping.userFor(address("\"a b\"@example.org"))).isEmpty();
            assertThat(mapping.userFor(address("-help@example.org"))).isEmpty();
        }

        @Test
        void mapsMailboxOwnersTheSameWay() {
            assertThat(mapping.userFor(Username.of("Bob@Example.org"))).contains(DspamUser.of("bob@example.org"));
        }
    }

    @Test
    void localpartAndDomainModes() throws Exception {
        assertThat(DspamUserMapping.parse("localpart").userFor(address("Bob+x@example.org"))).contains(DspamUser.of("bob"));
        assertThat(DspamUserMapping.parse("domain").userFor(address("bob@Example.org"))).contains(DspamUser.of("example.org"));
    }

    @Test
    void fixedModeUsesOneDictionary() throws Exception {
        DspamUserMapping mapping = DspamUserMapping.parse("fixed:global");
        assertThat(mapping.userFor(address("a@example.org"))).contains(DspamUser.of("global"));
        assertThat(mapping.userFor(Username.of("b"))).contains(DspamUser.of("global"));
    }

    @Test
    void seedModeSharesTheDictionaryOnlyForSeveralRecipients() throws Exception {
        DspamUserMapping mapping = DspamUserMapping.parse("seed:smtpd");

        assertThat(mapping.usersFor(List.of(address("Bob@example.org"))))
            .isEqualTo(Map.of(address("Bob@example.org"), DspamUser.of("bob@example.org")));
        assertThat(mapping.usersFor(List.of(address("a@example.org"), address("b@example.org"))).values())
            .containsOnly(DspamUser.of("smtpd"));
        assertThat(DspamUserMapping.parse("seed").usersFor(List.of(address("a@example.org"), address("b@example.org"))).values())
            .containsOnly(DspamUser.of("james"));
    }

    @Test
    void badValuesNameTheValue() {
        assertThatThrownBy(() -> DspamUserMapping.parse("mailbox")).hasMessageContaining("'mailbox'");
        assertThatThrownBy(() -> DspamUserMapping.parse("fixed:../etc")).hasMessageContaining("fixed:../etc");
    }

    /** James with {@code enableVirtualHosting=false}: users are named {@code bob}, James's default domain is example.org. */
    @Nested
    class WithoutVirtualHosting {
        private final JamesUserNames userNames = () -> Optional.of(Domain.of("Example.org"));

        @Test
        void recipientModeNamesEveryUserByTheAddressJamesGivesIt() throws Exception {
            DspamUserMapping mapping = DspamUserMapping.parse("recipient").within(userNames);

            assertThat(mapping.userFor(Username.of("Bob"))).contains(DspamUser.of("bob@example.org"));
            assertThat(mapping.userFor(address("bob+x@example.org"))).contains(DspamUser.of("bob@example.org"));
            assertThat(mapping.userFor(address("bob@other.example"))).contains(DspamUser.of("bob@example.org"));
        }

        @Test
        void domainModeHasOneDictionaryAsJamesHasOneNamespace() throws Exception {
            DspamUserMapping mapping = DspamUserMapping.parse("domain").within(userNames);

            assertThat(mapping.userFor(Username.of("bob"))).contains(DspamUser.of("example.org"));
            assertThat(mapping.userFor(address("alice@other.example"))).contains(DspamUser.of("example.org"));
        }

        @Test
        void localpartFixedAndSeedModesAgreeWithTheOwner() throws Exception {
            assertThat(DspamUserMapping.parse("localpart").within(userNames).userFor(Username.of("bob")))
                .contains(DspamUser.of("bob"));
            assertThat(DspamUserMapping.parse("localpart").within(userNames).userFor(address("bob@other.example")))
                .contains(DspamUser.of("bob"));
            assertThat(DspamUserMapping.parse("fixed:all").within(userNames).userFor(Username.of("bob")))
                .contains(DspamUser.of("all"));
            DspamUserMapping seed = DspamUserMapping.parse("seed").within(userNames);
            assertThat(seed.usersFor(List.of(address("bob@other.example"))).values()).containsExactly(DspamUser.of("bob@example.org"));
            assertThat(seed.usersFor(List.of(address("a@example.org"), address("b@example.org"))).values())
                .containsOnly(DspamUser.of("james"));
        }

        @Test
        void withVirtualHostingAUserWithoutDomainStillMapsByLocalPart() {
            assertThat(DspamUserMapping.parse("recipient").userFor(Username.of("bob"))).contains(DspamUser.of("bob"));
            assertThat(DspamUserMapping.parse("domain").userFor(Username.of("bob"))).isEmpty();
        }
    }
}

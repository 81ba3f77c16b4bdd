package io.jamesdspam.mailet.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

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
}

package io.jamesdspam.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.PerRecipientHeaders;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.jamesdspam.attribute.DspamResultAttribute;
import io.jamesdspam.attribute.RecipientVerdict;
import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Verdict;

class IsDspamSpamTest {
    MailAddress alice;
    MailAddress bob;
    FakeMail mail;
    final DspamResultAttribute attribute = DspamResultAttribute.defaultName();

    @BeforeEach
    void setUp() throws Exception {
        alice = new MailAddress("alice@example.org");
        bob = new MailAddress("bob@example.org");
        mail = FakeMail.builder().name("m").recipients(alice, bob).build();
    }

    static IsDspamSpam matcher(String condition) throws MessagingException {
        IsDspamSpam matcher = new IsDspamSpam();
        matcher.init(FakeMatcherConfig.builder().matcherName("IsDspamSpam").condition(condition)
            .mailetContext(FakeMailContext.defaultContext()).build());
        return matcher;
    }

    void verdict(MailAddress recipient, Verdict verdict, DspamClass dspamClass, double confidence) {
        attribute.write(mail, recipient, RecipientVerdict.classified(DspamResult.builder()
            .user(DspamUser.of(recipient.asString())).verdict(verdict).dspamClass(dspamClass)
            .probability(verdict == Verdict.SPAM ? 1.0 : 0.0).confidence(confidence).build()));
    }

    void spamAssassin(MailAddress recipient, String status) {
        mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder()
            .name("org.apache.james.spamassassin.status").value(status).build(), recipient);
    }

    @Test
    void theMatcherInfoSaysWhatMatchesAndIsBuiltOnceNotPerMail() throws Exception {
        IsDspamSpam matcher = matcher("0.95,agree");

        assertThat(matcher.getMatcherInfo())
            .isEqualTo("Matches recipients DSPAM classified as spam when SpamAssassin agrees (confidence >= 0.95)")
            .isSameAs(matcher.getMatcherInfo());
    }

    @Nested
    class Threshold {
        @Test
        void matchesOnlyTheRecipientsDspamCalledSpam() throws Exception {
            verdict(alice, Verdict.SPAM, DspamClass.SPAM, 0.5);
            verdict(bob, Verdict.INNOCENT, DspamClass.INNOCENT, 1.0);

            assertThat(matcher(null).match(mail)).containsExactly(alice);
        }

        @Test
        void theThresholdIsAMinimumConfidenceInclusive() throws Exception {
            verdict(alice, Verdict.SPAM, DspamClass.SPAM, 0.95);
            verdict(bob, Verdict.SPAM, DspamClass.SPAM, 0.94);

            assertThat(matcher("0.95").match(mail)).containsExactly(alice);
        }

        @Test
        void oneMatchesOnlyFullConfidence() throws Exception {
            verdict(alice, Verdict.SPAM, DspamClass.SPAM, 1.0);
            verdict(bob, Verdict.SPAM, DspamClass.SPAM, 0.99);

            assertThat(matcher("1").match(mail)).containsExactly(alice);
        }

        @Test
        void recipientsWithoutAVerdictNeverMatch() throws Exception {
            attribute.write(mail, alice, RecipientVerdict.failed("timeout: slow"));
            attribute.write(mail, bob, RecipientVerdict.skipped("too large"));

            assertThat(matcher(null).match(mail)).isEmpty();
        }

        @Test
        void aForeignAttributeValueIsNotAVerdict() throws Exception {
            mail.setAttribute(new Attribute(AttributeName.of("dspam.result"), AttributeValue.of("Spam")));

            assertThat(matcher(null).match(mail)).isEmpty();
        }

        @Test
        void theAttributeNameIsAnOption() throws Exception {
            new DspamResultAttribute(AttributeName.of("other")).write(mail, alice, RecipientVerdict.classified(
                DspamResult.builder().user(DspamUser.of("alice@example.org")).verdict(Verdict.SPAM).confidence(1.0).build()));

            assertThat(matcher("attribute=other").match(mail)).containsExactly(alice);
            assertThat(matcher(null).match(mail)).isEmpty();
        }
    }

    @Nested
    class Classes {
        @Test
        void byDefaultEverySpamClassMatches() throws Exception {
            verdict(alice, Verdict.SPAM, DspamClass.VIRUS, 1.0);
            verdict(bob, Verdict.SPAM, DspamClass.BLACKLISTED, 1.0);

            assertThat(matcher(null).match(mail)).containsExactly(alice, bob);
        }

        @Test
        void aClassListRestricts() throws Exception {
            verdict(alice, Verdict.SPAM, DspamClass.VIRUS, 1.0);
            verdict(bob, Verdict.SPAM, DspamClass.SPAM, 1.0);

            assertThat(matcher("Virus,Blocklisted").match(mail)).containsExactly(alice);
            assertThat(matcher("0.5,spam").match(mail)).containsExactly(bob);
        }

        @Test
        void whitelistedNeverMatches() throws Exception {
            verdict(alice, Verdict.INNOCENT, DspamClass.WHITELISTED, 1.0);

            assertThat(matcher(null).match(mail)).isEmpty();
        }
    }

    @Nested
    class Agree {
        @Test
        void requiresSpamAssassinToSaySpamForThatRecipient() throws Exception {
            verdict(alice, Verdict.SPAM, DspamClass.SPAM, 0.9);
            verdict(bob, Verdict.SPAM, DspamClass.SPAM, 0.9);
            spamAssassin(alice, "Yes, hits=25.0 required=5.0");
            spamAssassin(bob, "No, hits=15.0 required=20.0");

            assertThat(matcher("agree").match(mail)).containsExactly(alice);
        }

        @Test
        void withoutSpamAssassinNothingMatches() throws Exception {
            verdict(alice, Verdict.SPAM, DspamClass.SPAM, 1.0);

            assertThat(matcher("agree").match(mail)).isEmpty();
        }

        @Test
        void spamAssassinAloneIsNotEnough() throws Exception {
            verdict(alice, Verdict.INNOCENT, DspamClass.INNOCENT, 0.96);
            spamAssassin(alice, "Yes, hits=10.0 required=5.0");

            assertThat(matcher("agree").match(mail)).isEmpty();
        }

        @Test
        void theSmtpHandlersMailAttributeCountsToo() throws Exception {
            verdict(alice, Verdict.SPAM, DspamClass.SPAM, 1.0);
            mail.setAttribute(new Attribute(AttributeName.of("org.apache.james.spamassassin.status"),
                AttributeValue.of("Yes, hits=8.0 required=5.0")));

            assertThat(matcher("agree").match(mail)).containsExactly(alice);
        }

        @Test
        void combinesWithTheThreshold() throws Exception {
            verdict(alice, Verdict.SPAM, DspamClass.SPAM, 0.9);
            spamAssassin(alice, "Yes, hits=25.0 required=5.0");

            assertThat(matcher("0.95,agree").match(mail)).isEmpty();
            assertThat(matcher("0.9,agree").match(mail)).containsExactly(alice);
        }
    }

    @Nested
    class Condition {
        @Test
        void aThresholdAboveOneIsRefused() {
            assertThatThrownBy(() -> matcher("1.5")).isInstanceOf(MessagingException.class).hasMessageContaining("1.5");
        }

        @Test
        void aNegativeThresholdIsRefused() {
            assertThatThrownBy(() -> matcher("-0.1")).isInstanceOf(MessagingException.class).hasMessageContaining("-0.1");
        }

        @Test
        void anUnknownWordIsRefused() {
            assertThatThrownBy(() -> matcher("0.9,Innocent")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("Innocent");
        }

        @Test
        void twoThresholdsAreRefused() {
            assertThatThrownBy(() -> matcher("0.9,0.8")).isInstanceOf(MessagingException.class);
        }

        @Test
        void anUnknownOptionIsRefused() {
            assertThatThrownBy(() -> matcher("threshold=0.9")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("threshold");
        }
    }
}

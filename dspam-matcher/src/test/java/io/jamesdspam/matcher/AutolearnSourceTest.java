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
import org.junit.jupiter.api.Test;

import io.jamesdspam.attribute.DspamResultAttribute;
import io.jamesdspam.attribute.DspamTrainingAttribute;
import io.jamesdspam.attribute.RecipientVerdict;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.Verdict;

class AutolearnSourceTest {
    MailAddress alice;
    MailAddress bob;
    FakeMail mail;

    @BeforeEach
    void setUp() throws Exception {
        alice = new MailAddress("alice@example.org");
        bob = new MailAddress("bob@example.org");
        mail = FakeMail.builder().name("m").recipients(alice, bob).build();
    }

    static AutolearnSource matcher(String condition) throws MessagingException {
        AutolearnSource matcher = new AutolearnSource();
        matcher.init(FakeMatcherConfig.builder().matcherName("AutolearnSource").condition(condition)
            .mailetContext(FakeMailContext.defaultContext()).build());
        return matcher;
    }

    void dspamSays(MailAddress recipient, Verdict verdict) {
        DspamResultAttribute.defaultName().write(mail, recipient, RecipientVerdict.classified(DspamResult.builder()
            .user(DspamUser.of(recipient.asString())).verdict(verdict).confidence(0.9).build()));
    }

    void spamAssassinSays(MailAddress recipient, String status) {
        mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder()
            .name("org.apache.james.spamassassin.status").value(status).build(), recipient);
    }

    @Test
    void theMatcherInfoNamesThePolicyAndIsBuiltOnceNotPerMail() throws Exception {
        AutolearnSource matcher = matcher("spamassassin");

        assertThat(matcher.getMatcherInfo()).startsWith("Matches recipients whose DSPAM verdict is contradicted by ")
            .contains("spamassassin").isSameAs(matcher.getMatcherInfo());
    }

    @Test
    void matchesRecipientsWhoseVerdictSpamAssassinContradicts() throws Exception {
        dspamSays(alice, Verdict.INNOCENT);
        dspamSays(bob, Verdict.INNOCENT);
        spamAssassinSays(alice, "Yes, hits=12.0 required=5.0");
        spamAssassinSays(bob, "Yes, hits=11.9 required=5.0");

        assertThat(matcher("spamassassin").match(mail)).containsExactly(alice);
    }

    @Test
    void hamBelowTheLearnHamThreshold() throws Exception {
        dspamSays(alice, Verdict.SPAM);
        dspamSays(bob, Verdict.SPAM);
        spamAssassinSays(alice, "No, hits=0.1 required=5.0");
        spamAssassinSays(bob, "No, hits=0.2 required=5.0");

        assertThat(matcher("spamassassin").match(mail)).containsExactly(alice);
    }

    @Test
    void thresholdsAreOptions() throws Exception {
        dspamSays(alice, Verdict.INNOCENT);
        spamAssassinSays(alice, "Yes, hits=9.0 required=5.0");

        assertThat(matcher("spamassassin,learnSpam=9").match(mail)).containsExactly(alice);
        assertThat(matcher("spamassassin").match(mail)).isEmpty();
    }

    @Test
    void agreementDoesNotMatch() throws Exception {
        dspamSays(alice, Verdict.SPAM);
        spamAssassinSays(alice, "Yes, hits=30.0 required=5.0");

        assertThat(matcher("any").match(mail)).isEmpty();
    }

    @Test
    void alreadyTrainedRecipientsDoNotMatch() throws Exception {
        dspamSays(alice, Verdict.INNOCENT);
        spamAssassinSays(alice, "Yes, hits=30.0 required=5.0");
        DspamTrainingAttribute.defaultName().record(mail, alice, TrainingClass.SPAM);

        assertThat(matcher("spamassassin").match(mail)).isEmpty();
    }

    @Test
    void reputationSourcesOnlyWhenNamed() throws Exception {
        dspamSays(alice, Verdict.INNOCENT);
        mail.setAttribute(new Attribute(AttributeName.of("org.apache.james.smtpserver.rbl.blocklisted"), AttributeValue.of(true)));

        assertThat(matcher("spamassassin").match(mail)).isEmpty();
        assertThat(matcher("dnsrbl").match(mail)).containsExactly(alice);
        assertThat(matcher("any").match(mail)).containsExactly(alice);
    }

    @Test
    void withoutADspamVerdictNothingMatches() throws Exception {
        spamAssassinSays(alice, "Yes, hits=30.0 required=5.0");

        assertThat(matcher("spamassassin").match(mail)).isEmpty();
    }

    @Test
    void aSourceIsRequired() {
        assertThatThrownBy(() -> matcher("")).isInstanceOf(MessagingException.class);
        assertThatThrownBy(() -> matcher("karma")).isInstanceOf(MessagingException.class).hasMessageContaining("karma");
        assertThatThrownBy(() -> matcher("spamassassin,learnSpam=high")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("learnspam");
        assertThatThrownBy(() -> matcher("spamassassin,learnSpam=0,learnHam=1")).isInstanceOf(MessagingException.class);
    }
}

package io.jamesdspam.autolearn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.PerRecipientHeaders;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.Verdict;

class AutolearnPolicyTest {
    final SpamAssassinSource spamAssassin = SpamAssassinSource.withDefaults();

    static DspamResult dspam(Verdict verdict) {
        return DspamResult.builder().user(DspamUser.of("alice@example.org")).verdict(verdict).confidence(0.9).build();
    }

    @Test
    void parsesListsAndAny() {
        assertThat(AutolearnPolicy.parse("any", spamAssassin).sourceNames()).containsExactly("dnsrbl", "spf", "spamassassin");
        assertThat(AutolearnPolicy.parse("spamassassin, dnsrbl", spamAssassin).sourceNames()).containsExactly("dnsrbl", "spamassassin");
        assertThat(AutolearnPolicy.parse("none", spamAssassin).isEnabled()).isFalse();
        assertThat(AutolearnPolicy.parse("", spamAssassin).isEnabled()).isFalse();
    }

    @Test
    void refusesUnknownSources() {
        assertThatThrownBy(() -> AutolearnPolicy.parse("spamassassin,naughty", spamAssassin))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("naughty");
    }

    @Test
    void theFirstDisagreeingSourceDecidesAndAgreeingOnesHandOver() throws Exception {
        MailAddress alice = new MailAddress("alice@example.org");
        FakeMail mail = FakeMail.builder().name("m").recipient(alice).build();
        mail.setAttribute(new Attribute(AttributeName.of("org.apache.james.transport.mailets.spf.result"), AttributeValue.of("fail")));
        mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder().name(SpamAssassinStatus.STATUS_NAME)
            .value("No, hits=-2.0 required=5.0").build(), alice);
        AutolearnPolicy any = AutolearnPolicy.parse("any", spamAssassin);

        assertThat(any.correction(mail, alice, dspam(Verdict.INNOCENT)).orElseThrow().source()).isEqualTo("spf");
        AutolearnPolicy.Correction forSpam = any.correction(mail, alice, dspam(Verdict.SPAM)).orElseThrow();
        assertThat(forSpam.source()).isEqualTo("spamassassin");
        assertThat(forSpam.trainingClass()).isEqualTo(TrainingClass.INNOCENT);
    }

    @Test
    void spamAssassinHasNoOpinionBetweenItsThresholds() throws Exception {
        MailAddress alice = new MailAddress("alice@example.org");
        FakeMail mail = FakeMail.builder().name("m").recipient(alice).build();
        mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder().name(SpamAssassinStatus.STATUS_NAME)
            .value("Yes, hits=6.0 required=5.0").build(), alice);

        assertThat(spamAssassin.opinion(mail, alice)).isEmpty();
    }

    @Test
    void thresholdsMustBeOrdered() {
        assertThatThrownBy(() -> new SpamAssassinSource(1.0, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spfHandlerHeaderCounts() throws Exception {
        MailAddress alice = new MailAddress("alice@example.org");
        FakeMail mail = FakeMail.builder().name("m").recipient(alice).build();
        mail.setAttribute(new Attribute(SpfSource.SPF_HANDLER_HEADER, AttributeValue.of("fail (spfCheck: domain of x designates y)")));

        assertThat(new SpfSource().opinion(mail, alice)).contains(TrainingClass.SPAM);
        mail.setAttribute(new Attribute(SpfSource.SPF_HANDLER_HEADER, AttributeValue.of("softfail (spfCheck)")));
        assertThat(new SpfSource().opinion(mail, alice)).isEmpty();
    }
}

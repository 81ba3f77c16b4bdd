package io.jamesdspam.mailet.readiness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.attribute.DspamResultAttribute;
import io.jamesdspam.attribute.RecipientVerdict;
import io.jamesdspam.mailet.testing.NoStatisticsBackend;
import io.jamesdspam.mailet.testing.RecordingDspamBackend;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Verdict;

class IsReadyDspamSpamTest {
    private final RecordingDspamBackend backend = new RecordingDspamBackend();
    private MailAddress veteran;
    private MailAddress newcomer;
    private FakeMail mail;

    @BeforeEach
    void setUp() throws Exception {
        veteran = new MailAddress("veteran@example.org");
        newcomer = new MailAddress("newcomer@example.org");
        mail = FakeMail.builder().name("m").recipients(veteran, newcomer).build();
        for (MailAddress recipient : new MailAddress[] {veteran, newcomer}) {
            DspamResultAttribute.defaultName().write(mail, recipient, RecipientVerdict.classified(DspamResult.builder()
                .user(DspamUser.of(recipient.asString())).verdict(Verdict.SPAM).probability(1.0).confidence(0.99).build()));
        }
        backend.setTotals(DspamUser.of("veteran@example.org"), new DspamTotals(150, 400, 0, 0, 0, 0, 0, 0));
        backend.setTotals(DspamUser.of("newcomer@example.org"), new DspamTotals(3, 20, 0, 0, 0, 0, 0, 0));
    }

    private IsReadyDspamSpam matcher(DspamBackend dspamBackend, String condition) throws MessagingException {
        IsReadyDspamSpam matcher = new IsReadyDspamSpam(new LearnedMessagesReadiness(dspamBackend), DspamUserMapping.recipient());
        matcher.init(FakeMatcherConfig.builder().matcherName("IsReadyDspamSpam").condition(condition)
            .mailetContext(FakeMailContext.defaultContext()).build());
        return matcher;
    }

    @Test
    void aUserWhoseDictionaryIsNotReadyIsOnlyTagged() throws Exception {
        assertThat(matcher(backend, null).match(mail)).containsExactly(veteran);
    }

    @Test
    void minimumsComeFromTheConditionBesideIsDspamSpamsOwnWords() throws Exception {
        assertThat(matcher(backend, "0.9,minSpam=3,minInnocent=20").match(mail)).containsExactlyInAnyOrder(veteran, newcomer);
        assertThat(matcher(backend, "0.995,minSpam=0").match(mail)).isEmpty();
    }

    @Test
    void badMinimumIsRefused() {
        assertThatThrownBy(() -> matcher(backend, "minSpam=lots")).isInstanceOf(MessagingException.class)
            .hasMessageContaining("'minSpam=lots' must be a non-negative whole number");
    }

    @Test
    void theMatcherInfoAddsTheReadinessToIsDspamSpamsAndIsBuiltOnce() throws Exception {
        IsReadyDspamSpam matcher = matcher(backend, "0.9,minSpam=3");

        assertThat(matcher.getMatcherInfo())
            .isEqualTo("Matches recipients DSPAM classified as spam (confidence >= 0.90), only for users whose dictionary is ready")
            .isSameAs(matcher.getMatcherInfo());
    }

    @Test
    void backendWithoutStatisticsIsTakenAsReady() throws Exception {
        assertThat(matcher(new NoStatisticsBackend(), null).match(mail)).containsExactlyInAnyOrder(veteran, newcomer);
    }
}

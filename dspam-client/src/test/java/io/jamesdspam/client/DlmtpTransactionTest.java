package io.jamesdspam.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jamesdspam.model.DspamFeature;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;

class DlmtpTransactionTest {
    private static final List<DspamUser> BOB = List.of(DspamUser.of("bob"));
    private static final byte[] MESSAGE = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void optionStringsOfTheBackendRequestsMatchPROTOCOL5_3() {
        assertThat(DlmtpTransaction.of(DspamRequest.classify(BOB, MESSAGE)).optionValue()).isEqualTo("--classify --deliver=summary");
        assertThat(DlmtpTransaction.of(DspamRequest.process(BOB, MESSAGE)).optionValue()).isEqualTo("--process --deliver=summary");
        assertThat(DlmtpTransaction.of(DspamRequest.retrain(BOB, TrainingClass.INNOCENT, Signature.of("6b0616"))).optionValue())
            .isEqualTo("--source=error --class=innocent --signature=6b0616 --deliver=summary");
        assertThat(DlmtpTransaction.of(DspamRequest.train(BOB, TrainingClass.SPAM, TrainingSource.CORPUS, MESSAGE)).optionValue())
            .isEqualTo("--source=corpus --class=spam --deliver=summary");
        assertThat(DlmtpTransaction.of(DspamRequest.unlearn(BOB, TrainingClass.SPAM, TrainingSource.CORPUS, MESSAGE)).optionValue())
            .isEqualTo("--source=corpus --class=spam --mode=unlearn --deliver=summary");
        assertThat(DlmtpTransaction.of(DspamRequest.process(BOB, MESSAGE).withMode(TrainingMode.TOE)
            .withFeatures(List.of(DspamFeature.NOISE_REDUCTION, DspamFeature.trainingBuffer(5)))).optionValue())
            .isEqualTo("--process --mode=toe --feature=no,tb=5 --deliver=summary");
        assertThat(DlmtpTransaction.returningMessage(DspamRequest.process(BOB, MESSAGE)).optionValue())
            .isEqualTo("--process --deliver=innocent,spam --stdout");
    }

    @Test
    void whatMayLearn() {
        assertThat(DlmtpTransaction.of(DspamRequest.classify(BOB, MESSAGE)).mayLearn()).isFalse();
        assertThat(DlmtpTransaction.of(DspamRequest.process(BOB, MESSAGE)).mayLearn()).isTrue();
        assertThat(DlmtpTransaction.of(List.of(), BOB, MESSAGE).mayLearn()).as("no options = --process").isTrue();
    }

    @Test
    void signatureRetrainSendsADummyMessage() {
        DlmtpTransaction transaction = DlmtpTransaction.of(DspamRequest.retrain(BOB, TrainingClass.SPAM, Signature.of("abc")));

        assertThat(new String(transaction.message(), StandardCharsets.US_ASCII)).isEqualTo("X-Retrain: by-signature\r\n\r\nx\r\n");
    }

    @Test
    void resultStyles() {
        assertThat(DlmtpTransaction.of(List.of("--classify"), BOB, MESSAGE).resultStyle()).isEqualTo(ResultStyle.SUMMARY);
        assertThat(DlmtpTransaction.of(List.of("--deliver=stdout"), BOB, MESSAGE).resultStyle()).isEqualTo(ResultStyle.MESSAGE);
        assertThat(DlmtpTransaction.of(List.of("--process", "--deliver=innocent,spam"), BOB, MESSAGE).resultStyle())
            .isEqualTo(ResultStyle.LMTP_REPLIES);
    }

    @Test
    void refusals() {
        assertThatThrownBy(() -> DlmtpTransaction.of(List.of("--process", "--stdout"), BOB, MESSAGE))
            .hasMessageContaining("--deliver=innocent,spam");
        assertThatThrownBy(() -> DlmtpTransaction.of(List.of("--process", "--deliver=summary,spam,innocent", "--stdout"), BOB, MESSAGE))
            .hasMessageContaining("one or the other");
        assertThatThrownBy(() -> DlmtpTransaction.of(List.of("--classify", "--classify"), BOB, MESSAGE))
            .hasMessageContaining("twice");
        assertThatThrownBy(() -> DlmtpTransaction.of(List.of("--classify", "--process"), BOB, MESSAGE))
            .hasMessageContaining("exclude");
        assertThatThrownBy(() -> DlmtpTransaction.of(List.of("--classify"), BOB, new byte[0]))
            .hasMessageContaining("empty");
        assertThatThrownBy(() -> DlmtpTransaction.of(List.of("--classify", "--deliver=summary,bogus"), BOB, MESSAGE))
            .hasMessageContaining("bogus");
        assertThatThrownBy(() -> DlmtpTransaction.of(List.of("--classify", "--feature=" + "a".repeat(17)), BOB, MESSAGE))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DlmtpTransaction.returningMessage(DspamRequest.process(
            List.of(DspamUser.of("bob"), DspamUser.of("alice")), MESSAGE))).hasMessageContaining("one user");
    }

    @Test
    void theDspamprocessmodeValueMayNotExceed255Bytes() {
        String longSignature = "a".repeat(Signature.MAX_LENGTH);
        String features = "--feature=" + String.join(",", java.util.Collections.nCopies(30, "wh"));
        assertThatThrownBy(() -> DlmtpTransaction.of(List.of("--source=error", "--class=spam", "--signature=" + longSignature,
            features, "--deliver=summary"), BOB, MESSAGE))
            .hasMessageContaining("255");
    }

    @Test
    void dotStuffingAndTerminator() {
        assertThat(encode("a\r\n.b\r\n..\r\n.\r\nend")).isEqualTo("a\r\n..b\r\n...\r\n..\r\nend\r\n.\r\n");
        assertThat(encode(".first\nsecond\n")).isEqualTo("..first\nsecond\n.\r\n");
        assertThat(encode("x.\r\n")).isEqualTo("x.\r\n.\r\n");
    }

    private static String encode(String message) {
        return new String(MessageEncoder.encode(message.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
    }
}

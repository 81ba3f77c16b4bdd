package io.jamesdspam.mailet.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.mailet.testing.RecordingDspamBackend;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;

class SignatureOrMessageTest {
    static final DspamUser ALICE = DspamUser.of("alice@example.org");
    static final String SIGNATURE = "4b11c532158749980119923";
    static final byte[] MESSAGE = ("Subject: cheap watches\r\nX-DSPAM-Result: Innocent\r\n"
        + "X-DSPAM-Signature: " + SIGNATURE + "\r\n\r\nBuy cheap watches today\r\n").getBytes(StandardCharsets.US_ASCII);

    RecordingDspamBackend backend = new RecordingDspamBackend();
    AtomicInteger messageReads = new AtomicInteger();

    Optional<byte[]> readMessage() {
        messageReads.incrementAndGet();
        return Optional.of(MESSAGE);
    }

    @Test
    void aKnownSignatureIsRetrainedAndTheMessageIsNeverRead() {
        backend.knowSignature(SIGNATURE);

        Optional<TrainingRecord.Method> method = SignatureOrMessage.learn(backend::execute, ALICE, TrainingClass.SPAM,
            Optional.of(Signature.of(SIGNATURE)), this::readMessage);

        assertThat(method).contains(TrainingRecord.Method.SIGNATURE);
        assertThat(backend.describedRequests()).containsExactly("RETRAIN spam alice@example.org " + SIGNATURE);
        assertThat(messageReads).hasValue(0);
    }

    @Test
    void aSignatureDspamNoLongerKnowsTrainsTheWholeMessageWithoutDspamHeaders() {
        Optional<TrainingRecord.Method> method = SignatureOrMessage.learn(backend::execute, ALICE, TrainingClass.SPAM,
            Optional.of(Signature.of(SIGNATURE)), this::readMessage);

        assertThat(method).contains(TrainingRecord.Method.MESSAGE);
        assertThat(backend.describedRequests()).containsExactly(
            "RETRAIN spam alice@example.org " + SIGNATURE, "TRAIN spam alice@example.org corpus");
        DspamRequest training = backend.requests().get(1);
        assertThat(training.source()).contains(TrainingSource.CORPUS);
        assertThat(new String(training.message(), StandardCharsets.US_ASCII))
            .contains("Buy cheap watches today").doesNotContain("X-DSPAM-");
    }

    @Test
    void withoutSignatureTheWholeMessageIsTrained() {
        Optional<TrainingRecord.Method> method = SignatureOrMessage.learn(backend::execute, ALICE, TrainingClass.INNOCENT,
            Optional.empty(), this::readMessage);

        assertThat(method).contains(TrainingRecord.Method.MESSAGE);
        assertThat(backend.describedRequests()).containsExactly("TRAIN innocent alice@example.org corpus");
    }

    @Test
    void anUnknownSignatureAndAnUnreadableMessageLearnNothing() {
        Optional<TrainingRecord.Method> method = SignatureOrMessage.learn(backend::execute, ALICE, TrainingClass.SPAM,
            Optional.of(Signature.of(SIGNATURE)), Optional::empty);

        assertThat(method).isEmpty();
        assertThat(backend.describedRequests()).containsExactly("RETRAIN spam alice@example.org " + SIGNATURE);
    }

    @Test
    void aBackendFailureIsThrown() {
        backend.failNext(1);

        assertThatThrownBy(() -> SignatureOrMessage.learn(backend::execute, ALICE, TrainingClass.SPAM,
            Optional.empty(), this::readMessage)).isInstanceOf(DspamException.class);
    }
}

package io.jamesdspam.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.testing.SampleMessages;

/** Whatever the bytes, the engine answers with an outcome; nothing escapes as an exception. */
class BadInputTest {
    private static final DspamUser BOB = DspamUser.of("bob");

    private final InMemoryDspamStore store = new InMemoryDspamStore();
    private final EmbeddedDspam engine = EmbeddedDspam.create(
        EngineSettings.defaults().toBuilder().trainingMode(TrainingMode.TEFT).build(), store);

    private UserOutcome process(byte[] message) {
        return engine.execute(DspamRequest.process(List.of(BOB), message)).outcomes().get(0);
    }

    @Test
    void aMessageOverTheDictionLimitIsNeitherClassifiedNorLearned() {
        StringBuilder body = new StringBuilder("From: x@y.z\nSubject: many words\n\n");
        for (int i = 0; i < 300_000; i++) {
            body.append('w').append(Integer.toString(i, 36)).append(i % 12 == 11 ? '\n' : ' ');
        }
        byte[] message = body.toString().getBytes(StandardCharsets.US_ASCII);

        UserOutcome outcome = engine.execute(DspamRequest.train(List.of(BOB), TrainingClass.SPAM, TrainingSource.CORPUS,
            message)).outcomes().get(0);

        assertThat(outcome.isClassified()).isFalse();
        assertThat(outcome.reason().orElseThrow()).contains("nothing learned");
        assertThat(store.totals(BOB)).isEqualTo(DspamTotals.EMPTY);
    }

    @Test
    void emptyMessageHasNoTokensAndChangesNothing() {
        UserOutcome outcome = process(new byte[0]);
        assertThat(outcome.isClassified()).isFalse();
        assertThat(outcome.reason()).hasValue("the message has no tokens");
        assertThat(store.totals(BOB)).isEqualTo(DspamTotals.EMPTY);
    }

    @Test
    void blankAndNulOnlyMessagesGiveAClearOutcome() {
        for (byte[] message : new byte[][] {"\n\n\n".getBytes(StandardCharsets.US_ASCII), new byte[1000]}) {
            UserOutcome outcome = process(message);
            assertThat(outcome.isClassified() || outcome.reason().isPresent()).isTrue();
        }
    }

    @Test
    void nulBytesInvalidBase64AndBrokenMimeAreClassified() {
        byte[] nul = "From: x@y.z\nSubject: a\u0000b\n\nhello\u0000world money\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] badBase64 = ("From: x@y.z\nSubject: b64\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
            + "!!!*** not base64 at all ===\n").getBytes(StandardCharsets.ISO_8859_1);
        for (byte[] message : new byte[][] {nul, badBase64, SampleMessages.BROKEN_MIME.bytes()}) {
            assertThat(process(message).isClassified()).isTrue();
        }
    }

    @Test
    void everySampleMessageIsClassifiedWithCrlfOrLf() {
        for (SampleMessages sample : SampleMessages.all()) {
            assertThat(process(sample.bytes()).isClassified()).as(sample.name()).isTrue();
            assertThat(process(sample.crlfBytes()).isClassified()).as(sample.name()).isTrue();
        }
    }

    @Test
    void twentyMegabyteMessageIsTrainedWholeOrNotAtAll() {
        byte[] header = "From: big@example.org\nSubject: huge\n\n".getBytes(StandardCharsets.US_ASCII);
        byte[] message = Arrays.copyOf(header, 20 * 1024 * 1024);
        byte[] line = "lorem ipsum dolor sit amet consectetur adipiscing elit 0123456789\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = header.length; i < message.length; i++) {
            message[i] = line[(i - header.length) % line.length];
        }
        UserOutcome outcome = engine.execute(DspamRequest.train(List.of(BOB), TrainingClass.SPAM, TrainingSource.CORPUS,
            message)).outcomes().get(0);
        assertThat(outcome.isClassified()).isTrue();
        assertThat(store.totals(BOB).spamLearned()).isEqualTo(1);
    }
}

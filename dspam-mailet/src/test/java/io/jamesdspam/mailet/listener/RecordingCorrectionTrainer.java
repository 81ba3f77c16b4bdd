package io.jamesdspam.mailet.listener;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;

/**
 * The corrector the retrain listener tests hand it: records what each correction did and on which
 * thread, so that a test can await corrections that did not call DSPAM too. Also the messages those
 * tests move, as the Dspam mailet stores them.
 */
final class RecordingCorrectionTrainer extends CorrectionTrainer {
    static final byte[] DELIVERED_INNOCENT = message(
        "X-DSPAM-Result: Innocent, probability=0.0000, confidence=0.99\r\nX-DSPAM-Signature: sig1\r\n");
    static final byte[] DELIVERED_SPAM = message(
        "X-DSPAM-Result: Spam, probability=1.0000, confidence=0.99\r\nX-DSPAM-Signature: sig1\r\n");

    final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    RecordingCorrectionTrainer(DspamBackend backend, TrainingLedger ledger) {
        super(backend, ledger);
    }

    /** A short message to bob with {@code headers} (CRLF-terminated lines) among its own. */
    static byte[] message(String headers) {
        return ("From: alice@example.com\r\nTo: bob@example.org\r\nSubject: hello\r\n" + headers
            + "\r\nSome body text.\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Outcome correct(DspamUser user, String messageKey, byte[] message, TrainingClass trueClass,
                           Optional<String> operation) {
        Outcome outcome = super.correct(user, messageKey, message, trueClass, operation);
        threads.add(Thread.currentThread().getName());
        outcomes.add(outcome);
        return outcome;
    }
}

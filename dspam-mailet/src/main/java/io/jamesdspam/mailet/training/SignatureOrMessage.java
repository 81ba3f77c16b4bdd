package io.jamesdspam.mailet.training;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;

/**
 * The one rule for teaching DSPAM the true class of a message it may have classified: by its
 * signature ({@code --source=error}) while DSPAM still knows that signature, else the whole
 * message, its {@code X-DSPAM-*} headers stripped, as a corpus message.
 *
 * <p>Shared by the mailets ({@link MailTrainer}) and by the listener and the tasks
 * ({@link CorrectionTrainer}), so that whatever either records as trained was learned: a
 * signature DSPAM has purged or never issued teaches nothing, and is never recorded as if it had.
 */
public final class SignatureOrMessage {
    private static final Logger LOGGER = LoggerFactory.getLogger(SignatureOrMessage.class);

    private SignatureOrMessage() {
    }

    /**
     * Learns the message as {@code trueClass} for {@code user}.
     *
     * @param backend   the backend call (a plain or a time-bound backend)
     * @param message   the raw message, asked for only when the signature does not do; empty when
     *                  it cannot be read
     * @return how it was learned, or empty when nothing was: no signature DSPAM knows and no
     *         readable message
     * @throws io.jamesdspam.api.DspamException when the backend fails: nothing may be recorded then
     */
    public static Optional<TrainingRecord.Method> learn(Function<DspamRequest, DspamResponse> backend, DspamUser user,
                                                        TrainingClass trueClass, Optional<Signature> signature,
                                                        Supplier<Optional<byte[]>> message) {
        if (signature.isPresent()) {
            DspamResponse response = backend.apply(DspamRequest.retrain(List.of(user), trueClass, signature.get()));
            // Already applied: a named training DSPAM learned by this signature before (and keeps the key of)
            if (response.outcomeFor(user).map(outcome -> outcome.isClassified() || outcome.isAlreadyApplied()).orElse(false)) {
                return Optional.of(TrainingRecord.Method.SIGNATURE);
            }
            LOGGER.info("DSPAM no longer knows signature {} of user {} ({}); training the message itself",
                signature.get(), user, response.outcomeFor(user).flatMap(outcome -> outcome.reason()).orElse("no outcome"));
        }
        Optional<byte[]> raw = message.get();
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        backend.apply(DspamRequest.train(List.of(user), trueClass, TrainingSource.CORPUS,
            DspamMessageHeaders.parse(raw.get()).withoutDspamHeaders()));
        return Optional.of(TrainingRecord.Method.MESSAGE);
    }
}

package io.jamesdspam.mailet.training;

import java.util.List;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;

/**
 * Trains one uploaded message for one user (WebAdmin: one message, or each message of a corpus):
 * the message's inbound {@code X-DSPAM-*} headers are stripped first, so a forged signature or
 * result line in an upload never reaches DSPAM.
 */
public final class WholeMessageTraining {
    private WholeMessageTraining() {
    }

    /**
     * @return whether DSPAM learned it
     * @throws io.jamesdspam.api.DspamException when the backend fails
     */
    public static boolean train(DspamBackend backend, DspamUser user, TrainingClass trainingClass, TrainingSource source,
                                byte[] message) {
        return backend.execute(request(user, trainingClass, source, message))
            .outcomeFor(user)
            .map(UserOutcome::isClassified)
            .orElse(false);
    }

    /** The training of {@code message} for {@code user}, its inbound {@code X-DSPAM-*} headers stripped. */
    public static DspamRequest request(DspamUser user, TrainingClass trainingClass, TrainingSource source, byte[] message) {
        return DspamRequest.train(List.of(user), trainingClass, source, DspamMessageHeaders.parse(message).withoutDspamHeaders());
    }
}

package io.jamesdspam.engine.training;

import io.jamesdspam.engine.statistics.MessageToken;
import io.jamesdspam.engine.storage.ControlDelta;
import io.jamesdspam.engine.tokenize.Diction;
import io.jamesdspam.model.Verdict;

/**
 * DSPAM's SQL control token (docs/ENGINE-SPEC.md §3.2): a pseudo-token at 10/10 that receives the same
 * training rules as the message's tokens. It is met once in the full path and twice in signature
 * retraining (the signature carries it too), which only matters in occurrence mode.
 */
public final class ControlToken {
    private static final String NAME = "$$CONTROL$$";

    private ControlToken() {
    }

    /** The control token's change under the full-path rules of §6.3 for result {@code result}. */
    public static ControlDelta afterFullTraining(Verdict result, TrainingCall call) {
        MessageToken control = control(1);
        FullTraining.updateToken(control, result, call);
        return ControlDelta.fromControlHits(control.spamHits(), control.innocentHits());
    }

    /** The control token's change under the signature rules of §6.5. */
    public static ControlDelta afterSignatureTraining(TrainingCall call) {
        MessageToken control = control(2);
        SignatureTraining.updateToken(control, call);
        return ControlDelta.fromControlHits(control.spamHits(), control.innocentHits());
    }

    private static MessageToken control(int frequency) {
        Diction.Entry entry = Diction.ofExpectedSize(1).emit(ControlDelta.CONTROL_TOKEN_ID, NAME, Diction.TYPE_TOKEN);
        entry.setFrequency(frequency);
        return new MessageToken(entry, true, ControlDelta.START_HITS, ControlDelta.START_HITS);
    }
}

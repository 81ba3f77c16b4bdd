package io.jamesdspam.engine.training;

import io.jamesdspam.engine.statistics.MessageTokens;
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
        MessageTokens control = control(1);
        FullTraining.updateToken(control, 0, result, call);
        return ControlDelta.fromControlHits(control.spamHits(0), control.innocentHits(0));
    }

    /** The control token's change under the signature rules of §6.5. */
    public static ControlDelta afterSignatureTraining(TrainingCall call) {
        MessageTokens control = control(2);
        SignatureTraining.updateToken(control, 0, call);
        return ControlDelta.fromControlHits(control.spamHits(0), control.innocentHits(0));
    }

    /** The control token alone, as token 0. */
    private static MessageTokens control(int frequency) {
        Diction diction = Diction.ofExpectedSize(1);
        Diction.Entry entry = diction.emit(ControlDelta.CONTROL_TOKEN_ID, NAME, Diction.TYPE_TOKEN);
        entry.setFrequency(frequency);
        MessageTokens control = new MessageTokens(diction);
        control.add(entry, true, ControlDelta.START_HITS, ControlDelta.START_HITS);
        return control;
    }
}

package io.jamesdspam.engine;

import java.util.Optional;

import io.jamesdspam.engine.decision.Decision;
import io.jamesdspam.engine.tokenize.TokenizedMessage;
import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.Verdict;

/**
 * Where an explain call leaves the scoring of its message: the processor fills it at the point
 * where the verdict is known and stops there, before any training or write.
 */
final class ExplanationCapture {
    private DspamTotals totals;
    private Decision decision;
    private Verdict verdict;
    private DspamClass dspamClass;
    private TokenizedMessage message;

    void scored(DspamTotals loaded, Decision decided, Verdict result, DspamClass resultClass, TokenizedMessage scored) {
        this.totals = loaded;
        this.decision = decided;
        this.verdict = result;
        this.dspamClass = resultClass;
        this.message = scored;
    }

    boolean isScored() {
        return decision != null;
    }

    DspamTotals totals() {
        return totals;
    }

    Decision decision() {
        return decision;
    }

    Verdict verdict() {
        return verdict;
    }

    DspamClass dspamClass() {
        return dspamClass;
    }

    /** The tokenized message, when the tokens came from one (a message, an SBPH signature's text). */
    Optional<TokenizedMessage> message() {
        return Optional.ofNullable(message);
    }
}

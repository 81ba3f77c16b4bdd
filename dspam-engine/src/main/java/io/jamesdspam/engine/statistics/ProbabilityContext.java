package io.jamesdspam.engine.statistics;

import java.util.Optional;

import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.TrainingClass;

/**
 * What one message's per-token probabilities depend on besides the token's own hits
 * (docs/ENGINE-SPEC.md §3.3): the user's totals as loaded, the innocent bias, the training buffer, the
 * TUM cap, the PValue rule, the given classification and the BNR totals token.
 */
public final class ProbabilityContext {
    private final DspamTotals totals;
    private final boolean bias;
    private final int trainingBuffer;
    private final boolean tum;
    private final PValue pValue;
    private final Optional<TrainingClass> classification;
    /** §3.3(a) for ordinary tokens and for patterns: the same for every token of the message, so computed once. */
    private final int tokenMinimumHits;
    private final int patternMinimumHits;
    private long bnrSpamTotal;
    private long bnrInnocentTotal;

    public ProbabilityContext(DspamTotals totals, boolean bias, int trainingBuffer, boolean tum, PValue pValue,
                              Optional<TrainingClass> classification) {
        this.totals = totals;
        this.bias = bias;
        this.trainingBuffer = trainingBuffer;
        this.tum = tum;
        this.pValue = pValue;
        this.classification = classification;
        this.tokenMinimumHits = TokenProbability.minimumHits(this, false);
        this.patternMinimumHits = TokenProbability.minimumHits(this, true);
    }

    /** §3.3(a)'s minimum hits for a BNR pattern or for an ordinary token. */
    public int minimumHits(boolean bnrPattern) {
        return bnrPattern ? patternMinimumHits : tokenMinimumHits;
    }

    public DspamTotals totals() {
        return totals;
    }

    public boolean bias() {
        return bias;
    }

    public int trainingBuffer() {
        return trainingBuffer;
    }

    public boolean tum() {
        return tum;
    }

    public PValue pValue() {
        return pValue;
    }

    public Optional<TrainingClass> classification() {
        return classification;
    }

    /** Hits of the {@code bnr.t|} token: the denominators of BNR pattern probabilities. */
    public void bnrTotals(long spamHits, long innocentHits) {
        this.bnrSpamTotal = spamHits;
        this.bnrInnocentTotal = innocentHits;
    }

    public long bnrSpamTotal() {
        return bnrSpamTotal;
    }

    public long bnrInnocentTotal() {
        return bnrInnocentTotal;
    }
}

package io.jamesdspam.engine.statistics;

import io.jamesdspam.engine.tokenize.Diction;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.TrainingClass;

/**
 * One token's spam probability (docs/ENGINE-SPEC.md §3.3), in double precision and in DSPAM's order of
 * evaluation, including its quirks: BNR patterns take the sedation value as their minimum hits
 * (0 without a training buffer) and may come out NaN.
 */
public final class TokenProbability {
    private static final double CHI_S = 0.1;
    private static final double CHI_X = 0.5;
    private static final int MARKOV_C1 = 16;
    private static final int MARKOV_C2 = 1;

    private TokenProbability() {
    }

    /**
     * @param bnrPattern whether the token is a BNR pattern (type {@code 'B'} / named {@code bnr.})
     * @param name the token name (one char per byte), or null when unknown (Markov gives 0.5)
     */
    public static double of(ProbabilityContext context, boolean bnrPattern, String name, long spamHits, long innocentHits) {
        if (context.pValue() == PValue.MARKOV) {
            return markov(context, bnrPattern, name, spamHits, innocentHits);
        }
        DspamTotals totals = context.totals();
        long sl = totals.spamLearned();
        long il = totals.innocentLearned();
        long sh = spamHits;
        long ih = innocentHits;
        int minHits = context.minimumHits(bnrPattern);
        boolean bias = context.bias();

        double p = context.classification().orElse(null) == TrainingClass.SPAM ? 0.7 : 0.4;
        double m = bias ? 2 : 1;
        if (sl > 0 && il > 0) {
            if (bnrPattern) {
                double bs = context.bnrSpamTotal();
                double bi = context.bnrInnocentTotal();
                p = (sh / bs) / (sh / bs + ih / bi);
            } else {
                p = ((double) sh / sl) / ((double) sh / sl + (ih * m) / il);
            }
        }
        if (sh == 0 && ih > 0) {
            p = 0.01;
            if (sl > 0 && il > 0) {
                double value = (1.0 / sl) / (1.0 / sl + (ih * m) / il);
                if (value < 0.01) {
                    p = value;
                }
            }
        } else if (sh > 0 && ih == 0) {
            p = 0.99;
            if (sl > 0 && il > 0) {
                double value = ((double) sh / sl) / ((double) sh / sl + m / il);
                if (value > 0.99) {
                    p = value;
                }
            }
        }
        if ((bias && sh + 2 * ih < minHits) || (!bias && sh + ih < minHits)) {
            p = 0.4;
        }
        if (p < 0.0001) {
            p = 0.0001;
        }
        if (p > 0.9999) {
            p = 0.9999;
        }
        if (context.pValue() == PValue.ROBINSON && !bnrPattern) {
            long n = sh + ih;
            p = (CHI_S * CHI_X + n * p) / (CHI_S + n);
        }
        return p;
    }

    /** §3.3(a): 25 for BNR patterns, 5 otherwise, raised by statistical sedation, capped at 20 under TUM. */
    static int minimumHits(ProbabilityContext context, boolean bnrPattern) {
        DspamTotals totals = context.totals();
        int minHits = bnrPattern ? 25 : 5;
        int sed = 0;
        int tb = context.trainingBuffer();
        long ti = totals.innocentLearned() + totals.innocentClassified();
        long ts = totals.spamLearned() + totals.spamClassified();
        if (tb > 0) {
            if (ti < 1000 && ti < ts) {
                sed = (int) (minHits + tb / 2 + tb * ((ts - ti) / 200));
            }
            if (ti >= 1000 && ti < 2500 && ts > ti) {
                float spams = (float) ((double) ts / (double) (ts + ti) * 100.0);
                sed = (int) ((float) (minHits + tb / 2) + (float) tb * (spams / 20f));
            }
        }
        if (bnrPattern || sed > minHits) {
            minHits = sed;
        }
        if (context.tum() && minHits > 20) {
            minHits = 20;
        }
        return minHits;
    }

    private static double markov(ProbabilityContext context, boolean bnrPattern, String name, long sh, long ih) {
        if (name == null || bnrPattern || name.startsWith(Diction.PATTERN_NAME_PREFIX) || name.startsWith("E: ")
            || name.startsWith("From*") || name.startsWith("$$CONTROL$$")) {
            return 0.5;
        }
        long w = TokenComplexity.markovWeight(name);
        double p;
        if (context.bias()) {
            p = 0.49 + (double) (w * (sh - 2 * ih)) / (double) (MARKOV_C1 * (sh + 2 * ih + MARKOV_C2) * 256);
        } else {
            p = 0.5 + (double) (w * (sh - ih)) / (double) (MARKOV_C1 * (sh + ih + MARKOV_C2) * 256);
        }
        if (p < 0.0001) {
            p = 0.0001;
        }
        if (p > 0.9999) {
            p = 0.9999;
        }
        return p;
    }
}

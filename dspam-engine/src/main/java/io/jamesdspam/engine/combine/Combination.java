package io.jamesdspam.engine.combine;

import java.util.List;

import io.jamesdspam.engine.statistics.MessageToken;
import io.jamesdspam.engine.statistics.MessageTokens;
import io.jamesdspam.engine.statistics.PValue;
import io.jamesdspam.engine.statistics.SignificantTokens;

/**
 * The combination rules of docs/ENGINE-SPEC.md §4.1–§4.5 with DSPAM's numeric types: Graham, Robinson
 * and naive accumulate in float32, Burton and chi-square in double. Each takes the heap's tokens
 * most significant first, with their probabilities already forced when a class is given.
 */
public final class Combination {
    static final int GRAHAM_WINDOW = 15;
    static final int BURTON_WINDOW = 27;
    static final int ROBINSON_WINDOW = 25;
    private static final double ROB_S = 0.010;
    private static final double ROB_X = 0.500;
    private static final double CHI_S = 0.1;
    private static final double CHI_X = 0.5;
    private static final double CHI_EXCR = 0.45;
    private static final double LN2 = Math.log(2);

    private Combination() {
    }

    /**
     * One heap item as the combination sees it: probability (possibly forced), frequency, and the
     * token it came from (named in recorded factors; null where nothing is recorded).
     */
    public static final class Factor {
        private final double probability;
        private final int frequency;
        private final MessageToken token;

        public Factor(double probability, int frequency) {
            this(probability, frequency, null);
        }

        public Factor(double probability, int frequency, MessageToken token) {
            this.probability = probability;
            this.frequency = frequency;
            this.token = token;
        }

        public double probability() {
            return probability;
        }

        public int frequency() {
            return frequency;
        }

        static Factor of(SignificantTokens.Item item) {
            return new Factor(item.probability(), item.frequency(), item.token());
        }

        private void recordIn(FactorLog log) {
            if (log != null) {
                log.record(token, probability);
            }
        }
    }

    /** §4.1: the first 15 factors, products held in float32. */
    public static float graham(List<Factor> heap) {
        return graham(heap, null);
    }

    /** {@link #graham(List)}, recording each factor used in {@code log} (null: none). */
    public static float graham(List<Factor> heap, FactorLog log) {
        float top = 1f;
        float bot = 1f;
        int used = 0;
        for (Factor factor : heap) {
            if (used == GRAHAM_WINDOW) {
                break;
            }
            double p = factor.probability();
            if (used == 0) {
                top = (float) p;
                bot = (float) (1 - p);
            } else {
                top = (float) (top * p);
                bot = (float) (bot * (1 - p));
            }
            factor.recordIn(log);
            used++;
        }
        return top / (top + bot);
    }

    /** §4.2: up to 27 factors in double, repeated tokens counted twice. */
    public static double burton(List<Factor> heap) {
        return burton(heap, null);
    }

    /** {@link #burton(List)}, recording each multiplication (twice for a repeated token) in {@code log}. */
    public static double burton(List<Factor> heap, FactorLog log) {
        double top = 1;
        double bot = 1;
        int used = 0;
        for (Factor factor : heap) {
            if (used >= BURTON_WINDOW) {
                break;
            }
            double p = factor.probability();
            top *= p;
            bot *= 1 - p;
            factor.recordIn(log);
            used++;
            if (used < BURTON_WINDOW && factor.frequency() > 1) {
                top *= p;
                bot *= 1 - p;
                factor.recordIn(log);
                used++;
            }
        }
        return top / (top + bot);
    }

    /** §4.3: Robinson's geometric mean over the heap, the source of the confidence. */
    public static float robinson(List<Factor> heap) {
        return robinson(heap, null);
    }

    /**
     * {@link #robinson(List)}, recording in {@code log} every item it walks: twice when counted
     * twice, once when the 0.3–0.7 filter skips it (DSPAM lists those too).
     */
    public static float robinson(List<Factor> heap, FactorLog log) {
        int n = Math.min(heap.size(), ROBINSON_WINDOW);
        int used = 0;
        float top = 1f;
        float bot = 1f;
        for (Factor factor : heap) {
            if (used >= ROBINSON_WINDOW) {
                break;
            }
            float q = (float) ((ROB_S * ROB_X + n * factor.probability()) / (ROB_S + n));
            factor.recordIn(log);
            if (q < 0.3 || q > 0.7) {
                top *= q;
                bot *= 1 - q;
                used++;
                if (used < ROBINSON_WINDOW && factor.frequency() > 1) {
                    top *= q;
                    bot *= 1 - q;
                    factor.recordIn(log);
                    used++;
                }
            }
        }
        if (used == 0) {
            return 0f;
        }
        double pp = 1 - Math.pow(bot, 1.0 / used);
        double qq = 1 - Math.pow(top, 1.0 / used);
        return (float) (((pp - qq) / (pp + qq) + 1) / 2);
    }

    /**
     * §4.4: Fisher–Robinson inverse chi-square over the whole diction (every ordinary entry, in
     * diction order, whatever its frequency).
     */
    public static float chiSquare(MessageTokens diction, PValue pValue, double forced) {
        return chiSquare(diction, pValue, forced, null);
    }

    /** {@link #chiSquare(MessageTokens, PValue, double)}, recording each counted token with its p (not fw). */
    public static float chiSquare(MessageTokens diction, PValue pValue, double forced, FactorLog log) {
        double s = 1;
        double h = 1;
        int sx = 0;
        int hx = 0;
        int used = 0;
        for (int token : diction.inDictionOrder()) {
            if (diction.isPattern(token)) {
                continue;
            }
            double p = Double.isNaN(forced) ? diction.probability(token) : forced;
            double fw;
            if (pValue == PValue.ROBINSON) {
                fw = p;
            } else {
                long n = diction.spamHits(token) + diction.innocentHits(token);
                fw = (CHI_S * CHI_X + n * p) / (CHI_S + n);
            }
            if (Math.abs(0.5 - fw) > CHI_EXCR) {
                s *= 1 - fw;
                h *= fw;
                if (log != null) {
                    log.record(diction.token(token), p);
                }
                used++;
                if (s < 1e-200) {
                    int e = Math.getExponent(s) + 1;
                    s = s / Math.scalb(1.0, e);
                    sx += e;
                }
                if (h < 1e-200) {
                    int e = Math.getExponent(h) + 1;
                    h = h / Math.scalb(1.0, e);
                    hx += e;
                }
            }
        }
        if (used == 0) {
            return (float) (0.5010 - 0.1);
        }
        double ls = Math.log(s) + sx * LN2;
        double lh = Math.log(h) + hx * LN2;
        double sp = 1 - chi2Q(-2 * ls, 2 * used);
        double hp = 1 - chi2Q(-2 * lh, 2 * used);
        return (float) ((sp - hp + 1) / 2);
    }

    static double chi2Q(double x, int v) {
        double m = x / 2;
        double t = Math.exp(-m);
        double sum = t;
        for (int i = 1; i <= v / 2 - 1; i++) {
            t *= m / i;
            sum += t;
        }
        return Math.min(sum, 1);
    }

    /**
     * §4.5 ⚠: naive multiplies, once per diction entry, the probability of the last heap item the
     * loops above processed (the least significant one), not the entry's own.
     */
    public static float naive(List<Factor> heap, int dictionEntries) {
        if (heap.isEmpty()) {
            return 0f;
        }
        double last = heap.get(heap.size() - 1).probability();
        float top = 1f;
        float bot = 1f;
        for (int i = 0; i < dictionEntries; i++) {
            top = (float) (top * last);
            bot = (float) (bot * (1 - last));
        }
        return top / (top + bot);
    }

    /**
     * {@link #naive(List, int)} over {@code diction}, recording each entry with the value it
     * multiplies (⚠ the last heap item's probability, not the entry's own; the spec does not say
     * what DSPAM records here, so this records what is multiplied).
     */
    public static float naive(List<Factor> heap, MessageTokens diction, FactorLog log) {
        if (log != null && !heap.isEmpty()) {
            double last = heap.get(heap.size() - 1).probability();
            for (int token : diction.inDictionOrder()) {
                log.record(diction.token(token), last);
            }
        }
        return naive(heap, diction.size());
    }
}

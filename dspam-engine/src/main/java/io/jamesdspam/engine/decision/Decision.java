package io.jamesdspam.engine.decision;

import io.jamesdspam.engine.combine.Algorithm;
import io.jamesdspam.engine.combine.Combination;
import io.jamesdspam.engine.statistics.MessageToken;
import io.jamesdspam.engine.statistics.PValue;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * docs/ENGINE-SPEC.md §4.6: runs the configured combination rules and decides result, probability and
 * confidence. The message is spam when any rule says so; Burton's probability overrides Graham's
 * when both say spam (⚠); confidence comes from the Robinson mean (Markov: from the probability).
 */
public final class Decision {
    private static final double GRAHAM_CUTOFF = 0.9;
    private static final double ROB_CUTOFF = 0.5;
    private static final double CHI_CUTOFF = 0.5010;

    private final Verdict verdict;
    private final float probability;
    private final float confidence;

    private Decision(Verdict verdict, float probability, float confidence) {
        this.verdict = verdict;
        this.probability = probability;
        this.confidence = confidence;
    }

    public Verdict verdict() {
        return verdict;
    }

    /** The context's probability (a float in DSPAM). */
    public float probability() {
        return probability;
    }

    /** The context's confidence (a float in DSPAM). */
    public float confidence() {
        return confidence;
    }

    /**
     * @param heap the heap's factors, most significant first, with probabilities already forced to
     *             1.0 / 0.0 when a class is given
     * @param diction every scored entry in diction order (chi-square walks all of it)
     */
    public static Decision decide(Set<Algorithm> algorithms, PValue pValue, List<Combination.Factor> heap,
                                  List<MessageToken> diction, Optional<TrainingClass> classification) {
        boolean markov = pValue == PValue.MARKOV;
        double forced = classification.map(c -> c == TrainingClass.SPAM ? 1.0 : 0.0).orElse(Double.NaN);

        float naive = algorithms.contains(Algorithm.NAIVE) ? Combination.naive(heap, countScorable(diction)) : 0f;
        float graham = algorithms.contains(Algorithm.GRAHAM) ? Combination.graham(heap) : 0f;
        double burton = algorithms.contains(Algorithm.BURTON) ? Combination.burton(heap) : 0;
        float robinson = Combination.robinson(heap);
        float chi = algorithms.contains(Algorithm.CHI_SQUARE) ? Combination.chiSquare(diction, pValue, forced) : 0f;

        boolean spam = false;
        float probability = -1f;
        if (classification.isPresent()) {
            spam = classification.get() == TrainingClass.SPAM;
            probability = spam ? 1.0f : 0.0f;
        } else {
            if (algorithms.contains(Algorithm.NAIVE) && says(naive, GRAHAM_CUTOFF, markov)) {
                spam = true;
                probability = naive;
            }
            if (algorithms.contains(Algorithm.GRAHAM) && says(graham, GRAHAM_CUTOFF, markov)) {
                spam = true;
                probability = graham;
            }
            if (algorithms.contains(Algorithm.BURTON) && says(burton, GRAHAM_CUTOFF, markov)) {
                spam = true;
                probability = (float) burton;
            }
            if (algorithms.contains(Algorithm.ROBINSON) && says(robinson, ROB_CUTOFF, markov)) {
                spam = true;
                if (probability < 0) {
                    probability = robinson;
                }
            }
            if (algorithms.contains(Algorithm.CHI_SQUARE) && says(chi, CHI_CUTOFF, markov)) {
                spam = true;
                if (probability < 0) {
                    probability = chi;
                }
            }
        }
        if (probability < 0) {
            if (algorithms.contains(Algorithm.GRAHAM)) {
                probability = graham;
            }
            if (algorithms.contains(Algorithm.NAIVE)) {
                probability = naive;
            }
            if (probability < 0 && algorithms.contains(Algorithm.BURTON)) {
                probability = (float) burton;
            }
            if (probability < 0 && algorithms.contains(Algorithm.ROBINSON)) {
                probability = robinson;
            }
            if (probability < 0 && algorithms.contains(Algorithm.CHI_SQUARE)) {
                probability = chi;
            }
        }
        float confidence;
        if (markov) {
            confidence = spam ? probability : 1 - probability;
        } else {
            confidence = spam ? robinson : 1 - robinson;
        }
        return new Decision(spam ? Verdict.SPAM : Verdict.INNOCENT, probability, confidence);
    }

    private static boolean says(double value, double cutoff, boolean markov) {
        return markov ? value > 0.5 : value >= cutoff;
    }

    private static int countScorable(List<MessageToken> diction) {
        return diction.size();
    }
}

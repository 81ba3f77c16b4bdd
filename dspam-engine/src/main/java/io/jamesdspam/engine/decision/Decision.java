package io.jamesdspam.engine.decision;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.jamesdspam.engine.combine.Algorithm;
import io.jamesdspam.engine.combine.Combination;
import io.jamesdspam.engine.combine.FactorLog;
import io.jamesdspam.engine.combine.RecordedFactor;
import io.jamesdspam.engine.statistics.MessageTokens;
import io.jamesdspam.engine.statistics.PValue;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.Verdict;

/**
 * docs/ENGINE-SPEC.md §4.6: runs the configured combination rules and decides result, probability and
 * confidence. The message is spam when any rule says so; Burton's probability overrides Graham's
 * when both say spam (⚠); confidence comes from the Robinson mean (Markov: from the probability).
 * When asked, it also picks the factor set ({@code X-DSPAM-Factors}): that of the first rule
 * saying spam, else of the last enabled rule.
 */
public final class Decision {
    private static final double GRAHAM_CUTOFF = 0.9;
    private static final double ROB_CUTOFF = 0.5;
    private static final double CHI_CUTOFF = 0.5010;

    private final Verdict verdict;
    private final float probability;
    private final float confidence;
    private final Optional<Algorithm> factorSource;
    private final List<RecordedFactor> factors;

    private Decision(Verdict verdict, float probability, float confidence, Optional<Algorithm> factorSource,
                     List<RecordedFactor> factors) {
        this.verdict = verdict;
        this.probability = probability;
        this.confidence = confidence;
        this.factorSource = factorSource;
        this.factors = factors;
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

    /** The rule whose factors were chosen; empty when factors were not recorded. */
    public Optional<Algorithm> factorSource() {
        return factorSource;
    }

    /** The chosen factors in the rule's multiplication order; empty when they were not recorded. */
    public List<RecordedFactor> factors() {
        return factors;
    }

    /** {@link #decide(Set, PValue, List, MessageTokens, Optional, boolean)} without recording factors. */
    public static Decision decide(Set<Algorithm> algorithms, PValue pValue, List<Combination.Factor> heap,
                                  MessageTokens diction, Optional<TrainingClass> classification) {
        return decide(algorithms, pValue, heap, diction, classification, false);
    }

    /**
     * @param heap the heap's factors, most significant first, with probabilities already forced to
     *             1.0 / 0.0 when a class is given
     * @param diction every scored entry (chi-square walks all of it, in diction order)
     * @param recordFactors whether to record each rule's factors and pick the factor set
     */
    public static Decision decide(Set<Algorithm> algorithms, PValue pValue, List<Combination.Factor> heap,
                                  MessageTokens diction, Optional<TrainingClass> classification,
                                  boolean recordFactors) {
        boolean markov = pValue == PValue.MARKOV;
        double forced = classification.map(c -> c == TrainingClass.SPAM ? 1.0 : 0.0).orElse(Double.NaN);
        Map<Algorithm, FactorLog> logs = new EnumMap<>(Algorithm.class);
        if (recordFactors) {
            algorithms.forEach(algorithm -> logs.put(algorithm, new FactorLog()));
        }

        float naive = algorithms.contains(Algorithm.NAIVE)
            ? Combination.naive(heap, diction, logs.get(Algorithm.NAIVE)) : 0f;
        float graham = algorithms.contains(Algorithm.GRAHAM) ? Combination.graham(heap, logs.get(Algorithm.GRAHAM)) : 0f;
        double burton = algorithms.contains(Algorithm.BURTON) ? Combination.burton(heap, logs.get(Algorithm.BURTON)) : 0;
        float robinson = Combination.robinson(heap, logs.get(Algorithm.ROBINSON));
        float chi = algorithms.contains(Algorithm.CHI_SQUARE)
            ? Combination.chiSquare(diction, pValue, forced, logs.get(Algorithm.CHI_SQUARE)) : 0f;

        boolean spam = false;
        float probability = -1f;
        Algorithm factorSource = null;
        if (classification.isPresent()) {
            spam = classification.get() == TrainingClass.SPAM;
            probability = spam ? 1.0f : 0.0f;
        } else {
            if (algorithms.contains(Algorithm.NAIVE) && says(naive, GRAHAM_CUTOFF, markov)) {
                spam = true;
                probability = naive;
                factorSource = Algorithm.NAIVE;
            }
            if (algorithms.contains(Algorithm.GRAHAM) && says(graham, GRAHAM_CUTOFF, markov)) {
                spam = true;
                probability = graham;
                // §4.6 step 2: graham's factors replace naive's
                factorSource = Algorithm.GRAHAM;
            }
            if (algorithms.contains(Algorithm.BURTON) && says(burton, GRAHAM_CUTOFF, markov)) {
                spam = true;
                probability = (float) burton;
                factorSource = factorSource == null ? Algorithm.BURTON : factorSource;
            }
            if (algorithms.contains(Algorithm.ROBINSON) && says(robinson, ROB_CUTOFF, markov)) {
                spam = true;
                if (probability < 0) {
                    probability = robinson;
                }
                factorSource = factorSource == null ? Algorithm.ROBINSON : factorSource;
            }
            if (algorithms.contains(Algorithm.CHI_SQUARE) && says(chi, CHI_CUTOFF, markov)) {
                spam = true;
                if (probability < 0) {
                    probability = chi;
                }
                factorSource = factorSource == null ? Algorithm.CHI_SQUARE : factorSource;
            }
        }
        if (factorSource == null) {
            factorSource = lastEnabled(algorithms);
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
        Verdict verdict = spam ? Verdict.SPAM : Verdict.INNOCENT;
        if (!recordFactors || factorSource == null) {
            return new Decision(verdict, probability, confidence, Optional.empty(), List.of());
        }
        return new Decision(verdict, probability, confidence, Optional.of(factorSource),
            logs.get(factorSource).factors());
    }

    /** §4.6 step 6: the last enabled rule in the order naive, graham, burton, robinson, chi-square. */
    private static Algorithm lastEnabled(Set<Algorithm> algorithms) {
        Algorithm last = null;
        for (Algorithm algorithm : Algorithm.values()) {
            if (algorithms.contains(algorithm)) {
                last = algorithm;
            }
        }
        return last;
    }

    private static boolean says(double value, double cutoff, boolean markov) {
        return markov ? value > 0.5 : value >= cutoff;
    }
}

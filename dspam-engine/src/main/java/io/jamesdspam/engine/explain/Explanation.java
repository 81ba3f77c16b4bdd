package io.jamesdspam.engine.explain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.jamesdspam.api.DspamExplanation;
import io.jamesdspam.engine.combine.Algorithm;
import io.jamesdspam.engine.combine.RecordedFactor;
import io.jamesdspam.engine.decision.Decision;
import io.jamesdspam.engine.statistics.MessageToken;
import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamNumberFormat;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Verdict;

/**
 * "Why was this spam?": the verdict the engine gives a message (or gives now to the tokens of a
 * stored signature) and the tokens that decided it — DSPAM's factor set of docs/ENGINE-SPEC.md §4.6, the
 * rule that produced it, each token once in the rule's order with its probability and counts.
 * Computed read-only: explaining never trains nor writes. Plain getters, so that a route can
 * serialise it with Jackson as it is.
 */
public final class Explanation implements DspamExplanation {
    /** What was explained. */
    public enum Basis { MESSAGE, SIGNATURE }

    private final String user;
    private final Basis basis;
    private final String signature;
    private final Verdict verdict;
    private final DspamClass dspamClass;
    private final float probability;
    private final float confidence;
    private final String decidedBy;
    private final long spamLearned;
    private final long innocentLearned;
    private final List<DecidingToken> tokens;

    private Explanation(DspamUser user, Basis basis, Optional<String> signature, Verdict verdict,
                        DspamClass dspamClass, Decision decision, DspamTotals totals, List<DecidingToken> tokens) {
        this.user = user.asString();
        this.basis = basis;
        this.signature = signature.orElse(null);
        this.verdict = verdict;
        this.dspamClass = dspamClass;
        this.probability = decision.probability();
        this.confidence = decision.confidence();
        this.decidedBy = decision.factorSource().map(Algorithm::confName).orElse(null);
        this.spamLearned = totals.spamLearned();
        this.innocentLearned = totals.innocentLearned();
        this.tokens = Collections.unmodifiableList(tokens);
    }

    /**
     * @param decision a decision made with factors recorded
     * @param words the message words of a token name, empty when unknown or not at hand
     */
    public static Explanation of(DspamUser user, Basis basis, Optional<String> signature, Verdict verdict,
                                 DspamClass dspamClass, Decision decision, DspamTotals totals,
                                 Function<String, Optional<String>> words) {
        Map<MessageToken, Integer> counted = new LinkedHashMap<>();
        Map<MessageToken, Float> values = new LinkedHashMap<>();
        for (RecordedFactor factor : decision.factors()) {
            counted.merge(factor.token(), 1, Integer::sum);
            values.putIfAbsent(factor.token(), factor.value());
        }
        List<DecidingToken> tokens = new ArrayList<>(counted.size());
        counted.forEach((token, times) -> tokens.add(new DecidingToken(token, values.get(token), times,
            token.name().isEmpty() ? null : words.apply(token.name()).orElse(null))));
        return new Explanation(user, basis, signature, verdict, dspamClass, decision, totals, tokens);
    }

    @Override
    public String getUser() {
        return user;
    }

    /** {@code message} or {@code signature}. */
    @Override
    public String getBasis() {
        return basis.name().toLowerCase(Locale.ROOT);
    }

    /** The explained signature's id; null for a message. */
    @Override
    public String getSignature() {
        return signature;
    }

    /** {@code Spam} or {@code Innocent} (the summary line's {@code result}). */
    @Override
    public String getResult() {
        return verdict.wireName();
    }

    /** {@code Spam}, {@code Innocent} or {@code Whitelisted} (the summary line's {@code class}). */
    @Override
    public String getDspamClass() {
        return dspamClass.asString();
    }

    @Override
    public float getProbability() {
        return probability;
    }

    @Override
    public float getConfidence() {
        return confidence;
    }

    /** The probability as DSPAM prints it ({@code %01.4f}). */
    @Override
    public String getProbabilityText() {
        return DspamNumberFormat.probability(probability);
    }

    @Override
    public String getConfidenceText() {
        return DspamNumberFormat.confidence(confidence);
    }

    /** The rule whose factors decided ({@code graham}, {@code burton}, …). */
    @Override
    public String getDecidedBy() {
        return decidedBy;
    }

    /** The user's learned totals the probabilities were computed from. */
    @Override
    public long getSpamLearned() {
        return spamLearned;
    }

    @Override
    public long getInnocentLearned() {
        return innocentLearned;
    }

    /** The deciding tokens, each once, in the deciding rule's order (most significant first). */
    @Override
    public List<DecidingToken> getTokens() {
        return tokens;
    }
}

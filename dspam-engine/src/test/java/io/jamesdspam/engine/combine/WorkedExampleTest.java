package io.jamesdspam.engine.combine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.decision.Decision;
import io.jamesdspam.engine.statistics.MessageTokens;
import io.jamesdspam.engine.statistics.PValue;
import io.jamesdspam.engine.statistics.ProbabilityContext;
import io.jamesdspam.engine.statistics.SignificantTokens;
import io.jamesdspam.engine.statistics.TokenProbability;
import io.jamesdspam.engine.tokenize.Diction;
import io.jamesdspam.model.DspamNumberFormat;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.Verdict;

/** docs/ENGINE-SPEC.md §4.7. */
class WorkedExampleTest {
    private final Diction diction = new Diction();
    private final MessageTokens tokens = new MessageTokens(diction);
    private final ProbabilityContext context = new ProbabilityContext(new DspamTotals(120, 300, 0, 0, 0, 0, 0, 0),
        true, 0, false, PValue.BCR, Optional.empty());

    private void token(String name, long sh, long ih, int frequency) {
        Diction.Entry entry = null;
        for (int i = 0; i < frequency; i++) {
            entry = diction.emit(name);
        }
        tokens.probability(tokens.add(entry, true, sh, ih), TokenProbability.of(context, false, name, sh, ih));
    }

    private SignificantTokens heap() {
        token("Subject*Free", 40, 2, 1);
        token("Buy", 30, 6, 1);
        token("cheap", 25, 1, 1);
        token("pills", 12, 0, 2);
        token("now", 50, 60, 1);
        token("at", 70, 180, 3);
        token("today", 10, 40, 1);
        token("meeting", 0, 35, 1);
        token("Url*example", 0, 0, 1);
        token("From*Alice <alice@example.com>", 0, 3, 1);
        SignificantTokens heap = new SignificantTokens(SignificantTokens.BURTON_CAPACITY);
        // In emission order, which is what the worked example lists
        for (int token = 0; token < tokens.size(); token++) {
            heap.offer(tokens, token);
        }
        return heap;
    }

    private static List<Combination.Factor> factors(SignificantTokens heap) {
        return heap.mostSignificantFirst().stream()
            .map(item -> new Combination.Factor(item.probability(), item.frequency()))
            .collect(Collectors.toList());
    }

    @Test
    void tokenProbabilities() {
        heap();
        assertThat(tokens.probability(0)).isCloseTo(0.961538, within(1e-6));
        assertThat(tokens.probability(1)).isCloseTo(0.862069, within(1e-6));
        assertThat(tokens.probability(2)).isCloseTo(0.968992, within(1e-6));
        assertThat(tokens.probability(3)).isEqualTo(0.99);
        assertThat(tokens.probability(4)).isCloseTo(0.510204, within(1e-6));
        assertThat(tokens.probability(5)).isCloseTo(0.327103, within(1e-6));
        assertThat(tokens.probability(6)).isCloseTo(0.238095, within(1e-6));
    }

    @Test
    void heapOrder() {
        SignificantTokens heap = heap();
        assertThat(heap.mostSignificantFirst().stream().map(item -> item.token().name()))
            .containsExactly("From*Alice <alice@example.com>", "meeting", "pills", "cheap", "Subject*Free", "Buy",
                "today", "at", "Url*example", "now");
    }

    @Test
    void combinationsAndDecision() {
        List<Combination.Factor> factors = factors(heap());
        assertThat(Combination.graham(factors)).isCloseTo(0.8387889f, within(1e-7f));
        assertThat(Combination.burton(factors)).isCloseTo(0.9960222, within(1e-7));
        assertThat(Combination.robinson(factors)).isCloseTo(0.5474711f, within(1e-7f));

        Decision decision = Decision.decide(EnumSet.of(Algorithm.GRAHAM, Algorithm.BURTON), PValue.BCR, factors, tokens,
            Optional.empty());
        assertThat(decision.verdict()).isEqualTo(Verdict.SPAM);
        assertThat(DspamNumberFormat.probability(decision.probability())).isEqualTo("0.9960");
        assertThat(DspamNumberFormat.confidence(decision.confidence())).isEqualTo("0.5475");
    }

    @Test
    void burtonSaysSpamSoItsFactorsAreChosenWithRepeatedTokensTwice() {
        List<Combination.Factor> factors = factorsWithTokens(heap());

        Decision decision = Decision.decide(EnumSet.of(Algorithm.GRAHAM, Algorithm.BURTON), PValue.BCR, factors, tokens,
            Optional.empty(), true);

        assertThat(decision.factorSource()).contains(Algorithm.BURTON);
        assertThat(decision.factors().stream().map(RecordedFactor::name)).containsExactly(
            "From*Alice <alice@example.com>", "meeting", "pills", "pills", "cheap", "Subject*Free", "Buy", "today",
            "at", "at", "Url*example", "now");
        assertThat(decision.factors().get(2).value()).isEqualTo(0.99f);
    }

    @Test
    void robinsonRecordsTheTokensItsFilterSkipsOnce() {
        List<Combination.Factor> factors = factorsWithTokens(heap());
        FactorLog log = new FactorLog();

        Combination.robinson(factors, log);

        // at (p 0.327, q inside 0.3–0.7) is walked but not multiplied: listed once although repeated
        assertThat(log.factors().stream().map(RecordedFactor::name)).containsExactly(
            "From*Alice <alice@example.com>", "meeting", "pills", "pills", "cheap", "Subject*Free", "Buy", "today",
            "at", "Url*example", "now");
    }

    @Test
    void withoutASpamSayingRuleTheLastEnabledRuleGivesTheFactors() {
        List<Combination.Factor> factors = factorsWithTokens(heap());

        Decision decision = Decision.decide(EnumSet.of(Algorithm.GRAHAM, Algorithm.ROBINSON), PValue.BCR, factors, tokens,
            Optional.empty(), true);

        // graham 0.8388 < 0.9 but robinson 0.5475 ≥ 0.5 says spam: robinson's factors
        assertThat(decision.verdict()).isEqualTo(Verdict.SPAM);
        assertThat(decision.factorSource()).contains(Algorithm.ROBINSON);
        Decision innocent = Decision.decide(EnumSet.of(Algorithm.GRAHAM), PValue.BCR, factors, tokens,
            Optional.empty(), true);
        assertThat(innocent.verdict()).isEqualTo(Verdict.INNOCENT);
        assertThat(innocent.factorSource()).contains(Algorithm.GRAHAM);
        assertThat(innocent.factors()).hasSize(10);
    }

    @Test
    void factorsAreNotRecordedUnlessAsked() {
        Decision decision = Decision.decide(EnumSet.of(Algorithm.GRAHAM, Algorithm.BURTON), PValue.BCR,
            factorsWithTokens(heap()), tokens, Optional.empty());

        assertThat(decision.factors()).isEmpty();
        assertThat(decision.factorSource()).isEmpty();
    }

    private static List<Combination.Factor> factorsWithTokens(SignificantTokens heap) {
        return heap.mostSignificantFirst().stream()
            .map(item -> new Combination.Factor(item.probability(), item.frequency(), item.token()))
            .collect(Collectors.toList());
    }

    @Test
    void laterTokenWithEqualProbabilityOutranksAnEarlierOne() {
        Diction local = new Diction();
        MessageTokens twins = new MessageTokens(local);
        twins.probability(twins.add(local.emit("first"), false, 0, 0), 0.4);
        twins.probability(twins.add(local.emit("second"), false, 0, 0), 0.4);
        SignificantTokens heap = new SignificantTokens(SignificantTokens.DEFAULT_CAPACITY);
        heap.offer(twins, 0);
        heap.offer(twins, 1);
        assertThat(heap.mostSignificantFirst().get(0).token().name()).isEqualTo("second");
    }

    @Test
    void fullHeapDropsTheLeastSignificant() {
        Diction local = new Diction();
        SignificantTokens heap = new SignificantTokens(2);
        double[] probabilities = {0.6, 0.99, 0.3, 0.55};
        MessageTokens offered = new MessageTokens(local);
        for (int i = 0; i < probabilities.length; i++) {
            offered.probability(offered.add(local.emit("t" + i), false, 0, 0), probabilities[i]);
            heap.offer(offered, i);
        }
        assertThat(heap.mostSignificantFirst().stream().map(item -> item.token().name())).containsExactly("t1", "t2");
    }

    @Test
    void chiSquareOfNothingInterestingIsItsFloor() {
        Diction local = new Diction();
        MessageTokens alone = new MessageTokens(local);
        alone.probability(alone.add(local.emit("x"), false, 0, 0), 0.5);
        assertThat(Combination.chiSquare(alone, PValue.BCR, Double.NaN)).isEqualTo((float) (0.5010 - 0.1));
    }

    @Test
    void chiSquareOfStrongSpamTokensIsSpam() {
        Diction local = new Diction();
        MessageTokens spammy = new MessageTokens(local);
        for (int i = 0; i < 5; i++) {
            spammy.probability(spammy.add(local.emit("s" + i), true, 100, 0), 0.99);
        }
        assertThat(Combination.chiSquare(spammy, PValue.BCR, Double.NaN)).isGreaterThan(0.9f);
    }
}

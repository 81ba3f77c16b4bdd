package io.jamesdspam.engine.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.TrainingClass;

class TokenProbabilityTest {
    private static final DspamTotals SL100_IL200 = new DspamTotals(100, 200, 0, 0, 0, 0, 0, 0);

    private static ProbabilityContext context(boolean bias, PValue pValue) {
        return new ProbabilityContext(SL100_IL200, bias, 0, false, pValue, Optional.empty());
    }

    private static double p(ProbabilityContext context, long sh, long ih) {
        return TokenProbability.of(context, false, "token", sh, ih);
    }

    @Test
    void specExamplesWithBias() {
        ProbabilityContext bias = context(true, PValue.BCR);
        assertThat(p(bias, 10, 2)).isCloseTo(0.8333333333, within(1e-10));
        assertThat(p(bias, 0, 3)).isEqualTo(0.01);
        assertThat(p(bias, 3, 1)).isEqualTo(0.75);
        assertThat(p(bias, 5, 0)).isEqualTo(0.99);
        assertThat(p(bias, 0, 0)).isEqualTo(0.4);
    }

    @Test
    void specExamplesWithoutBias() {
        ProbabilityContext noBias = context(false, PValue.BCR);
        assertThat(p(noBias, 10, 2)).isCloseTo(0.9090909091, within(1e-10));
        assertThat(p(noBias, 0, 3)).isEqualTo(0.4);
        assertThat(p(noBias, 3, 1)).isEqualTo(0.4);
    }

    @Test
    void specExamplesWithRobinsonAdjustment() {
        ProbabilityContext robinson = context(true, PValue.ROBINSON);
        assertThat(p(robinson, 10, 2)).isCloseTo(0.8305785124, within(1e-10));
        assertThat(p(robinson, 0, 3)).isCloseTo(0.0258064516, within(1e-10));
        assertThat(p(robinson, 0, 0)).isEqualTo(0.5);
    }

    @Test
    void sedationRaisesMinimumHits() {
        DspamTotals young = new DspamTotals(500, 100, 0, 0, 0, 0, 0, 0);
        ProbabilityContext context = new ProbabilityContext(young, true, 5, false, PValue.BCR, Optional.empty());
        assertThat(TokenProbability.minimumHits(context, false)).isEqualTo(17);
        ProbabilityContext tum = new ProbabilityContext(new DspamTotals(5000, 100, 0, 0, 0, 0, 0, 0), true, 5, true,
            PValue.BCR, Optional.empty());
        assertThat(TokenProbability.minimumHits(tum, false)).isEqualTo(20);
    }

    @Test
    void bnrPatternsTakeTheSedationValueAsMinimumHits() {
        ProbabilityContext context = context(true, PValue.BCR);
        assertThat(TokenProbability.minimumHits(context, true)).isZero();
        context.bnrTotals(10, 20);
        assertThat(TokenProbability.of(context, true, "bnr.s|0.00_0.40_0.05_", 1, 2)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void classificationChangesTheStartingValueOnlyForAYoungUser() {
        ProbabilityContext spamGiven = new ProbabilityContext(new DspamTotals(3, 0, 0, 0, 0, 0, 0, 0), false, 0, false,
            PValue.BCR, Optional.of(TrainingClass.SPAM));
        assertThat(TokenProbability.of(spamGiven, false, "x", 4, 3)).isEqualTo(0.7);
    }

    @Test
    void markovIgnoresWhitelistAndPatternTokensAndWeighsComplexKeys() {
        ProbabilityContext markov = context(true, PValue.MARKOV);
        assertThat(TokenProbability.of(markov, false, "From*Alice", 100, 0)).isEqualTo(0.5);
        assertThat(TokenProbability.of(markov, false, "bnr.s|0.00_0.00_0.00_", 100, 0)).isEqualTo(0.5);
        assertThat(TokenProbability.of(markov, false, "E: 123", 100, 0)).isEqualTo(0.5);
        assertThat(TokenProbability.of(markov, false, "free", 10, 0))
            .isCloseTo(0.49 + 10.0 / (16 * 11 * 256), within(1e-15));
        assertThat(TokenProbability.of(markov, false, "free+#+money", 10, 0))
            .isCloseTo(0.49 + 40.0 / (16 * 11 * 256), within(1e-15));
        assertThat(TokenComplexity.markovWeight("a+b+c+d+e")).isEqualTo(256);
        assertThat(TokenComplexity.markovWeight("a+#+#+#+e")).isEqualTo(4);
    }
}

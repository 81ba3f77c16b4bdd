package io.jamesdspam.engine.purge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.statistics.PValue;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.TrainingMode;

class StaleTokenRuleTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 4, 11);
    /** The totals of ENGINE-SPEC §3.3's examples: 100 spam and 200 innocent messages learned. */
    private static final DspamTotals TOTALS = new DspamTotals(100, 200, 0, 0, 0, 0, 0, 0);
    /** The neutral rule out of the way, for the unused-token rules alone. */
    private static final PurgeLimits UNUSED_ONLY = PurgeLimits.shipped().withNeutralDays(PurgeLimits.MAX_DAYS);
    /** The unused-token rules out of the way, for the neutral rule alone. */
    private static final PurgeLimits NEUTRAL_ONLY = PurgeLimits.shipped().withUnused(new TokenPurgeLimits.Unused(
        PurgeLimits.MAX_DAYS, PurgeLimits.MAX_DAYS, PurgeLimits.MAX_DAYS, PurgeLimits.MAX_DAYS));

    private static TokenStatistics used(long spamHits, long innocentHits, int daysAgo) {
        return new TokenStatistics(spamHits, innocentHits, TODAY.minusDays(daysAgo));
    }

    private static StaleTokenRule rule(PurgeLimits limits, TrainingMode mode) {
        return new StaleTokenRule(TODAY, limits, mode, PValue.BCR, TOTALS);
    }

    @Test
    void unusedTokensGoAsTheShippedPurgeScriptSays() {
        StaleTokenRule teft = rule(UNUSED_ONLY, TrainingMode.TEFT);
        StaleTokenRule toe = rule(UNUSED_ONLY, TrainingMode.TOE);
        StaleTokenRule tum = rule(UNUSED_ONLY, TrainingMode.TUM);
        StaleTokenRule notrain = rule(UNUSED_ONLY, TrainingMode.NOTRAIN);
        assertThat(teft.matches(1, used(1, 0, 16))).isTrue();
        assertThat(teft.matches(1, used(1, 0, 15))).isFalse();
        assertThat(teft.matches(1, used(0, 1, 16))).isTrue();
        assertThat(teft.matches(1, used(2, 1, 31))).isTrue();
        assertThat(teft.matches(1, used(3, 1, 31))).isFalse();
        assertThat(teft.matches(1, used(30, 30, 91))).isTrue();
        assertThat(teft.matches(1, used(30, 30, 90))).isFalse();
        assertThat(toe.matches(1, used(30, 30, 91))).isFalse();
        assertThat(notrain.matches(1, used(30, 30, 91))).isFalse();
        assertThat(tum.matches(1, used(30, 30, 91))).isFalse();
        assertThat(tum.matches(1, used(20, 20, 91))).isTrue();
        assertThat(toe.matches(1, used(1, 0, 16))).as("one-hit tokens go whatever the mode").isTrue();
    }

    @Test
    void eachUnusedLimitIsItsOwn() {
        PurgeLimits limits = UNUSED_ONLY.withUnused(new TokenPurgeLimits.Unused(60, 20, 5, 10));
        StaleTokenRule teft = rule(limits, TrainingMode.TEFT);
        assertThat(teft.matches(1, used(1, 0, 6))).as("one spam hit after 5 days").isTrue();
        assertThat(teft.matches(1, used(0, 1, 6))).as("one innocent hit after 10 days").isFalse();
        assertThat(teft.matches(1, used(0, 1, 11))).isTrue();
        assertThat(teft.matches(1, used(2, 1, 21))).as("hapax after 20 days").isTrue();
        assertThat(teft.matches(1, used(2, 1, 20))).isFalse();
        assertThat(teft.matches(1, used(30, 30, 61))).as("any token after 60 days").isTrue();
        assertThat(teft.matches(1, used(30, 30, 60))).isFalse();
    }

    @Test
    void aZeroLimitAlwaysApplies() {
        StaleTokenRule hapaxesAlways = rule(UNUSED_ONLY.withUnused(new TokenPurgeLimits.Unused(90, 0, 15, 15)),
            TrainingMode.TOE);
        assertThat(hapaxesAlways.matches(1, used(2, 1, 0))).as("a hapax used today").isTrue();
        assertThat(hapaxesAlways.matches(1, used(5, 1, 0))).isFalse();

        StaleTokenRule neutralAlways = rule(NEUTRAL_ONLY.withNeutralDays(0), TrainingMode.TOE);
        assertThat(neutralAlways.matches(1, used(10, 20, 0))).isTrue();
    }

    @Test
    void unusedTokensStayWhenDspamConfTurnsThatPurgeOff() {
        PurgeLimits off = PurgeLimits.from(DspamConf.parse("PurgeHits1S 0\nPurgeNeutral 36500\n"));
        StaleTokenRule teft = rule(off, TrainingMode.TEFT);
        assertThat(teft.matches(1, used(1, 0, 365))).isFalse();
        assertThat(teft.matches(1, used(30, 30, 365))).isFalse();
    }

    /**
     * §10.6's neutral tokens: the user's totals, the configured PValue, no innocent bias and no
     * sedation, 0.35 ≤ p ≤ 0.65, older than {@code PurgeNeutral} (90 days unless dspam.conf says).
     */
    @Test
    void neutralTokensGoAfterTheirLimitWhateverTheTrainingMode() {
        StaleTokenRule toe = rule(NEUTRAL_ONLY, TrainingMode.TOE);
        // 10 spam / 20 innocent hits of 100 / 200 messages: 0.5
        assertThat(toe.matches(1, used(10, 20, 91))).isTrue();
        assertThat(toe.matches(1, used(10, 20, 90))).as("not older than 90 days").isFalse();
        // §3.3's example sh=10, ih=2: 0.909 without bias
        assertThat(toe.matches(1, used(10, 2, 91))).isFalse();
        // Fewer than 5 hits without bias: 0.4, so neutral (3 innocent hits would count 6 with the bias)
        assertThat(toe.matches(1, used(0, 3, 91))).isTrue();
        // 5 / 5: 0.667 without bias, not neutral (with the bias it would be 0.5)
        assertThat(toe.matches(1, used(5, 5, 91))).isFalse();
        assertThat(rule(NEUTRAL_ONLY.withNeutralDays(30), TrainingMode.TOE).matches(1, used(10, 20, 31))).isTrue();
        assertThat(rule(NEUTRAL_ONLY, TrainingMode.TEFT).matches(1, used(0, 3, 91))).isTrue();
    }

    @Test
    void neutralityFollowsTheConfiguredPValue() {
        // Robinson: (0.05 + n·p) / (0.1 + n) pulls the 0.667 of 5 / 5 hits to 0.665 (still not neutral),
        // and turns the 0.4 of a single spam hit (under the minimum of 5 hits) into 0.409
        StaleTokenRule robinson = new StaleTokenRule(TODAY, NEUTRAL_ONLY, TrainingMode.TOE, PValue.ROBINSON, TOTALS);
        assertThat(robinson.matches(1, used(5, 5, 91))).isFalse();
        assertThat(robinson.matches(1, used(1, 0, 91))).isTrue();
        // Markov: a stored row has no name, so every token is 0.5 and every old one goes
        StaleTokenRule markov = new StaleTokenRule(TODAY, NEUTRAL_ONLY, TrainingMode.TOE, PValue.MARKOV, TOTALS);
        assertThat(markov.matches(1, used(100, 0, 91))).isTrue();
        assertThat(markov.matches(1, used(100, 0, 90))).isFalse();
    }
}

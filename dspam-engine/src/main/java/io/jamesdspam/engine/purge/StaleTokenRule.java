package io.jamesdspam.engine.purge;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.engine.statistics.PValue;
import io.jamesdspam.engine.statistics.ProbabilityContext;
import io.jamesdspam.engine.statistics.TokenProbability;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.TrainingMode;

/**
 * Which of one user's token rows a purge deletes (docs/ENGINE-SPEC.md §10.6): those that DSPAM's
 * nightly {@code purge-4.1.sql} or its {@code dspam_clean -p -u} would, with the limits of
 * {@link PurgeLimits}. Age is whole days since {@code last_hit}.
 * <ul>
 *   <li>unused tokens, unless dspam.conf turned that purge off: hapaxes ({@code 2·ih + sh < 5})
 *       older than {@code PurgeHapaxes}; tokens seen once in spam older than {@code PurgeHits1S},
 *       once in innocent mail older than {@code PurgeHits1I}; any token older than
 *       {@code PurgeUnused}, except for TOE and NOTRAIN users, and for TUM users only tokens with
 *       fewer than 50 hits (the user's own training mode, as the script reads it);</li>
 *   <li>neutral tokens older than {@code PurgeNeutral}: a probability from 0.35 to 0.65 by the
 *       configured PValue on the user's totals, without the innocent bias and without sedation, so
 *       a token with fewer than 5 hits is neutral (and, under Markov, where a stored row has no
 *       name, every token).</li>
 * </ul>
 */
public final class StaleTokenRule implements DspamStore.TokenFilter {
    private static final double NEUTRAL_LOW = 0.35;
    private static final double NEUTRAL_HIGH = 0.65;

    private final LocalDate today;
    private final PurgeLimits limits;
    private final TrainingMode mode;
    private final ProbabilityContext neutrality;

    /**
     * @param mode the user's training mode
     * @param pValue how the user's token probabilities are computed
     * @param totals the user's totals, the denominators of those probabilities
     */
    public StaleTokenRule(LocalDate today, PurgeLimits limits, TrainingMode mode, PValue pValue, DspamTotals totals) {
        this.today = today;
        this.limits = limits;
        this.mode = mode;
        this.neutrality = new ProbabilityContext(totals, false, 0, false, pValue, Optional.empty());
    }

    @Override
    public boolean matches(long tokenId, TokenStatistics statistics) {
        long age = ChronoUnit.DAYS.between(statistics.lastHit(), today);
        return unused(age, statistics) || neutral(age, statistics);
    }

    private boolean unused(long age, TokenStatistics statistics) {
        if (limits.unused().isEmpty()) {
            return false;
        }
        TokenPurgeLimits.Unused unused = limits.unused().get();
        long sh = statistics.spamHits();
        long ih = statistics.innocentHits();
        if (2 * ih + sh < 5 && PurgeLimits.applies(age, unused.hapaxDays())) {
            return true;
        }
        if (ih == 0 && sh == 1 && PurgeLimits.applies(age, unused.spamHitDays())) {
            return true;
        }
        if (ih == 1 && sh == 0 && PurgeLimits.applies(age, unused.innocentHitDays())) {
            return true;
        }
        if (PurgeLimits.applies(age, unused.anyDays())) {
            switch (mode) {
                case TOE:
                case NOTRAIN:
                    return false;
                case TUM:
                    return sh + ih < 50;
                default:
                    return true;
            }
        }
        return false;
    }

    private boolean neutral(long age, TokenStatistics statistics) {
        if (limits.neutralDays().isEmpty() || !PurgeLimits.applies(age, limits.neutralDays().getAsInt())) {
            return false;
        }
        double p = TokenProbability.of(neutrality, false, null, statistics.spamHits(), statistics.innocentHits());
        return p >= NEUTRAL_LOW && p <= NEUTRAL_HIGH;
    }
}

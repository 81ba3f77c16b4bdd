package io.jamesdspam.engine.purge;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.model.TrainingMode;

/**
 * DSPAM's nightly purge of stale tokens (docs/ENGINE-SPEC.md §10.6, as the shipped {@code purge-4.1.sql}
 * does it with {@code dspam.conf}'s defaults): age is whole days since {@code last_hit}, and a rule
 * applies when the age is strictly greater than its limit.
 * <ul>
 *   <li>hapaxes ({@code 2·ih + sh < 5}) older than 30 days;</li>
 *   <li>single-hit tokens (1 spam / 0 innocent, or 0 / 1) older than 15 days;</li>
 *   <li>any token older than 90 days, except for TOE and NOTRAIN users, and for TUM users only
 *       tokens with fewer than 50 hits.</li>
 * </ul>
 */
public final class StaleTokenRule implements DspamStore.TokenFilter {
    public static final int PURGE_HAPAXES_DAYS = 30;
    public static final int PURGE_HITS1_DAYS = 15;
    public static final int PURGE_UNUSED_DAYS = 90;

    private final LocalDate today;
    private final TrainingMode mode;

    public StaleTokenRule(LocalDate today, TrainingMode mode) {
        this.today = today;
        this.mode = mode;
    }

    @Override
    public boolean matches(long tokenId, TokenStatistics statistics) {
        long age = ChronoUnit.DAYS.between(statistics.lastHit(), today);
        long sh = statistics.spamHits();
        long ih = statistics.innocentHits();
        if (2 * ih + sh < 5 && age > PURGE_HAPAXES_DAYS) {
            return true;
        }
        if (((ih == 0 && sh == 1) || (ih == 1 && sh == 0)) && age > PURGE_HITS1_DAYS) {
            return true;
        }
        if (age > PURGE_UNUSED_DAYS) {
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
}

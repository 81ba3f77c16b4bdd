package io.jamesdspam.benchmarks;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.TokenUpdate;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * Gives a user a trained dictionary without training it message by message: a sample of another
 * user's rows, written in one update through the store's own API (the journal and memory stores
 * write a new row's counters as given; the SQL store writes DSPAM's 0/1 for a new token, so a
 * {@link Sample} is bulk-loaded there instead).
 * Training thousands of users on the corpus would take hours; sampling rows of a few trained
 * users gives each one a dictionary of its own in milliseconds.
 */
public final class DictionaryCopy {
    private DictionaryCopy() {
    }

    /**
     * Writes to {@code target} (which has no rows) each row of {@code source} with probability
     * {@code keep}, and the source's totals scaled by the same factor (they count messages, which the sample stands for).
     */
    public static void sample(DspamStore from, DspamUser source, DspamStore to, DspamUser target, double keep, long seed) {
        Sample.of(from, source, keep, seed).applyTo(to, target);
    }

    /**
     * Each row of a user kept with probability {@code keep} (with the counters it has), and the
     * user's totals scaled by the same factor; for a store whose own bulk write keeps the
     * counters (a store's insert of a new token writes DSPAM's 0/1, not a copied row).
     */
    public static final class Sample {
        public final List<TokenUpdate> rows;
        public final DspamTotals totals;

        private Sample(List<TokenUpdate> rows, DspamTotals totals) {
            this.rows = rows;
            this.totals = totals;
        }

        public static Sample of(DspamStore from, DspamUser source, double keep, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            List<TokenUpdate> rows = new ArrayList<>();
            from.forEachToken(source, (id, statistics) -> {
                if (keep >= 1.0 || random.nextDouble() < keep) {
                    rows.add(new TokenUpdate(id, false, 0, 0, statistics.spamHits(), statistics.innocentHits()));
                }
            });
            return new Sample(rows, scaled(from.totals(source), keep));
        }

        /** Writes the sample to {@code target} (which has no rows) in one update through the store's API. */
        public void applyTo(DspamStore to, DspamUser target) {
            to.apply(target, new MessageUpdate(to.totals(target), totals, rows, Optional.empty(), LocalDate.now()));
        }
    }

    private static DspamTotals scaled(DspamTotals totals, double factor) {
        long[] values = totals.asArray();
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.round(values[i] * Math.min(1.0, factor));
        }
        return new DspamTotals(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]);
    }
}

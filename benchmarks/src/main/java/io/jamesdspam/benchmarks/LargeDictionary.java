package io.jamesdspam.benchmarks;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.TokenUpdate;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * A busy user's dictionary for the journal-store benchmarks: 2 M rows in its snapshot (a
 * corpus-trained OSB dictionary) and 400,000 of them changed since (past a fifth; the compaction
 * thread takes a user past a quarter), random ids and counters from a seed.
 */
final class LargeDictionary {
    static final int ROWS = 2_000_000;
    static final int CHANGED = 400_000;
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private static final DspamTotals TRAINED = new DspamTotals(2000, 2000, 0, 0, 0, 0, 0, 0);

    private final List<TokenUpdate> rows;
    /** The changed rows, as one update. */
    final MessageUpdate changes;

    private LargeDictionary(List<TokenUpdate> rows, MessageUpdate changes) {
        this.rows = rows;
        this.changes = changes;
    }

    static LargeDictionary generate(SplittableRandom random) {
        List<TokenUpdate> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            rows.add(new TokenUpdate(random.nextLong(), false, 0, 0, random.nextInt(40), random.nextInt(40)));
        }
        List<TokenUpdate> changed = new ArrayList<>(CHANGED);
        for (int i = 0; i < CHANGED; i++) {
            changed.add(new TokenUpdate(rows.get(random.nextInt(ROWS)).tokenId(), true, 0, 0, 41, 41));
        }
        return new LargeDictionary(rows, new MessageUpdate(TRAINED, TRAINED, changed, Optional.empty(), DAY.plusDays(1)));
    }

    /** The id of a row drawn at random. */
    long anyId(SplittableRandom random) {
        return rows.get(random.nextInt(ROWS)).tokenId();
    }

    /** Writes every row into {@code user}'s snapshot (the user has none yet); the changes are the caller's to apply. */
    void writeSnapshot(JournalDspamStore store, DspamUser user) {
        store.apply(user, new MessageUpdate(DspamTotals.EMPTY, TRAINED, rows, Optional.empty(), DAY));
        store.compact(user);
    }
}

package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/** The journal store's dictionary layout: mapped sorted snapshot, changes in the heap, the heap cache. */
class JournalDictionaryLayoutTest {
    private static final DspamUser ALICE = DspamUser.of("alice");
    private static final DspamUser BOB = DspamUser.of("bob");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private static final LocalDate LATER = LocalDate.of(2026, 12, 2);

    @TempDir
    Path directory;

    private JournalDspamStore store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private JournalDspamStore open(long cacheBytes) {
        if (store != null) {
            store.close();
        }
        store = JournalDspamStore.open(directory, JournalDspamStore.Options.defaults().withDictionaryCacheBytes(cacheBytes));
        return store;
    }

    private static MessageUpdate rows(DspamTotals before, LocalDate day, Map<Long, Long> spamHitsById) {
        DspamTotals after = new DspamTotals(before.spamLearned() + 1, 0, 0, 0, before.spamCorpusfed() + 1, 0, 0, 0);
        List<TokenUpdate> tokens = new ArrayList<>();
        spamHitsById.forEach((id, hits) -> tokens.add(new TokenUpdate(id, false, 0, 0, hits, 1)));
        return new MessageUpdate(before, after, tokens, Optional.empty(), day);
    }

    private Map<Long, TokenStatistics> everyRow(DspamUser user) {
        Map<Long, TokenStatistics> seen = new HashMap<>();
        store.forEachToken(user, (id, statistics) -> assertThat(seen.put(id, statistics)).as("row %d visited twice", id).isNull());
        return seen;
    }

    @Test
    void snapshotRowsAndLaterChangesAreReadTogether() {
        open(0);
        store.apply(ALICE, rows(DspamTotals.EMPTY, DAY, Map.of(5L, 1L, -3L, 1L, 100L, 1L, Long.MIN_VALUE, 1L,
            Long.MAX_VALUE, 1L, 0L, 1L)));
        store.compact(ALICE);
        store.apply(ALICE, rows(store.totals(ALICE), LATER, Map.of(100L, 2L, 7L, 2L)));

        for (int pass = 0; pass < 2; pass++) {
            assertThat(store.tokenCount(ALICE)).isEqualTo(7);
            assertThat(store.tokens(ALICE, List.of(5L, 100L, 7L, 0L, Long.MIN_VALUE, Long.MAX_VALUE, 6L)))
                .containsEntry(5L, new TokenStatistics(1, 1, DAY))
                .containsEntry(100L, new TokenStatistics(2, 1, LATER))
                .containsEntry(7L, new TokenStatistics(2, 1, LATER))
                .containsEntry(0L, new TokenStatistics(1, 1, DAY))
                .containsEntry(Long.MIN_VALUE, new TokenStatistics(1, 1, DAY))
                .containsEntry(Long.MAX_VALUE, new TokenStatistics(1, 1, DAY))
                .doesNotContainKey(6L);
            assertThat(everyRow(ALICE)).hasSize(7).containsEntry(100L, new TokenStatistics(2, 1, LATER));
            open(0);
        }
        store.compact(ALICE);
        assertThat(store.tokenCount(ALICE)).isEqualTo(7);
        assertThat(everyRow(ALICE)).hasSize(7).containsEntry(100L, new TokenStatistics(2, 1, LATER));
    }

    @Test
    void cachedAndMappedDictionariesGiveTheSameAnswers() {
        open(0);
        SplittableRandom random = new SplittableRandom(16);
        Map<Long, Long> first = new HashMap<>();
        for (int i = 0; i < 5000; i++) {
            first.put(random.nextLong(), (long) random.nextInt(1, 50));
        }
        store.apply(ALICE, rows(DspamTotals.EMPTY, DAY, first));
        store.compact(ALICE);
        Map<Long, Long> second = new HashMap<>();
        List<Long> firstIds = new ArrayList<>(first.keySet());
        for (int i = 0; i < 500; i++) {
            second.put(i % 2 == 0 ? firstIds.get(i) : random.nextLong(), 77L);
        }
        store.apply(ALICE, rows(store.totals(ALICE), LATER, second));
        long[] asked = new long[7000];
        for (int i = 0; i < asked.length; i++) {
            asked[i] = i < firstIds.size() ? firstIds.get(i) : random.nextLong();
        }
        TokenRows mapped = store.load(ALICE, asked);
        Map<Long, TokenStatistics> mappedRows = everyRow(ALICE);
        assertThat(store.dictionaryCacheBytesUsed()).isZero();

        open(1L << 30);
        store.load(ALICE, asked);
        assertThat(store.dictionaryCacheBytesUsed()).as("one message does not cache").isZero();
        store.load(ALICE, asked);
        assertThat(store.dictionaryCacheBytesUsed()).isEqualTo(TokenTable.countersOnlyHeapBytesFor(mappedRows.size()));
        TokenRows cached = store.load(ALICE, asked);
        for (int i = 0; i < asked.length; i++) {
            assertThat(cached.found(i)).isEqualTo(mapped.found(i));
            assertThat(cached.spamHits(i)).isEqualTo(mapped.spamHits(i));
            assertThat(cached.innocentHits(i)).isEqualTo(mapped.innocentHits(i));
        }
        assertThat(everyRow(ALICE)).isEqualTo(mappedRows);
        store.apply(ALICE, rows(store.totals(ALICE), LATER, Map.of(firstIds.get(1), 99L)));
        assertThat(store.tokens(ALICE, List.of(firstIds.get(1)))).containsEntry(firstIds.get(1), new TokenStatistics(99, 1, LATER));
        open(0);
        assertThat(store.tokens(ALICE, List.of(firstIds.get(1)))).containsEntry(firstIds.get(1), new TokenStatistics(99, 1, LATER));
    }

    @Test
    void aHeapCopyHoldsTheSnapshotsUnchangedRowsAndTheChangedRowsNewValues() {
        // More snapshot rows than one batch of the copy, changed rows spread over every batch (the
        // first and last ids among them), new rows, and the edge ids
        open(0);
        SplittableRandom random = new SplittableRandom(42);
        Map<Long, Long> first = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            first.put(random.nextLong(), (long) random.nextInt(1, 50));
        }
        first.putAll(Map.of(0L, 3L, Long.MIN_VALUE, 4L, Long.MAX_VALUE, 5L, -1L, 6L));
        store.apply(ALICE, rows(DspamTotals.EMPTY, DAY, first));
        store.compact(ALICE);
        Map<Long, Long> second = new HashMap<>();
        List<Long> sortedIds = new ArrayList<>(first.keySet());
        sortedIds.sort(null);
        for (int i = 0; i < sortedIds.size(); i += 7) {
            second.put(sortedIds.get(i), 1_000L + i);
        }
        second.put(sortedIds.get(sortedIds.size() - 1), 2L);
        second.put(0L, 7L);
        for (int i = 0; i < 300; i++) {
            second.put(random.nextLong(), 88L);
        }
        store.apply(ALICE, rows(store.totals(ALICE), LATER, second));
        Map<Long, TokenStatistics> mappedRows = everyRow(ALICE);
        assertThat(mappedRows).containsEntry(0L, new TokenStatistics(7, 1, LATER))
            .containsEntry(Long.MIN_VALUE, new TokenStatistics(1_000, 1, LATER))
            .containsEntry(Long.MAX_VALUE, new TokenStatistics(2, 1, LATER))
            .containsEntry(-1L, new TokenStatistics(6, 1, DAY));

        open(1L << 30);
        long[] asked = {5L};
        store.load(ALICE, asked);
        store.load(ALICE, asked);
        assertThat(store.dictionaryCacheBytesUsed()).as("cached").isEqualTo(TokenTable.countersOnlyHeapBytesFor(mappedRows.size()));

        // The copy answers lookups (counters); rows with their days come from the snapshot and changes
        assertCountersEqual(store.load(ALICE, idsOf(mappedRows)), mappedRows);
        assertThat(everyRow(ALICE)).isEqualTo(mappedRows);
        assertThat(store.tokenCount(ALICE)).isEqualTo(mappedRows.size());
    }

    /**
     * A purge reads every row's day, which the heap copy does not keep: it filters the rows of the
     * snapshot and changes, and the copy is made again without the purged rows (the cache's
     * account follows the new copy's size).
     */
    @Test
    void purgingACachedDictionaryDropsThePurgedRowsFromItsHeapCopy() {
        open(0);
        Map<Long, Long> first = new HashMap<>();
        for (long id = 1; id <= 3000; id++) {
            first.put(id * 7919, id % 3 == 0 ? 1L : 5L);
        }
        store.apply(ALICE, rows(DspamTotals.EMPTY, DAY, first));
        store.compact(ALICE);
        store.apply(ALICE, rows(store.totals(ALICE), LATER, Map.of(3L * 7919, 9L, 1L, 1L)));
        open(1L << 30);
        long[] asked = {7919L, 3L * 7919, 1L, 6L * 7919};
        store.load(ALICE, asked);
        store.load(ALICE, asked);
        assertThat(store.isCached(ALICE)).isTrue();

        assertThat(store.purgeTokens(ALICE, (id, statistics) -> statistics.spamHits() == 1
            && statistics.lastHit().equals(DAY))).isEqualTo(999);

        assertThat(store.isCached(ALICE)).isTrue();
        TokenRows after = store.load(ALICE, asked);
        assertThat(after.found(0)).as("kept").isTrue();
        assertThat(after.spamHits(1)).as("changed later, kept").isEqualTo(9);
        assertThat(after.found(2)).as("hit on the later day, kept").isTrue();
        assertThat(after.found(3)).as("purged").isFalse();
        Map<Long, TokenStatistics> kept = everyRow(ALICE);
        assertThat(kept).hasSize(3001 - 999);
        assertCountersEqual(store.load(ALICE, idsOf(kept)), kept);
        assertThat(store.dictionaryCacheBytesUsed()).isEqualTo(store.dictionaryCacheBytesCounted())
            .isEqualTo(TokenTable.countersOnlyHeapBytesFor(kept.size()));
    }

    private static long[] idsOf(Map<Long, TokenStatistics> rows) {
        return rows.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /** Row {@code i} of {@code loaded} holds the counters of the {@code i}-th id of {@code expected} (in its key order). */
    private static void assertCountersEqual(TokenRows loaded, Map<Long, TokenStatistics> expected) {
        int i = 0;
        for (Map.Entry<Long, TokenStatistics> row : expected.entrySet()) {
            assertThat(loaded.found(i)).as("row %d", row.getKey()).isTrue();
            assertThat(loaded.spamHits(i)).as("spam hits of %d", row.getKey()).isEqualTo(row.getValue().spamHits());
            assertThat(loaded.innocentHits(i)).as("innocent hits of %d", row.getKey()).isEqualTo(row.getValue().innocentHits());
            i++;
        }
    }

    /** Alice and Bob each get rows 7919, 2 × 7919, … 2000 × 7919 (1 spam hit), in a store without heap copies. */
    private void aliceAndBobWithTheSame2000Rows() {
        open(0);
        Map<Long, Long> many = new HashMap<>();
        for (long id = 1; id <= 2000; id++) {
            many.put(id * 7919, 1L);
        }
        store.apply(ALICE, rows(DspamTotals.EMPTY, DAY, many));
        store.apply(BOB, rows(DspamTotals.EMPTY, DAY, many));
    }

    @Test
    void theCacheKeepsToItsBudgetByDroppingTheLeastRecentlyUsed() {
        aliceAndBobWithTheSame2000Rows();
        long oneDictionary = TokenTable.countersOnlyHeapBytesFor(2000);

        open(oneDictionary);
        long[] asked = {7919L};
        for (int round = 0; round < 4; round++) {
            store.load(ALICE, asked);
            assertThat(store.dictionaryCacheBytesUsed()).isLessThanOrEqualTo(oneDictionary);
            store.load(BOB, asked);
            assertThat(store.dictionaryCacheBytesUsed()).isLessThanOrEqualTo(oneDictionary);
        }
        assertThat(store.dictionaryCacheBytesUsed()).isEqualTo(oneDictionary);
        assertThat(store.tokens(ALICE, List.of(7919L))).containsEntry(7919L, new TokenStatistics(1, 1, DAY));
        assertThat(store.tokens(BOB, List.of(7919L * 2000))).containsEntry(7919L * 2000, new TokenStatistics(1, 1, DAY));
    }

    /**
     * A full cache makes room for a user looked up more than twice as often as a cached one, and
     * not before: with room for one dictionary, bob takes alice's place at his eighth lookup
     * against her two (refused at his second and fourth, searched again when his count doubled).
     */
    @Test
    void aUserLookedUpMoreThanTwiceAsOftenTakesTheCachedOnesPlace() {
        aliceAndBobWithTheSame2000Rows();
        open(TokenTable.countersOnlyHeapBytesFor(2000));
        long[] asked = {7919L};
        store.load(ALICE, asked);
        store.load(ALICE, asked);
        assertThat(store.isCached(ALICE)).isTrue();

        for (int lookup = 1; lookup <= 7; lookup++) {
            store.load(BOB, asked);
            assertThat(store.isCached(BOB)).as("bob after %d lookups", lookup).isFalse();
            assertThat(store.isCached(ALICE)).isTrue();
        }
        store.load(BOB, asked);
        assertThat(store.isCached(BOB)).isTrue();
        assertThat(store.isCached(ALICE)).isFalse();
        assertThat(store.dictionaryCacheBytesUsed()).isEqualTo(store.dictionaryCacheBytesCounted());
    }

    /**
     * Messages add rows to the heap copies of cached users, and a copy that needs room grows
     * before its rows go in: the store's account must follow (it once missed that growth, so the
     * copies outgrew the budget until the heap ran out) and give back room once it is over.
     */
    @Test
    void theCacheKeepsToItsBudgetWhileCachedDictionariesGrow() {
        aliceAndBobWithTheSame2000Rows();
        long budget = 3 * TokenTable.countersOnlyHeapBytesFor(2000);

        open(budget);
        long[] asked = {7919L};
        for (int round = 0; round < 3; round++) {
            store.load(ALICE, asked);
            store.load(BOB, asked);
        }
        assertThat(store.dictionaryCacheBytesUsed()).as("both cached").isEqualTo(2 * TokenTable.countersOnlyHeapBytesFor(2000));
        SplittableRandom random = new SplittableRandom(5);
        Map<Long, Long> written = new HashMap<>();
        for (int message = 0; message < 8; message++) {
            Map<Long, Long> fresh = new HashMap<>();
            for (int i = 0; i < 1000; i++) {
                fresh.put(random.nextLong(), 3L);
            }
            written.putAll(fresh);
            store.apply(ALICE, rows(store.totals(ALICE), LATER, fresh));
            store.load(ALICE, asked);
            assertThat(store.dictionaryCacheBytesUsed()).as("account after message %d", message)
                .isEqualTo(store.dictionaryCacheBytesCounted())
                .isLessThanOrEqualTo(budget);
        }
        assertThat(store.tokenCount(ALICE)).isEqualTo(2000 + written.size());
        Map.Entry<Long, Long> one = written.entrySet().iterator().next();
        assertThat(store.tokens(ALICE, List.of(one.getKey(), 7919L)))
            .containsEntry(one.getKey(), new TokenStatistics(3, 1, LATER))
            .containsEntry(7919L, new TokenStatistics(1, 1, DAY));
        assertThat(store.tokens(BOB, List.of(7919L))).containsEntry(7919L, new TokenStatistics(1, 1, DAY));
    }

    @Test
    void purgingAMappedDictionaryKeepsTheOtherRows() {
        open(0);
        store.apply(ALICE, rows(DspamTotals.EMPTY, DAY, Map.of(1L, 1L, 2L, 5L, 3L, 1L)));
        store.compact(ALICE);
        store.apply(ALICE, rows(store.totals(ALICE), LATER, Map.of(4L, 1L, 2L, 6L)));

        assertThat(store.purgeTokens(ALICE, (id, statistics) -> statistics.spamHits() == 1)).isEqualTo(3);

        assertThat(everyRow(ALICE)).containsOnlyKeys(2L).containsEntry(2L, new TokenStatistics(6, 1, LATER));
        open(0);
        assertThat(store.tokenCount(ALICE)).isEqualTo(1);
        assertThat(everyRow(ALICE)).containsOnlyKeys(2L);
    }

    /** Stores written before the sorted snapshot keep working: the old snapshot is read and rewritten sorted. */
    @Test
    void aSnapshotOfTheFirstFormatIsReadAndRewrittenSorted() throws IOException {
        Path user = directory.resolve("users").resolve("alice");
        Files.createDirectories(user);
        long[] ids = {900L, -5L, 300L, 0L, 42L};
        int header = 8 + 8 + 8 + JournalFormat.TOTALS_COUNT * 8 + 8;
        ByteBuffer snapshot = ByteBuffer.allocate(header + ids.length * MappedSnapshot.ROW + 4);
        snapshot.putLong(JournalFormat.UNSORTED_SNAPSHOT_MAGIC).putLong(1).putLong(3);
        long[] totals = {3, 0, 0, 0, 3, 0, 0, 0};
        for (long total : totals) {
            snapshot.putLong(total);
        }
        snapshot.putLong(ids.length);
        for (long id : ids) {
            snapshot.putLong(id).putInt((int) Math.abs(id % 7)).putInt(2).putInt((int) DAY.toEpochDay());
        }
        snapshot.putInt(JournalFormat.crc(snapshot, 0, snapshot.position()));
        Files.write(user.resolve(JournalUserData.SNAPSHOT), snapshot.array());

        open(0);
        assertThat(store.totals(ALICE)).isEqualTo(new DspamTotals(3, 0, 0, 0, 3, 0, 0, 0));
        assertThat(store.tokenCount(ALICE)).isEqualTo(5);
        assertThat(store.tokens(ALICE, List.of(900L, -5L, 42L)))
            .containsEntry(900L, new TokenStatistics(900 % 7, 2, DAY))
            .containsEntry(-5L, new TokenStatistics(5, 2, DAY))
            .containsEntry(42L, new TokenStatistics(0, 2, DAY));

        ByteBuffer rewritten = ByteBuffer.wrap(Files.readAllBytes(user.resolve(JournalUserData.SNAPSHOT)));
        assertThat(rewritten.getLong()).isEqualTo(JournalFormat.SNAPSHOT_MAGIC);
        long previous = Long.MIN_VALUE;
        for (int row = 0; row < ids.length; row++) {
            long id = rewritten.getLong(header + row * MappedSnapshot.ROW);
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
        open(0);
        assertThat(everyRow(ALICE)).hasSize(5).containsEntry(300L, new TokenStatistics(300 % 7, 2, DAY));
    }
}

package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TokenTableTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);

    @Test
    void reservedRowsGoInWithoutGrowingTheTable() {
        TokenTable table = new TokenTable();
        table.reserve(50_000);
        int reserved = table.capacity();
        for (long id = 1; id <= 50_000; id++) {
            table.put(id * 0x9E3779B97F4A7C15L, id, 1, DAY);
        }
        assertThat(table.capacity()).isEqualTo(reserved);
        assertThat(table.size()).isEqualTo(50_000);
        assertThat(TokenTable.spamHits(table.counters(7 * 0x9E3779B97F4A7C15L))).isEqualTo(7);
    }

    @Test
    void rowsArrivingInAnotherTablesOrderKeepProbesShort() {
        // A snapshot is written in its table's slot order and read back into a table that starts
        // small. Were both hashed alike, the first rows (the big table's lowest hashes) would all
        // land in the small table's first slots: one cluster, probing quadratic in its size.
        TokenTable source = new TokenTable();
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            source.put(random.nextLong(), 1, 0, DAY);
        }
        List<Long> slotOrder = new ArrayList<>();
        source.forEach((id, statistics) -> slotOrder.add(id));

        TokenTable copy = new TokenTable(5_000);
        for (long id : slotOrder.subList(0, 5_000)) {
            copy.put(id, 1, 0, DAY);
        }

        assertThat(copy.size()).isEqualTo(5_000);
        assertThat(copy.longestProbe()).isLessThan(100);
    }

    @Test
    void packedCountersAnswerLikeRows() {
        TokenTable table = new TokenTable();
        table.put(42L, 0x0FFFFFFF, 7, DAY);
        table.put(0L, 3, 4, DAY);

        assertThat(TokenTable.spamHits(table.counters(42L))).isEqualTo(0x0FFFFFFF);
        assertThat(TokenTable.innocentHits(table.counters(42L))).isEqualTo(7);
        assertThat(TokenTable.innocentHits(table.counters(0L))).isEqualTo(4);
        assertThat(table.counters(43L)).isEqualTo(TokenTable.ABSENT);
        assertThat(table.get(42L)).isEqualTo(new TokenStatistics(0x0FFFFFFF, 7, DAY));
    }

    /** More ids than one read-ahead batch, present (every id not a multiple of 3) and absent mixed, id 0 (kept aside) among them. */
    private static long[] batchOfIds(TokenTable table) {
        Random random = new Random(16);
        long[] ids = new long[1000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i == 500 ? 0 : random.nextLong();
            if (i % 3 != 0) {
                table.put(ids[i], i, 2 * i, DAY);
            }
        }
        return ids;
    }

    @Test
    void copiesTheCountersOfABatchOfIdsPositionByPosition() {
        TokenTable table = new TokenTable();
        long[] ids = batchOfIds(table);
        TokenRows rows = new TokenRows(ids.length);

        table.copyCounters(ids, rows);

        for (int i = 0; i < ids.length; i++) {
            assertThat(rows.found(i)).as("id %d", i).isEqualTo(i % 3 != 0);
            assertThat(rows.spamHits(i)).isEqualTo(i % 3 != 0 ? i : 0);
            assertThat(rows.innocentHits(i)).isEqualTo(i % 3 != 0 ? 2 * i : 0);
        }
    }

    @Test
    void packsTheCountersOfABatchOfIdsPositionByPositionAsOneByOne() {
        TokenTable table = new TokenTable();
        long[] ids = batchOfIds(table);
        long[] packed = new long[ids.length];

        table.packedCounters(ids, packed);

        for (int i = 0; i < ids.length; i++) {
            assertThat(packed[i]).as("id %d", i).isEqualTo(table.counters(ids[i]));
            assertThat(packed[i] == TokenTable.ABSENT).as("id %d", i).isEqualTo(i % 3 == 0);
        }
    }

    @Test
    void rowsPutInBatchesAreThoseOfPutsOneByOneAndGrowTheTable() {
        TokenTable batched = new TokenTable();
        TokenTable oneByOne = new TokenTable();
        Random random = new Random(23);
        int count = 5_000;
        long[] ids = new long[count];
        long[] packed = new long[count];
        int[] days = new int[count];
        for (int i = 0; i < count; i++) {
            // id 0 (kept aside) and a repeated id (the later row wins) among them
            ids[i] = i == 100 ? 0 : i == 4_000 ? ids[7] : random.nextLong();
            packed[i] = TokenTable.pack(i, i % 5);
            days[i] = 20_000 + i % 3;
            oneByOne.put(ids[i], i, i % 5, days[i]);
        }

        batched.putAll(ids, packed, days, count - 1);
        batched.putAll(new long[] {ids[count - 1]}, new long[] {packed[count - 1]}, new int[] {days[count - 1]}, 1);

        assertThat(batched.capacity()).as("grown past its first 1,024 slots").isGreaterThan(count);
        assertThat(batched.size()).isEqualTo(oneByOne.size()).isEqualTo(count - 1);
        assertThat(batched.get(ids[7])).isEqualTo(oneByOne.get(ids[7])).isEqualTo(new TokenStatistics(4_000, 0,
            LocalDate.ofEpochDay(20_001)));
        assertThat(batched.get(0L)).isEqualTo(new TokenStatistics(100, 0, LocalDate.ofEpochDay(20_001)));
        oneByOne.forEach((id, statistics) -> assertThat(batched.get(id)).as("id %d", id).isEqualTo(statistics));
    }

    @Test
    void aMessagesUpdatesPutInBatchesAreThoseOfPutsOneByOne() {
        TokenTable batched = new TokenTable();
        TokenTable oneByOne = new TokenTable();
        Random random = new Random(29);
        List<TokenUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            // id 0 (kept aside), a repeated id (the later update wins) and counters past DSPAM's 28 bits among them
            long id = i == 50 ? 0 : i == 2_500 ? updates.get(9).tokenId() : random.nextLong();
            long spamHits = i == 70 ? TokenUpdate.MAX_HITS + 5 : i;
            updates.add(new TokenUpdate(id, false, 0, 0, spamHits, i % 7));
            oneByOne.put(id, spamHits, i % 7, 20_100);
        }

        batched.putAll(updates, 20_100);

        assertThat(batched.capacity()).as("grown past its first 1,024 slots").isGreaterThan(3_000);
        assertThat(batched.size()).isEqualTo(oneByOne.size()).isEqualTo(2_999);
        assertThat(batched.get(updates.get(9).tokenId())).isEqualTo(new TokenStatistics(2_500, 2_500 % 7,
            LocalDate.ofEpochDay(20_100)));
        assertThat(batched.get(0L)).isEqualTo(new TokenStatistics(50, 50 % 7, LocalDate.ofEpochDay(20_100)));
        assertThat(TokenTable.spamHits(batched.counters(updates.get(70).tokenId()))).isEqualTo(TokenUpdate.MAX_HITS);
        oneByOne.forEach((id, statistics) -> assertThat(batched.get(id)).as("id %d", id).isEqualTo(statistics));
    }

    @Test
    void aTablePutIntoAnotherAddsItsRowsAndReplacesTheRowsBothHold() {
        TokenTable older = new TokenTable();
        TokenTable newer = new TokenTable();
        for (long id = 1; id <= 3_000; id++) {
            older.put(id * 7919, 1, 1, DAY);
            if (id % 2 == 0) {
                newer.put(id * 7919 + (id % 4 == 0 ? 1 : 0), 9, 0, DAY.plusDays(1));
            }
        }
        newer.put(0L, 5, 6, DAY);

        older.putAll(newer);

        // 3,000 rows, 750 of them replaced, 750 added, and id 0
        assertThat(older.size()).isEqualTo(3_751);
        assertThat(older.get(2 * 7919)).isEqualTo(new TokenStatistics(9, 0, DAY.plusDays(1)));
        assertThat(older.get(4 * 7919)).isEqualTo(new TokenStatistics(1, 1, DAY));
        assertThat(older.get(4 * 7919 + 1)).isEqualTo(new TokenStatistics(9, 0, DAY.plusDays(1)));
        assertThat(older.get(0L)).isEqualTo(new TokenStatistics(5, 6, DAY));
    }

    @Test
    void rowsOfARangeOfIdsComeWithTheirCountersAndDaysFromPositionZero() {
        TokenTable table = new TokenTable();
        long[] ids = new long[300];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i == 150 ? 0 : i * 0x9E3779B97F4A7C15L;
            table.put(ids[i], i, i + 1, 20_000 + i);
        }
        long[] packed = new long[200];
        int[] days = new int[200];

        table.rows(ids, 100, 300, packed, days);

        for (int i = 100; i < 300; i++) {
            assertThat(TokenTable.spamHits(packed[i - 100])).as("id %d", i).isEqualTo(i);
            assertThat(TokenTable.innocentHits(packed[i - 100])).as("id %d", i).isEqualTo(i + 1);
            assertThat(days[i - 100]).as("id %d", i).isEqualTo(20_000 + i);
        }
        assertThatThrownBy(() -> table.rows(new long[] {12345L}, 0, 1, packed, days))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12345");
    }

    @Test
    void aTableSizedForItsRowsTakesTheSlotsTheyNeedNotTheNextPowerOfTwo() {
        // 1,100,000 rows at a load of 0.6 with an eighth of room: 2,062,502 slots, where a
        // power-of-two table took 2^22, twice the heap
        TokenTable table = new TokenTable(1_100_000);

        assertThat(table.capacity()).isBetween(2_062_500, 2_062_510);
        assertThat(table.heapBytes()).isEqualTo(TokenTable.heapBytesFor(1_100_000));
        assertThat(Integer.bitCount(table.capacity())).isGreaterThan(1);
    }

    @Test
    void aTableThatGrowsByHalvesKeepsEveryRow() {
        // From the smallest table through several grows (each one a capacity that is no power of
        // two, so that probing wraps around an odd end), every row is found with its counters
        TokenTable table = new TokenTable();
        Random random = new Random(5);
        long[] ids = new long[40_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextLong();
            table.put(ids[i], i, i + 1, DAY);
        }
        int grown = table.capacity();

        assertThat(grown).isGreaterThan(40_000).isLessThan((int) (2 * 40_000 / 0.6));
        assertThat(table.size()).isEqualTo(ids.length);
        for (int i = 0; i < ids.length; i++) {
            long packed = table.counters(ids[i]);
            assertThat(TokenTable.spamHits(packed)).as("row %d", i).isEqualTo(i);
            assertThat(TokenTable.innocentHits(packed)).as("row %d", i).isEqualTo(i + 1);
        }
        assertThat(table.counters(random.nextLong())).isEqualTo(TokenTable.ABSENT);
        assertThat(table.longestProbe()).isLessThan(100);
    }

    /**
     * A table of counters only answers lookups as a table of whole rows does, through growth,
     * in four fifths of its heap, and refuses what would read a day it does not keep.
     */
    @Test
    void aTableOfCountersOnlyAnswersLookupsLikeATableOfRowsInLessHeap() {
        TokenTable rows = new TokenTable();
        Random random = new Random(23);
        long[] ids = new long[30_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i == 0 ? 0 : random.nextLong();
            rows.put(ids[i], random.nextInt(1000), random.nextInt(1000), DAY);
        }
        TokenTable counters = TokenTable.countersOnly(10);
        counters.putAll(rows);
        long[] asked = new long[ids.length + 1000];
        System.arraycopy(ids, 0, asked, 0, ids.length);
        for (int i = ids.length; i < asked.length; i++) {
            asked[i] = random.nextLong();
        }
        long[] expected = new long[asked.length];
        long[] actual = new long[asked.length];
        rows.packedCounters(asked, expected);
        counters.packedCounters(asked, actual);
        assertThat(actual).isEqualTo(expected);
        assertThat(counters.size()).isEqualTo(rows.size());

        assertThat(TokenTable.countersOnly(1_100_000).heapBytes())
            .isEqualTo(TokenTable.countersOnlyHeapBytesFor(1_100_000))
            .isEqualTo(TokenTable.heapBytesFor(1_100_000) * 4 / 5);
        assertThatThrownBy(() -> counters.get(ids[1])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> counters.forEach((id, statistics) -> { })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> counters.removeIf((id, statistics) -> true)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new TokenTable().putAll(counters)).isInstanceOf(IllegalArgumentException.class);
    }
}

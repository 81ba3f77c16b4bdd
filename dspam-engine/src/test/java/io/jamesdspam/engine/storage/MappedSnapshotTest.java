package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class MappedSnapshotTest {
    private static MappedSnapshot rows(long... sortedIds) {
        return MappedSnapshot.of(file(sortedIds), 8, sortedIds.length);
    }

    private static ByteBuffer file(long... sortedIds) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + sortedIds.length * MappedSnapshot.ROW);
        buffer.putLong(42);
        for (long id : sortedIds) {
            buffer.putLong(id).putInt((int) (id & 0xFF)).putInt(1).putInt(20000);
        }
        return buffer;
    }

    /** Random 64-bit ids, as CRC-64 token ids are spread, in a snapshot's order. */
    private static long[] evenlySpreadSortedIds(SplittableRandom random, int count) {
        long[] ids = random.longs(count).toArray();
        Arrays.sort(ids);
        return ids;
    }

    /** {@code size} ids to look up: random ones, rows' ids, rows' ids plus one, and both ends of the range (duplicates possible). */
    private static long[] mixOfIds(SplittableRandom random, long[] ids, int size) {
        long[] asked = new long[size];
        for (int i = 0; i < size; i++) {
            int pick = random.nextInt(4);
            asked[i] = pick == 0 ? random.nextLong()
                : pick == 1 ? ids[random.nextInt(ids.length)]
                : pick == 2 ? ids[random.nextInt(ids.length)] + 1
                : (random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE);
        }
        return asked;
    }

    @Test
    void findsEveryRowOfEvenlySpreadIds() {
        SplittableRandom random = new SplittableRandom(16);
        long[] ids = evenlySpreadSortedIds(random, 50_000);
        MappedSnapshot snapshot = rows(ids);
        for (int i = 0; i < ids.length; i++) {
            assertThat(snapshot.indexOf(ids[i])).isEqualTo(i);
        }
        for (int i = 0; i < 1000; i++) {
            long absent = random.nextLong();
            assertThat(snapshot.indexOf(absent)).isEqualTo(Arrays.binarySearch(ids, absent) >= 0 ? Arrays.binarySearch(ids, absent) : -1);
        }
    }

    /** In a cluster the estimated first probe is far off; the bisecting probes bound the search. */
    @Test
    void findsRowsOfClusteredIdsAndTheExtremes() {
        long[] ids = new long[3003];
        ids[0] = Long.MIN_VALUE;
        for (int i = 1; i <= 3000; i++) {
            ids[i] = i <= 1500 ? i : (1L << 60) + i;
        }
        ids[3001] = Long.MAX_VALUE - 1;
        ids[3002] = Long.MAX_VALUE;
        MappedSnapshot snapshot = rows(ids);
        for (int i = 0; i < ids.length; i++) {
            assertThat(snapshot.indexOf(ids[i])).isEqualTo(i);
        }
        assertThat(snapshot.indexOf(0)).isEqualTo(-1);
        assertThat(snapshot.indexOf(1501)).isEqualTo(-1);
        assertThat(snapshot.indexOf((1L << 60) + 1)).isEqualTo(-1);
        assertThat(snapshot.spamHits(5)).isEqualTo(5);
        assertThat(snapshot.lastHitDay(5)).isEqualTo(20000);
    }

    /** Against counting with {@link Arrays#binarySearch}: present, absent, both ends, runs of neighbours. */
    @Test
    void countsTheSortedIdsItDoesNotHold() {
        SplittableRandom random = new SplittableRandom(7);
        long[] ids = evenlySpreadSortedIds(random, 20_000);
        MappedSnapshot snapshot = rows(ids);
        for (int round = 0; round < 50; round++) {
            int size = 1 + random.nextInt(round < 25 ? 40 : 30_000);
            long[] asked = Arrays.stream(mixOfIds(random, ids, size)).distinct().sorted().toArray();
            long expected = Arrays.stream(asked).filter(id -> Arrays.binarySearch(ids, id) < 0).count();
            assertThat(snapshot.countAbsent(asked)).as("round %d, %d ids", round, asked.length).isEqualTo(expected);
        }
        assertThat(snapshot.countAbsent(new long[0])).isZero();
        assertThat(MappedSnapshot.EMPTY.countAbsent(new long[] {1, 2, 3})).isEqualTo(3);
    }

    /**
     * The batched lookup against {@link Arrays#binarySearch}, for evenly spread and clustered ids
     * (the bisecting rounds), message-sized and larger batches, duplicates, and rows already found
     * (the changed rows that win over the snapshot's), which it must leave as they are.
     */
    @Test
    void copiesTheCountersOfTheIdsItHoldsAndLeavesFoundRowsAlone() {
        SplittableRandom random = new SplittableRandom(11);
        long[] spread = evenlySpreadSortedIds(random, 30_000);
        long[] clustered = new long[4003];
        clustered[0] = Long.MIN_VALUE;
        for (int i = 1; i <= 4000; i++) {
            clustered[i] = i <= 2000 ? i * 3L : (1L << 61) + i;
        }
        clustered[4001] = Long.MAX_VALUE - 1;
        clustered[4002] = Long.MAX_VALUE;
        for (long[] ids : new long[][] {spread, clustered}) {
            MappedSnapshot snapshot = rows(ids);
            for (int round = 0; round < 30; round++) {
                int size = 1 + random.nextInt(round < 10 ? 70 : 5_000);
                long[] asked = mixOfIds(random, ids, size);
                TokenRows rows = new TokenRows(size);
                for (int i = 0; i < size; i += 7) {
                    rows.set(i, 1_000_000, 2_000_000);
                }
                snapshot.copyCounters(asked, rows);
                for (int i = 0; i < size; i++) {
                    int row = Arrays.binarySearch(ids, asked[i]);
                    if (i % 7 == 0) {
                        assertThat(rows.spamHits(i)).as("already found %d", i).isEqualTo(1_000_000);
                        assertThat(rows.innocentHits(i)).isEqualTo(2_000_000);
                    } else if (row >= 0) {
                        assertThat(rows.found(i)).as("round %d, id %d", round, asked[i]).isTrue();
                        assertThat(rows.spamHits(i)).isEqualTo(snapshot.spamHits(row));
                        assertThat(rows.innocentHits(i)).isEqualTo(1);
                    } else {
                        assertThat(rows.found(i)).as("round %d, absent id %d", round, asked[i]).isFalse();
                    }
                }
            }
        }
        TokenRows none = new TokenRows(3);
        MappedSnapshot.EMPTY.copyCounters(new long[] {1, 2, 3}, none);
        assertThat(none.found(0) || none.found(1) || none.found(2)).isFalse();
    }

    /** A snapshot just written takes the directory its writer built instead of reading the file again. */
    @Test
    void aDirectoryBuiltWhileWritingFindsTheSameRows() {
        SplittableRandom random = new SplittableRandom(3);
        for (int size : new int[] {1, 15, 16, 17, 1000, 70_000}) {
            long[] ids = evenlySpreadSortedIds(random, size);
            MappedSnapshot.DirectoryBuilder written = new MappedSnapshot.DirectoryBuilder(size);
            for (long id : ids) {
                written.add(id);
            }
            MappedSnapshot snapshot = MappedSnapshot.of(file(ids), 8, size, written);
            long[] asked = new long[2 * size];
            for (int i = 0; i < size; i++) {
                asked[2 * i] = ids[i];
                asked[2 * i + 1] = ids[i] + 1;
            }
            TokenRows rows = new TokenRows(asked.length);
            snapshot.copyCounters(asked, rows);
            for (int i = 0; i < size; i++) {
                assertThat(snapshot.indexOf(ids[i])).as("%d rows, row %d", size, i).isEqualTo(i);
                assertThat(rows.found(2 * i)).isTrue();
                assertThat(rows.found(2 * i + 1)).isEqualTo(Arrays.binarySearch(ids, ids[i] + 1) >= 0);
            }
        }
        MappedSnapshot.DirectoryBuilder oneRowShort = new MappedSnapshot.DirectoryBuilder(2);
        oneRowShort.add(5);
        assertThatThrownBy(() -> MappedSnapshot.of(file(5, 6), 8, 2, oneRowShort)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEmptySnapshotHasNoRow() {
        assertThat(MappedSnapshot.EMPTY.indexOf(0)).isEqualTo(-1);
        assertThat(MappedSnapshot.EMPTY.size()).isZero();
    }
}

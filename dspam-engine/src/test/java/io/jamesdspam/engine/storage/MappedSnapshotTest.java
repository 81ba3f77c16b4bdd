package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class MappedSnapshotTest {
    private static MappedSnapshot rows(long... sortedIds) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + sortedIds.length * MappedSnapshot.ROW);
        buffer.putLong(42);
        for (long id : sortedIds) {
            buffer.putLong(id).putInt((int) (id & 0xFF)).putInt(1).putInt(20000);
        }
        return MappedSnapshot.of(buffer, 8, sortedIds.length);
    }

    /** Random 64-bit ids, as CRC-64 token ids are spread, in a snapshot's order. */
    private static long[] evenlySpreadSortedIds(SplittableRandom random, int count) {
        long[] ids = random.longs(count).toArray();
        Arrays.sort(ids);
        return ids;
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

    /** Interpolation alone would crawl through a cluster; the bisecting probes bound it. */
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
            long[] asked = new long[size];
            for (int i = 0; i < size; i++) {
                int pick = random.nextInt(4);
                asked[i] = pick == 0 ? random.nextLong()
                    : pick == 1 ? ids[random.nextInt(ids.length)]
                    : pick == 2 ? ids[random.nextInt(ids.length)] + 1
                    : (random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE);
            }
            asked = Arrays.stream(asked).distinct().sorted().toArray();
            long expected = Arrays.stream(asked).filter(id -> Arrays.binarySearch(ids, id) < 0).count();
            assertThat(snapshot.countAbsent(asked)).as("round %d, %d ids", round, asked.length).isEqualTo(expected);
        }
        assertThat(snapshot.countAbsent(new long[0])).isZero();
        assertThat(MappedSnapshot.EMPTY.countAbsent(new long[] {1, 2, 3})).isEqualTo(3);
    }

    @Test
    void anEmptySnapshotHasNoRow() {
        assertThat(MappedSnapshot.EMPTY.indexOf(0)).isEqualTo(-1);
        assertThat(MappedSnapshot.EMPTY.size()).isZero();
    }
}

package io.jamesdspam.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;

/**
 * The rows of a sorted snapshot ({@code long id, int spam, int innocent, int lastHitDay}, ids in
 * ascending signed order), read in place from the memory-mapped file. Opening a user therefore
 * costs reading the file once for its checksum, not building a table of every row in the heap:
 * with 10,000 users whose dictionaries mostly sit on disk, the first message of a user after a
 * restart or an unload pays for the tokens it looks up, and the rows live in the page cache,
 * which the operating system shares and reclaims, rather than in James's heap.
 *
 * <p>Token ids are CRC-64 values, spread evenly over the 64-bit range, so an interpolation search
 * finds a row in two or three probes where a bisection of 300,000 rows needs eighteen; every
 * fourth probe bisects, which bounds the search at twice a bisection's probes whatever the ids.
 */
final class MappedSnapshot {
    static final int ROW = 8 + 4 + 4 + 4;
    /** Ids searched side by side by {@link #copyCounters}. */
    private static final int SEARCH_BATCH = 64;
    private static final int ORDER_BITS = 11;
    private static final int ORDER_BUCKETS = 1 << ORDER_BITS;
    static final MappedSnapshot EMPTY = new MappedSnapshot(ByteBuffer.allocate(0), 0);

    private final ByteBuffer rows;
    private final int count;

    private MappedSnapshot(ByteBuffer rows, int count) {
        this.rows = rows;
        this.count = count;
    }

    /** The whole file mapped, for its header and checksum (the mapping outlives the channel). */
    static ByteBuffer mapFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
    }

    /** Rows of a mapped file already checked, from {@code offset}. */
    static MappedSnapshot of(ByteBuffer file, int offset, int count) {
        if (count == 0) {
            return EMPTY;
        }
        ByteBuffer slice = file.duplicate();
        slice.position(offset).limit(offset + count * ROW);
        return new MappedSnapshot(slice.slice(), count);
    }

    int size() {
        return count;
    }

    long id(int row) {
        return rows.getLong(row * ROW);
    }

    int spamHits(int row) {
        return rows.getInt(row * ROW + 8);
    }

    int innocentHits(int row) {
        return rows.getInt(row * ROW + 12);
    }

    int lastHitDay(int row) {
        return rows.getInt(row * ROW + 16);
    }

    TokenStatistics statistics(int row) {
        return new TokenStatistics(spamHits(row), innocentHits(row), LocalDate.ofEpochDay(lastHitDay(row)));
    }

    /**
     * How many of {@code sortedIds} (ascending signed order) have no row here. The search for each
     * id starts where the previous one ended and gallops forward, so the pass costs about one
     * short search per id and reads the snapshot front to back.
     */
    int countAbsent(long[] sortedIds) {
        int absent = 0;
        int from = 0;
        for (long id : sortedIds) {
            from = firstRowNotBelow(id, from);
            if (from == count || id(from) != id) {
                absent++;
            }
        }
        return absent;
    }

    /** The first row at or after {@code from} whose id is not below {@code id} ({@link #size()} if none). */
    private int firstRowNotBelow(long id, int from) {
        int low = from;
        int step = 1;
        int high = from;
        while (high < count && id(high) < id) {
            low = high + 1;
            high = from + step;
            step <<= 1;
        }
        high = Math.min(high, count);
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (id(middle) < id) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * Fills {@code rows} for every id of {@code ids} that it does not hold yet and this snapshot
     * has. The searches of a batch of ids advance together, one probe each per round: the probes of
     * a round do not depend on one another, so the processor waits for their cache misses (and the
     * page cache's) side by side instead of one after the other, as a search per id would.
     */
    void copyCounters(long[] ids, TokenRows rows) {
        if (count == 0) {
            return;
        }
        int[] order = missingInIdOrder(ids, rows);
        int[] pending = new int[SEARCH_BATCH];
        int[] low = new int[SEARCH_BATCH];
        int[] high = new int[SEARCH_BATCH];
        int[] probe = new int[SEARCH_BATCH];
        long[] probeId = new long[SEARCH_BATCH];
        for (int start = 0; start < order.length; start += SEARCH_BATCH) {
            int searching = 0;
            for (int next = start; next < Math.min(order.length, start + SEARCH_BATCH); next++) {
                pending[searching] = order[next];
                low[searching] = 0;
                high[searching] = count - 1;
                searching++;
            }
            for (int round = 1; searching > 0; round++) {
                // Where each search looks next, and the id there: independent reads.
                for (int k = 0; k < searching; k++) {
                    probe[k] = nextProbe(ids[pending[k]], low[k], high[k], round);
                    probeId[k] = probe[k] < 0 ? 0 : id(probe[k]);
                }
                int still = 0;
                for (int k = 0; k < searching; k++) {
                    int row = probe[k];
                    if (row < 0) {
                        continue;
                    }
                    long id = ids[pending[k]];
                    if (probeId[k] == id) {
                        rows.set(pending[k], spamHits(row), innocentHits(row));
                        continue;
                    }
                    int newLow = probeId[k] < id ? row + 1 : low[k];
                    int newHigh = probeId[k] < id ? high[k] : row - 1;
                    if (newLow <= newHigh) {
                        pending[still] = pending[k];
                        low[still] = newLow;
                        high[still] = newHigh;
                        still++;
                    }
                }
                searching = still;
            }
        }
    }

    /**
     * The positions of the ids not found yet, ordered by their leading bits (a counting sort):
     * consecutive searches then look at neighbouring rows, so the snapshot is read front to back
     * instead of at a random page per id.
     */
    private static int[] missingInIdOrder(long[] ids, TokenRows rows) {
        int[] bucketStart = new int[ORDER_BUCKETS + 1];
        int missing = 0;
        for (int i = 0; i < ids.length; i++) {
            if (!rows.found(i)) {
                bucketStart[bucket(ids[i]) + 1]++;
                missing++;
            }
        }
        for (int b = 0; b < ORDER_BUCKETS; b++) {
            bucketStart[b + 1] += bucketStart[b];
        }
        int[] order = new int[missing];
        for (int i = 0; i < ids.length; i++) {
            if (!rows.found(i)) {
                order[bucketStart[bucket(ids[i])]++] = i;
            }
        }
        return order;
    }

    /** The leading bits of an id, in the signed order of the rows (the sign bit flipped). */
    private static int bucket(long id) {
        return (int) ((id ^ Long.MIN_VALUE) >>> (64 - ORDER_BITS));
    }

    /**
     * The next row to probe for {@code id} within {@code [low, high]} (both held by a row), or -1
     * when the id is outside the ids there: interpolated, every fourth round bisected.
     */
    private int nextProbe(long id, int low, int high, int round) {
        long lowId = id(low);
        long highId = id(high);
        if (id < lowId || id > highId) {
            return -1;
        }
        if ((round & 3) == 0 || lowId == highId) {
            return (low + high) >>> 1;
        }
        double fraction = ((double) id - (double) lowId) / ((double) highId - (double) lowId);
        int probe = low + (int) (fraction * (high - low));
        return Math.max(low, Math.min(high, probe));
    }

    /** The row holding {@code id}, or -1. */
    int indexOf(long id) {
        int low = 0;
        int high = count - 1;
        for (int round = 1; low <= high; round++) {
            int probe = nextProbe(id, low, high, round);
            if (probe < 0) {
                return -1;
            }
            long probeId = id(probe);
            if (probeId == id) {
                return probe;
            }
            if (probeId < id) {
                low = probe + 1;
            } else {
                high = probe - 1;
            }
        }
        return -1;
    }
}

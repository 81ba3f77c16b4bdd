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
 * <p>A search starts from a small directory in the heap (the first row of each run of ids sharing
 * their leading bits, about one entry per {@value #ROWS_PER_BUCKET} rows, built while the
 * snapshot is written or read for its checksum), so it reads one or two cache lines of the file where a search of the
 * whole file read ten rows apart from one another (the ids are CRC-64 values, but not spread
 * evenly enough for interpolation to find a row of 50,000 in two probes: it took ten). Within
 * the run, the first probe is computed from where the id falls in the range of ids the run
 * stands for (no row is read to choose it), the second is the neighbour the first pointed to, and
 * the rest bisect. Interpolating between the ids read at the run's two ends cost those two reads
 * in every round: a lookup of a real dictionary's token took ≈ 220 ns, and takes ≈ 95 now.
 */
final class MappedSnapshot {
    static final int ROW = 8 + 4 + 4 + 4;
    /** Ids searched side by side by {@link #copyCounters}. */
    private static final int SEARCH_BATCH = 64;
    private static final int ORDER_BITS = 11;
    private static final int ORDER_BUCKETS = 1 << ORDER_BITS;
    /** Rows per directory entry, on average. */
    private static final int ROWS_PER_BUCKET = 8;
    private static final int MOST_DIRECTORY_BITS = 24;
    static final MappedSnapshot EMPTY = new MappedSnapshot(ByteBuffer.allocate(0), 0, new int[] {0, 0});

    private final ByteBuffer rows;
    private final int count;
    /** Leading bits of an id that choose its directory entry. */
    private final int directoryBits;
    /** {@code directory[b]}: the first row whose id's leading bits are {@code b} or more; one more entry, {@code count}. */
    private final int[] directory;

    private MappedSnapshot(ByteBuffer rows, int count, int[] directory) {
        this.rows = rows;
        this.count = count;
        this.directoryBits = directoryBits(count);
        this.directory = directory;
    }

    /** The directory of rows read from a file: one pass over their ids. */
    private static int[] readDirectory(ByteBuffer rows, int count) {
        DirectoryBuilder builder = new DirectoryBuilder(count);
        for (int row = 0; row < count; row++) {
            builder.add(rows.getLong(row * ROW));
        }
        return builder.finish();
    }

    private static int directoryBits(int count) {
        int bits = 0;
        while (bits < MOST_DIRECTORY_BITS && ((long) ROWS_PER_BUCKET << (bits + 1)) <= count) {
            bits++;
        }
        return bits;
    }

    /**
     * The directory of a snapshot of {@code count} rows, fed its ids in row order: by the reading
     * of a file, or by the writing of one, which then needs no second pass over the new file.
     */
    static final class DirectoryBuilder {
        private final int count;
        private final int bits;
        private final int[] firstRows;
        private int bucket;
        private int row;

        DirectoryBuilder(int count) {
            this.count = count;
            this.bits = directoryBits(count);
            this.firstRows = new int[(1 << bits) + 1];
        }

        void add(long id) {
            int idBucket = leadingBits(id, bits);
            while (bucket <= idBucket) {
                firstRows[bucket++] = row;
            }
            row++;
        }

        int[] finish() {
            if (row != count) {
                throw new IllegalStateException("A directory of " + count + " rows was given " + row);
            }
            while (bucket < firstRows.length) {
                firstRows[bucket++] = row;
            }
            return firstRows;
        }
    }

    /** The leading {@code bits} bits of an id, in the signed order of the rows (the sign bit flipped). */
    private static int leadingBits(long id, int bits) {
        return bits == 0 ? 0 : (int) ((id ^ Long.MIN_VALUE) >>> (64 - bits));
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
        ByteBuffer rows = rowsOf(file, offset, count);
        return new MappedSnapshot(rows, count, readDirectory(rows, count));
    }

    /** Rows of a mapped file just written, with the directory its writing built. */
    static MappedSnapshot of(ByteBuffer file, int offset, int count, DirectoryBuilder written) {
        return count == 0 ? EMPTY : new MappedSnapshot(rowsOf(file, offset, count), count, written.finish());
    }

    private static ByteBuffer rowsOf(ByteBuffer file, int offset, int count) {
        ByteBuffer slice = file.duplicate();
        slice.position(offset).limit(offset + count * ROW);
        return slice.slice();
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
                long id = ids[order[next]];
                int bucket = leadingBits(id, directoryBits);
                if (directory[bucket] < directory[bucket + 1]) {
                    pending[searching] = order[next];
                    low[searching] = directory[bucket];
                    high[searching] = directory[bucket + 1] - 1;
                    probe[searching] = estimatedRow(id, low[searching], high[searching]);
                    searching++;
                }
            }
            for (int round = 1; searching > 0; round++) {
                // The id at each search's probe: independent reads.
                for (int k = 0; k < searching; k++) {
                    probeId[k] = id(probe[k]);
                }
                int still = 0;
                for (int k = 0; k < searching; k++) {
                    int row = probe[k];
                    long id = ids[pending[k]];
                    if (probeId[k] == id) {
                        rows.set(pending[k], spamHits(row), innocentHits(row));
                        continue;
                    }
                    boolean above = probeId[k] < id;
                    int newLow = above ? row + 1 : low[k];
                    int newHigh = above ? high[k] : row - 1;
                    if (newLow <= newHigh) {
                        pending[still] = pending[k];
                        low[still] = newLow;
                        high[still] = newHigh;
                        probe[still] = nextProbe(newLow, newHigh, above, round);
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
                bucketStart[leadingBits(ids[i], ORDER_BITS) + 1]++;
                missing++;
            }
        }
        for (int b = 0; b < ORDER_BUCKETS; b++) {
            bucketStart[b + 1] += bucketStart[b];
        }
        int[] order = new int[missing];
        for (int i = 0; i < ids.length; i++) {
            if (!rows.found(i)) {
                order[bucketStart[leadingBits(ids[i], ORDER_BITS)]++] = i;
            }
        }
        return order;
    }

    /**
     * The row of {@code [low, high]}, the directory run of {@code id}, where the id would stand if
     * the run's ids were spread evenly over the ids sharing its leading bits: computed from the
     * id's next 32 bits, without reading a row.
     */
    private int estimatedRow(long id, int low, int high) {
        long within = ((id ^ Long.MIN_VALUE) << directoryBits) >>> 32;
        return low + (int) (((long) (high - low + 1) * within) >>> 32);
    }

    /**
     * The row to probe after a probe missed, leaving {@code [low, high]}: after the estimate, the
     * neighbour on the side the id lies (the estimate is mostly a row or two off), then the middle.
     */
    private static int nextProbe(int low, int high, boolean above, int round) {
        if (round == 1) {
            return above ? low : high;
        }
        return (low + high) >>> 1;
    }

    /** The row holding {@code id}, or -1. */
    int indexOf(long id) {
        if (count == 0) {
            return -1;
        }
        int bucket = leadingBits(id, directoryBits);
        int low = directory[bucket];
        int high = directory[bucket + 1] - 1;
        if (low > high) {
            return -1;
        }
        int probe = estimatedRow(id, low, high);
        for (int round = 1; ; round++) {
            long probeId = id(probe);
            if (probeId == id) {
                return probe;
            }
            boolean above = probeId < id;
            if (above) {
                low = probe + 1;
            } else {
                high = probe - 1;
            }
            if (low > high) {
                return -1;
            }
            probe = nextProbe(low, high, above, round);
        }
    }
}

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

    /** The row holding {@code id}, or -1. */
    int indexOf(long id) {
        int low = 0;
        int high = count - 1;
        int probes = 0;
        while (low <= high) {
            long lowId = id(low);
            long highId = id(high);
            if (id < lowId || id > highId) {
                return -1;
            }
            int probe;
            if ((++probes & 3) == 0 || lowId == highId) {
                probe = (low + high) >>> 1;
            } else {
                double fraction = ((double) id - (double) lowId) / ((double) highId - (double) lowId);
                probe = low + (int) (fraction * (high - low));
                probe = Math.max(low, Math.min(high, probe));
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

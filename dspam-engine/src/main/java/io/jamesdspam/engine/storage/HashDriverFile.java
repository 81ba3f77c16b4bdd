package io.jamesdspam.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.jamesdspam.model.DspamTotals;

/**
 * One user's file of DSPAM's hash driver ({@code <user>.css}), read whole (docs/ENGINE-SPEC.md
 * §10.7): a sequence of extents, each an 80-byte header ({@code hash_rec_max}, the eight totals,
 * padding) followed by {@code hash_rec_max} 24-byte records (token id, innocent hits, spam hits),
 * as DSPAM writes them on a 64-bit little-endian machine (x86-64, arm64: where DSPAM ran). Only the
 * first extent's header holds the user's totals; a record whose token id is 0 is an empty slot.
 *
 * <p>The file is checked as it is read: an extent that claims more records than the file holds,
 * or a file that is not a whole number of extents, is refused naming the offset, so that a file
 * of another layout (a 32-bit DSPAM's, a big-endian one's) is never imported as garbage.
 */
final class HashDriverFile {
    static final int HEADER_BYTES = 80;
    static final int RECORD_BYTES = 24;
    private static final int TOTALS = 8;

    private final DspamTotals totals;
    private final Map<Long, long[]> hits;
    private final int extents;

    private HashDriverFile(DspamTotals totals, Map<Long, long[]> hits, int extents) {
        this.totals = totals;
        this.hits = hits;
        this.extents = extents;
    }

    /** The user's totals (the first extent's), negative values read as 0 as DSPAM writes them. */
    DspamTotals totals() {
        return totals;
    }

    /**
     * Token id → {spam hits, innocent hits}, in the file's order. A token found in two slots (which
     * DSPAM does not write) counts as its first, the one DSPAM's lookup finds.
     */
    Map<Long, long[]> hits() {
        return hits;
    }

    int extents() {
        return extents;
    }

    static HashDriverFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DspamStoreException("Cannot read the hash driver file " + file + ": " + e.getMessage(), e);
        }
        return parse(file, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    }

    static HashDriverFile parse(Path file, ByteBuffer buffer) {
        if (buffer.remaining() < HEADER_BYTES) {
            throw refused(file, 0, "shorter (" + buffer.remaining() + " bytes) than one extent header (" + HEADER_BYTES + ")");
        }
        DspamTotals totals = null;
        Map<Long, long[]> hits = new LinkedHashMap<>();
        int extents = 0;
        while (buffer.hasRemaining()) {
            int offset = buffer.position();
            if (buffer.remaining() < HEADER_BYTES) {
                throw refused(file, offset, buffer.remaining() + " bytes left, less than an extent header");
            }
            long records = buffer.getLong(offset);
            if (records <= 0 || records > (buffer.remaining() - HEADER_BYTES) / RECORD_BYTES) {
                throw refused(file, offset, "the extent claims " + Long.toUnsignedString(records) + " records, "
                    + (buffer.remaining() - HEADER_BYTES) + " bytes follow its header");
            }
            if (totals == null) {
                totals = totals(buffer, offset + Long.BYTES);
            }
            int first = offset + HEADER_BYTES;
            for (int record = 0; record < records; record++) {
                int at = first + record * RECORD_BYTES;
                long token = buffer.getLong(at);
                if (token != 0) {
                    hits.putIfAbsent(token, new long[] {counter(buffer.getLong(at + 2 * Long.BYTES)),
                        counter(buffer.getLong(at + Long.BYTES))});
                }
            }
            buffer.position(first + (int) records * RECORD_BYTES);
            extents++;
        }
        return new HashDriverFile(totals, hits, extents);
    }

    private static DspamTotals totals(ByteBuffer buffer, int offset) {
        long[] values = new long[TOTALS];
        for (int i = 0; i < TOTALS; i++) {
            values[i] = Math.max(0, buffer.getLong(offset + i * Long.BYTES));
        }
        return new DspamTotals(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]);
    }

    /** DSPAM keeps at most {@link TokenUpdate#MAX_HITS} per counter; an unsigned value above is that. */
    private static long counter(long value) {
        return Long.compareUnsigned(value, TokenUpdate.MAX_HITS) > 0 ? TokenUpdate.MAX_HITS : value;
    }

    private static DspamStoreException refused(Path file, int offset, String why) {
        return new DspamStoreException("Not a hash driver file of a 64-bit little-endian DSPAM: " + file + " at byte "
            + offset + ": " + why);
    }
}

package io.jamesdspam.engine.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * Writes the files of a DSPAM that ran the hash driver, as docs/ENGINE-SPEC.md §10.7 lays them out
 * and places tokens: slot = id mod {@code hash_rec_max} (unsigned), linear probing (wrapping) for
 * at most {@link #MAX_SEEK} slots, then the next extent; a new extent when none has room.
 */
public final class HashDriverHome {
    /** dspam.conf's {@code HashMaxSeek} as DSPAM ships it. */
    static final int MAX_SEEK = 10;

    private HashDriverHome() {
    }

    /** {@code <home>/data/<user>/<user>.css} with these totals and token hits ({spam, innocent}), extents of {@code recordsPerExtent}. */
    public static Path writeUser(Path home, String user, DspamTotals totals, Map<Long, long[]> hits, int recordsPerExtent) {
        Path file = home.resolve("data").resolve(user).resolve(user + ".css");
        write(file, totals, hits, recordsPerExtent);
        return file;
    }

    /** What {@code store} holds of {@code user}, written as the hash driver's file of the user. */
    public static Path writeUser(Path home, DspamStore store, DspamUser user, int recordsPerExtent) {
        Map<Long, long[]> hits = new LinkedHashMap<>();
        store.forEachToken(user, (id, statistics) -> hits.put(id, new long[] {statistics.spamHits(), statistics.innocentHits()}));
        return writeUser(home, user.asString(), store.totals(user), hits, recordsPerExtent);
    }

    static void write(Path file, DspamTotals totals, Map<Long, long[]> hits, int recordsPerExtent) {
        List<long[][]> extents = new ArrayList<>();
        for (Map.Entry<Long, long[]> token : hits.entrySet()) {
            if (!place(extents, token.getKey(), token.getValue())) {
                extents.add(new long[recordsPerExtent][]);
                if (!place(extents, token.getKey(), token.getValue())) {
                    throw new IllegalStateException("cannot place token " + token.getKey());
                }
            }
        }
        if (extents.isEmpty()) {
            extents.add(new long[recordsPerExtent][]);
        }
        ByteBuffer buffer = ByteBuffer.allocate(extents.size()
            * (HashDriverFile.HEADER_BYTES + recordsPerExtent * HashDriverFile.RECORD_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        boolean first = true;
        for (long[][] extent : extents) {
            int header = buffer.position();
            buffer.putLong(recordsPerExtent);
            long[] values = first ? new long[] {totals.spamLearned(), totals.innocentLearned(), totals.spamMisclassified(),
                totals.innocentMisclassified(), totals.spamCorpusfed(), totals.innocentCorpusfed(), totals.spamClassified(),
                totals.innocentClassified()} : new long[8];
            for (long value : values) {
                buffer.putLong(value);
            }
            buffer.position(header + HashDriverFile.HEADER_BYTES);
            for (long[] record : extent) {
                buffer.putLong(record == null ? 0 : record[0]);
                buffer.putLong(record == null ? 0 : record[2]);
                buffer.putLong(record == null ? 0 : record[1]);
            }
            first = false;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, buffer.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Record: {id, spam, innocent}. */
    private static boolean place(List<long[][]> extents, long id, long[] spamAndInnocent) {
        for (long[][] extent : extents) {
            int home = (int) Long.remainderUnsigned(id, extent.length);
            for (int seek = 0; seek < MAX_SEEK; seek++) {
                int slot = (home + seek) % extent.length;
                if (extent[slot] == null) {
                    extent[slot] = new long[] {id, spamAndInnocent[0], spamAndInnocent[1]};
                    return true;
                }
            }
        }
        return false;
    }
}

package io.jamesdspam.engine.tokenize.conformance;

import java.util.Arrays;

/** Spam and innocent hit counters per token id, as a DSPAM store holds them; primitive open addressing. */
final class TokenCounts {
    private static final long EMPTY = 0L;
    private long[] ids = new long[1 << 16];
    private int[] spam = new int[1 << 16];
    private int[] innocent = new int[1 << 16];
    private boolean hasZeroId;
    private int zeroSpam;
    private int zeroInnocent;
    private int size;

    void add(long id, boolean isSpam) {
        if (id == EMPTY) {
            hasZeroId = true;
            if (isSpam) {
                zeroSpam++;
            } else {
                zeroInnocent++;
            }
            return;
        }
        if ((size + 1) * 2 > ids.length) {
            grow();
        }
        int i = slot(id, ids.length - 1);
        while (ids[i] != EMPTY && ids[i] != id) {
            i = (i + 1) & (ids.length - 1);
        }
        if (ids[i] == EMPTY) {
            ids[i] = id;
            size++;
        }
        if (isSpam) {
            spam[i]++;
        } else {
            innocent[i]++;
        }
    }

    private static int slot(long id, int mask) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }

    private void grow() {
        long[] oldIds = ids;
        int[] oldSpam = spam;
        int[] oldInnocent = innocent;
        ids = new long[oldIds.length * 2];
        spam = new int[ids.length];
        innocent = new int[ids.length];
        for (int j = 0; j < oldIds.length; j++) {
            if (oldIds[j] != EMPTY) {
                int i = slot(oldIds[j], ids.length - 1);
                while (ids[i] != EMPTY) {
                    i = (i + 1) & (ids.length - 1);
                }
                ids[i] = oldIds[j];
                spam[i] = oldSpam[j];
                innocent[i] = oldInnocent[j];
            }
        }
    }

    int size() {
        return size + (hasZeroId ? 1 : 0);
    }

    /** All rows sorted by unsigned id: {id, spam, innocent} packed in three parallel arrays. */
    Rows sortedRows() {
        int n = size();
        long[] keys = new long[n];
        int k = 0;
        for (long id : ids) {
            if (id != EMPTY) {
                keys[k++] = id ^ Long.MIN_VALUE;
            }
        }
        if (hasZeroId) {
            keys[k++] = Long.MIN_VALUE;
        }
        Arrays.sort(keys);
        Rows rows = new Rows(n);
        for (int j = 0; j < n; j++) {
            long id = keys[j] ^ Long.MIN_VALUE;
            rows.ids[j] = id;
            if (id == EMPTY) {
                rows.spam[j] = zeroSpam;
                rows.innocent[j] = zeroInnocent;
            } else {
                int i = slot(id, ids.length - 1);
                while (ids[i] != id) {
                    i = (i + 1) & (ids.length - 1);
                }
                rows.spam[j] = spam[i];
                rows.innocent[j] = innocent[i];
            }
        }
        return rows;
    }

    static final class Rows {
        final long[] ids;
        final int[] spam;
        final int[] innocent;

        Rows(int n) {
            ids = new long[n];
            spam = new int[n];
            innocent = new int[n];
        }

        int size() {
            return ids.length;
        }
    }
}

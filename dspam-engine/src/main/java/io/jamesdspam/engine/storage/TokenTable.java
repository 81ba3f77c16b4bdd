package io.jamesdspam.engine.storage;

import java.time.LocalDate;

/**
 * An open-addressing table of token rows keyed by the 64-bit id, with the counters in parallel
 * primitive arrays: an OSB store holds millions of tokens, which boxed maps would make several
 * times larger. Not thread-safe; {@link InMemoryDspamStore} guards it per user.
 */
final class TokenTable {
    private static final int MAX_COUNTER = 0x0FFFFFFF;
    private static final float LOAD_FACTOR = 0.6f;

    private long[] keys;
    private boolean[] used;
    private int[] spam;
    private int[] innocent;
    private int[] lastHitDay;
    private int size;
    private int shift;

    TokenTable() {
        allocate(1024);
    }

    private void allocate(int capacity) {
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        keys = new long[capacity];
        used = new boolean[capacity];
        spam = new int[capacity];
        innocent = new int[capacity];
        lastHitDay = new int[capacity];
    }

    int size() {
        return size;
    }

    private int slotOf(long id) {
        int mask = keys.length - 1;
        // Fibonacci hashing on the product's top bits: DSPAM ids of short tokens end in many zero bits
        int slot = (int) ((id * 0x9E3779B97F4A7C15L) >>> shift);
        while (used[slot] && keys[slot] != id) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    TokenStatistics get(long id) {
        int slot = slotOf(id);
        if (!used[slot]) {
            return null;
        }
        return new TokenStatistics(spam[slot], innocent[slot], LocalDate.ofEpochDay(lastHitDay[slot]));
    }

    void put(long id, long spamHits, long innocentHits, LocalDate lastHit) {
        if (size + 1 > keys.length * LOAD_FACTOR) {
            grow();
        }
        int slot = slotOf(id);
        if (!used[slot]) {
            used[slot] = true;
            keys[slot] = id;
            size++;
        }
        spam[slot] = (int) Math.min(spamHits, MAX_COUNTER);
        innocent[slot] = (int) Math.min(innocentHits, MAX_COUNTER);
        lastHitDay[slot] = (int) lastHit.toEpochDay();
    }

    private void grow() {
        long[] oldKeys = keys;
        boolean[] oldUsed = used;
        int[] oldSpam = spam;
        int[] oldInnocent = innocent;
        int[] oldDay = lastHitDay;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                int slot = slotOf(oldKeys[i]);
                used[slot] = true;
                keys[slot] = oldKeys[i];
                spam[slot] = oldSpam[i];
                innocent[slot] = oldInnocent[i];
                lastHitDay[slot] = oldDay[i];
            }
        }
    }

    void forEach(DspamStore.TokenVisitor visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                visitor.visit(keys[i], new TokenStatistics(spam[i], innocent[i], LocalDate.ofEpochDay(lastHitDay[i])));
            }
        }
    }

    /** Removes the rows the filter selects by rebuilding the table (purges are rare). */
    long removeIf(DspamStore.TokenFilter filter) {
        long[] oldKeys = keys;
        boolean[] oldUsed = used;
        int[] oldSpam = spam;
        int[] oldInnocent = innocent;
        int[] oldDay = lastHitDay;
        int capacity = keys.length;
        allocate(capacity);
        size = 0;
        long removed = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (!oldUsed[i]) {
                continue;
            }
            LocalDate day = LocalDate.ofEpochDay(oldDay[i]);
            if (filter.matches(oldKeys[i], new TokenStatistics(oldSpam[i], oldInnocent[i], day))) {
                removed++;
            } else {
                put(oldKeys[i], oldSpam[i], oldInnocent[i], day);
            }
        }
        return removed;
    }
}

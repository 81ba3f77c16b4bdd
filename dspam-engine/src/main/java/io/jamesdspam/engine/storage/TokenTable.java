package io.jamesdspam.engine.storage;

import java.time.LocalDate;

/**
 * An open-addressing table of token rows keyed by the 64-bit id: an OSB store holds millions of
 * tokens, which boxed maps would make several times larger and slower. Id 0 marks a free slot
 * (as in DSPAM's hash driver); a real id 0 (the CRC of the empty string) is kept aside. Both
 * counters share one {@code long}, so a lookup touches two arrays. Not thread-safe;
 * {@link InMemoryDspamStore} guards it per user.
 */
final class TokenTable {
    private static final long MAX_COUNTER = 0x0FFFFFFFL;
    private static final float LOAD_FACTOR = 0.6f;

    private long[] keys;
    private long[] counters;
    private int[] lastHitDay;
    private int size;
    private int shift;
    private boolean hasZero;
    private long zeroCounters;
    private int zeroDay;

    TokenTable() {
        allocate(1024);
    }

    private void allocate(int capacity) {
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        keys = new long[capacity];
        counters = new long[capacity];
        lastHitDay = new int[capacity];
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    private int slotOf(long id) {
        int mask = keys.length - 1;
        // Fibonacci hashing on the product's top bits: DSPAM ids of short tokens end in many zero bits
        int slot = (int) ((id * 0x9E3779B97F4A7C15L) >>> shift);
        while (keys[slot] != 0 && keys[slot] != id) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static long pack(long spam, long innocent) {
        return Math.min(spam, MAX_COUNTER) << 32 | Math.min(innocent, MAX_COUNTER);
    }

    /** Rows share few distinct days; remembering the last one saves a calendar computation per row. */
    private int cachedDay = Integer.MIN_VALUE;
    private LocalDate cachedDate;

    private TokenStatistics unpack(long packed, int day) {
        if (day != cachedDay) {
            cachedDate = LocalDate.ofEpochDay(day);
            cachedDay = day;
        }
        return new TokenStatistics(packed >>> 32, packed & 0xFFFFFFFFL, cachedDate);
    }

    TokenStatistics get(long id) {
        if (id == 0) {
            return hasZero ? unpack(zeroCounters, zeroDay) : null;
        }
        int slot = slotOf(id);
        return keys[slot] == 0 ? null : unpack(counters[slot], lastHitDay[slot]);
    }

    void put(long id, long spamHits, long innocentHits, LocalDate lastHit) {
        int day = (int) lastHit.toEpochDay();
        if (id == 0) {
            hasZero = true;
            zeroCounters = pack(spamHits, innocentHits);
            zeroDay = day;
            return;
        }
        if (size + 1 > keys.length * LOAD_FACTOR) {
            grow();
        }
        int slot = slotOf(id);
        if (keys[slot] == 0) {
            keys[slot] = id;
            size++;
        }
        counters[slot] = pack(spamHits, innocentHits);
        lastHitDay[slot] = day;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounters = counters;
        int[] oldDay = lastHitDay;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = slotOf(oldKeys[i]);
                keys[slot] = oldKeys[i];
                counters[slot] = oldCounters[i];
                lastHitDay[slot] = oldDay[i];
            }
        }
    }

    void forEach(DspamStore.TokenVisitor visitor) {
        if (hasZero) {
            visitor.visit(0, unpack(zeroCounters, zeroDay));
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                visitor.visit(keys[i], unpack(counters[i], lastHitDay[i]));
            }
        }
    }

    /** Removes the rows the filter selects by rebuilding the table (purges are rare). */
    long removeIf(DspamStore.TokenFilter filter) {
        long removed = 0;
        if (hasZero && filter.matches(0, unpack(zeroCounters, zeroDay))) {
            hasZero = false;
            removed++;
        }
        long[] oldKeys = keys;
        long[] oldCounters = counters;
        int[] oldDay = lastHitDay;
        allocate(oldKeys.length);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] == 0) {
                continue;
            }
            TokenStatistics statistics = unpack(oldCounters[i], oldDay[i]);
            if (filter.matches(oldKeys[i], statistics)) {
                removed++;
            } else {
                put(oldKeys[i], statistics.spamHits(), statistics.innocentHits(), statistics.lastHit());
            }
        }
        return removed;
    }
}

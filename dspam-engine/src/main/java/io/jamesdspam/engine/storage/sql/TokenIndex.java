package io.jamesdspam.engine.storage.sql;

import java.util.Arrays;

/**
 * Token ids numbered 0, 1, 2, … in the order they were first added, so that what belongs to an id
 * can be kept in plain arrays at its number. Open addressing with linear probing, spread by
 * Fibonacci hashing's top bits, as {@link io.jamesdspam.engine.storage.TokenTable} does: a
 * {@code HashMap<Long, …>} of DSPAM's ids crowds its buckets far beyond chance (the ids are a CRC,
 * linear in the token's bytes, and {@link Long#hashCode} folds their halves linearly: the ids of 100
 * corpus messages filled 12 buckets with 8 ids or more, where HashMap turns buckets into trees),
 * and boxes every id. Ids go in, and a larger table is filled again, in first-added order, never
 * in the slot order of a table hashed alike, so the probe runs stay short without a salt.
 */
final class TokenIndex {
    private static final long FIBONACCI = 0x9E3779B97F4A7C15L;
    private static final int MINIMUM_SLOTS = 16;

    /** The ids by number. */
    private long[] ids;
    /** Per slot: the number of the id there, plus one; 0 for a free slot. */
    private int[] slots;
    /** 64 minus the log2 of the slots: the product's top bits name the home slot. */
    private int shift;
    private int size;

    TokenIndex(int expectedIds) {
        ids = new long[Math.max(expectedIds, 1)];
        allocateSlots(slotsFor(expectedIds));
    }

    /** Slots for {@code ids} ids at most half full. */
    private static int slotsFor(int ids) {
        return Math.max(MINIMUM_SLOTS, Integer.highestOneBit(Math.max(ids, 1) * 2 - 1) * 2);
    }

    private void allocateSlots(int count) {
        slots = new int[count];
        shift = Long.numberOfLeadingZeros(count) + 1;
    }

    /** The number of {@code id}, or -1 when it was not added. */
    int indexOf(long id) {
        return slots[slotOf(id)] - 1;
    }

    /** The number of {@code id}: the one it has, or the next one, {@link #size()} before the call. */
    int add(long id) {
        int slot = slotOf(id);
        if (slots[slot] != 0) {
            return slots[slot] - 1;
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
        }
        ids[size] = id;
        slots[slot] = ++size;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return size - 1;
    }

    long idAt(int index) {
        return ids[index];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Every id removed; the arrays kept for the next ones. */
    void clear() {
        Arrays.fill(slots, 0);
        size = 0;
    }

    private int home(long id) {
        return (int) ((id * FIBONACCI) >>> shift);
    }

    /** The slot holding {@code id}, or the free slot where it would go. */
    private int slotOf(long id) {
        int mask = slots.length - 1;
        int slot = home(id);
        int entry;
        while ((entry = slots[slot]) != 0 && ids[entry - 1] != id) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void rehash(int count) {
        allocateSlots(count);
        int mask = count - 1;
        for (int index = 0; index < size; index++) {
            int slot = home(ids[index]);
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = index + 1;
        }
    }
}

package io.jamesdspam.engine.storage;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An open-addressing table of token rows keyed by the 64-bit id: an OSB store holds millions of
 * tokens, which boxed maps would make several times larger and slower. Id 0 marks a free slot
 * (as in DSPAM's hash driver); a real id 0 (the CRC of the empty string) is kept aside.
 *
 * <p>A trained user's table is far larger than the CPU caches, so a lookup's cost is its cache
 * misses: each slot's id and its two counters (packed in one {@code long}) sit side by side in
 * one array, so that a hit costs one miss; the last-hit days, which only purges and dumps read,
 * live apart. Not thread-safe; the stores guard it per user.
 *
 * <p>A table has as many slots as its rows need at the load factor, not the next power of two: a
 * dictionary just past a power of two took twice the heap it needed, and the heap copies of
 * dictionaries share one budget, so that rounding decided how many users were looked up in the
 * heap rather than in their mapped snapshots. A table sized for {@code n} rows has room for an
 * eighth more (a cached user's new words go in without a grow) and grows by half.
 *
 * <p>A table may keep no last-hit days ({@link #countersOnly}): a store's heap copy of a user's rows
 * serves lookups of counters only, and the days were a fifth of its heap, so of how many users
 * the cache holds. Reading a row's day from such a table is refused.
 *
 * <p>Each table hashes with its own random salt. Linear probing degrades to quadratic time when
 * rows arrive in the slot order of a table hashed the same way but larger (a snapshot written from
 * a table that purges left oversized, read into a right-sized one): with a salt, one table's
 * iteration order is noise to another's. Without it, loading a mature user's snapshot took minutes.
 */
final class TokenTable {
    /** What {@link #counters} answers for an id with no row (packed counters are never negative). */
    static final long ABSENT = -1L;
    private static final long MAX_COUNTER = 0x0FFFFFFFL;
    private static final float LOAD_FACTOR = 0.6f;
    private static final int FEWEST_SLOTS = 1024;
    /** The slot array is {@code long[2 × slots]}, which Java indexes with an int. */
    private static final int MOST_SLOTS = (Integer.MAX_VALUE - 8) / 2;

    /** Ids read ahead per batch by {@link #copyCounters}: their lines stay in the first-level cache until looked up. */
    private static final int LOOKUP_BATCH = 64;
    /** The sum of the slots {@link #copyCounters} last read ahead; never read, see there. */
    private long lastTouched;

    /** Slot i: id at [2i], packed counters at [2i + 1]. */
    private long[] slots;
    /** By slot; null when the table {@link #keepsDays keeps no days}. */
    private int[] lastHitDay;
    private final boolean keepsDays;
    private int capacity;
    private final long salt = ThreadLocalRandom.current().nextLong() | 1;
    private int size;
    private boolean hasZero;
    private long zeroCounters;
    private int zeroDay;

    TokenTable() {
        this(0);
    }

    /** A table that holds {@code expectedRows} without growing (a snapshot's row count). */
    TokenTable(int expectedRows) {
        this(expectedRows, true);
    }

    private TokenTable(int expectedRows, boolean keepsDays) {
        this.keepsDays = keepsDays;
        allocate(slotsFor(expectedRows));
    }

    /**
     * A table of ids and counters that holds {@code expectedRows} without growing and keeps no
     * last-hit days: what lookups of counters ({@link #copyCounters}, {@link #counters}) read,
     * in four fifths of the heap. A day given to a put is dropped; reading one is refused.
     */
    static TokenTable countersOnly(int expectedRows) {
        return new TokenTable(expectedRows, false);
    }

    private static int slotsFor(long expectedRows) {
        long rows = expectedRows + expectedRows / 8 + 1;
        return (int) Math.min(MOST_SLOTS, Math.max(FEWEST_SLOTS, (long) Math.ceil(rows / (double) LOAD_FACTOR)));
    }

    /** Heap a table sized for {@code expectedRows} takes. */
    static long heapBytesFor(int expectedRows) {
        return (long) slotsFor(expectedRows) * bytesPerSlot(true);
    }

    /** Heap a {@link #countersOnly} table sized for {@code expectedRows} takes. */
    static long countersOnlyHeapBytesFor(int expectedRows) {
        return (long) slotsFor(expectedRows) * bytesPerSlot(false);
    }

    private static int bytesPerSlot(boolean keepsDays) {
        return 2 * Long.BYTES + (keepsDays ? Integer.BYTES : 0);
    }

    /**
     * Replaces the arrays by empty ones of {@code slotCount} slots. Both arrays are allocated before
     * any field changes: an OutOfMemoryError here must leave the table as it was (the fuzzer found a
     * table whose capacity had doubled while its arrays had not, failing every later lookup).
     */
    private void allocate(int slotCount) {
        long[] newSlots = new long[2 * slotCount];
        int[] newDays = keepsDays ? new int[slotCount] : null;
        slots = newSlots;
        lastHitDay = newDays;
        capacity = slotCount;
    }

    /**
     * Grows now, if {@code more} new rows would make it grow, so that they then go in without
     * allocating: a store reserves before committing a message, so that running out of memory
     * fails the message before anything is written rather than half-way through showing it.
     */
    void reserve(int more) {
        if (size + (long) more + 1 > capacity * LOAD_FACTOR) {
            resize(Math.max(grownCapacity(), slotsFor(size + (long) more)));
        }
    }

    /** Slots allocated (for tests: a reserved table must not grow while the reserved rows go in). */
    int capacity() {
        return capacity;
    }

    int size() {
        return size + (hasZero ? 1 : 0);
    }

    /**
     * Fibonacci hashing, the product's top 32 bits (DSPAM ids of short tokens end in many zero
     * bits) scaled to the capacity by a multiplication, which needs no power-of-two table.
     */
    private int home(long id) {
        long hash = ((id ^ salt) * 0x9E3779B97F4A7C15L) >>> 32;
        return (int) ((hash * capacity) >>> 32);
    }

    /** The slot holding {@code id}, or the free slot where it would go. */
    private int slotOf(long id) {
        int slot = home(id);
        long key;
        while ((key = slots[2 * slot]) != 0 && key != id) {
            if (++slot == capacity) {
                slot = 0;
            }
        }
        return slot;
    }

    static long pack(long spam, long innocent) {
        return Math.min(spam, MAX_COUNTER) << 32 | Math.min(innocent, MAX_COUNTER);
    }

    static long spamHits(long packed) {
        return packed >>> 32;
    }

    static long innocentHits(long packed) {
        return packed & 0xFFFFFFFFL;
    }

    /** Rows share few distinct days; remembering the last one saves a calendar computation per row. */
    private int cachedDay = Integer.MIN_VALUE;
    private LocalDate cachedDate;

    private TokenStatistics unpack(long packed, int day) {
        if (day != cachedDay) {
            cachedDate = LocalDate.ofEpochDay(day);
            cachedDay = day;
        }
        return new TokenStatistics(spamHits(packed), innocentHits(packed), cachedDate);
    }

    /** The packed counters of {@code id} ({@link #spamHits}, {@link #innocentHits}), or {@link #ABSENT}. */
    long counters(long id) {
        if (id == 0) {
            return hasZero ? zeroCounters : ABSENT;
        }
        int slot = slotOf(id);
        return slots[2 * slot] == 0 ? ABSENT : slots[2 * slot + 1];
    }

    /**
     * Fills {@code rows} with the counters of {@code ids}, position by position, a batch at a time:
     * first one plain read of each id's home slot, reads that do not wait for one another (no
     * branch on what they find), so the CPU has the batch's cache misses in flight together; then
     * the lookups, which find those lines cached. Looked up one by one, each miss was waited for
     * alone: the largest cost of a classification after tokenizing.
     */
    void copyCounters(long[] ids, TokenRows rows) {
        for (int start = 0; start < ids.length; start += LOOKUP_BATCH) {
            int end = Math.min(ids.length, start + LOOKUP_BATCH);
            readAhead(ids, start, end);
            for (int i = start; i < end; i++) {
                long packed = counters(ids[i]);
                if (packed != ABSENT) {
                    rows.set(i, spamHits(packed), innocentHits(packed));
                }
            }
        }
    }

    /** {@link #counters} of every id into {@code packed}, position by position, read ahead as {@link #copyCounters} does. */
    void packedCounters(long[] ids, long[] packed) {
        for (int start = 0; start < ids.length; start += LOOKUP_BATCH) {
            int end = Math.min(ids.length, start + LOOKUP_BATCH);
            readAhead(ids, start, end);
            for (int i = start; i < end; i++) {
                packed[i] = counters(ids[i]);
            }
        }
    }

    /**
     * The packed counters and last-hit days of {@code ids[from]} to {@code ids[to - 1]}, rows of
     * this table all (a compaction's changed rows, in id order), into {@code packed} and {@code days}
     * from position 0, read ahead as {@link #copyCounters} does: a compaction looked its changed
     * rows up one at a time, a cache miss each, a third of compacting a large dictionary.
     */
    void rows(long[] ids, int from, int to, long[] packed, int[] days) {
        requireDays();
        for (int start = from; start < to; start += LOOKUP_BATCH) {
            int end = Math.min(to, start + LOOKUP_BATCH);
            readAhead(ids, start, end);
            for (int i = start; i < end; i++) {
                long id = ids[i];
                boolean zero = id == 0;
                int slot = zero ? -1 : slotOf(id);
                if (zero ? !hasZero : slots[2 * slot] == 0) {
                    throw new IllegalArgumentException("No row " + id + " in the table");
                }
                packed[i - from] = zero ? zeroCounters : slots[2 * slot + 1];
                days[i - from] = zero ? zeroDay : lastHitDay[slot];
            }
        }
    }

    /** One plain read of the home slot of each id from {@code start} to {@code end}, none waiting for another. */
    private void readAhead(long[] ids, int start, int end) {
        long touched = 0;
        for (int i = start; i < end; i++) {
            touched += slots[2 * home(ids[i])];
        }
        // Kept, so that the compiler keeps the reads that produced it
        lastTouched += touched;
    }

    TokenStatistics get(long id) {
        requireDays();
        if (id == 0) {
            return hasZero ? unpack(zeroCounters, zeroDay) : null;
        }
        int slot = slotOf(id);
        return slots[2 * slot] == 0 ? null : unpack(slots[2 * slot + 1], lastHitDay[slot]);
    }

    void put(long id, long spamHits, long innocentHits, LocalDate lastHit) {
        put(id, spamHits, innocentHits, (int) lastHit.toEpochDay());
    }

    void put(long id, long spamHits, long innocentHits, int day) {
        putPacked(id, pack(spamHits, innocentHits), day);
    }

    private void putPacked(long id, long packed, int day) {
        if (id == 0) {
            hasZero = true;
            zeroCounters = packed;
            zeroDay = day;
            return;
        }
        if (size + 1 > capacity * LOAD_FACTOR) {
            grow();
        }
        int slot = slotOf(id);
        if (slots[2 * slot] == 0) {
            slots[2 * slot] = id;
            size++;
        }
        slots[2 * slot + 1] = packed;
        if (keepsDays) {
            lastHitDay[slot] = day;
        }
    }

    /**
     * Puts the first {@code count} rows given side by side ({@code packed} as {@link #pack} makes
     * them), a batch at a time with their home slots read ahead as {@link #copyCounters} does:
     * copying a dictionary into a table far larger than the CPU caches one row at a time waited
     * for one cache miss per row (≈ 300 ms for 2 M rows).
     */
    void putAll(long[] ids, long[] packed, int[] days, int count) {
        for (int start = 0; start < count; start += LOOKUP_BATCH) {
            int end = Math.min(count, start + LOOKUP_BATCH);
            readAhead(ids, start, end);
            for (int i = start; i < end; i++) {
                putPacked(ids[i], packed[i], days[i]);
            }
        }
    }

    /**
     * Puts each update's new counters with last-hit day {@code day}, a batch at a time as
     * {@link #putAll(long[], long[], int[], int)} does: a message's updates (TOE's ≈ 300 learned
     * patterns of each classification) were put one cache miss at a time.
     */
    void putAll(List<TokenUpdate> updates, int day) {
        int batch = Math.min(LOOKUP_BATCH, updates.size());
        long[] ids = new long[batch];
        long[] packed = new long[batch];
        int[] days = new int[batch];
        Arrays.fill(days, day);
        int count = 0;
        for (TokenUpdate update : updates) {
            ids[count] = update.tokenId();
            packed[count] = pack(update.spamHits(), update.innocentHits());
            if (++count == batch) {
                putAll(ids, packed, days, count);
                count = 0;
            }
        }
        putAll(ids, packed, days, count);
    }

    /** Every row of {@code other}, its values replacing this table's, put as {@link #putAll(long[], long[], int[], int)} does. */
    void putAll(TokenTable other) {
        if (keepsDays && !other.keepsDays) {
            throw new IllegalArgumentException("A table of rows with their days cannot be filled from one without");
        }
        if (other.hasZero) {
            putPacked(0, other.zeroCounters, other.zeroDay);
        }
        long[] ids = new long[LOOKUP_BATCH];
        long[] packed = new long[LOOKUP_BATCH];
        int[] days = new int[LOOKUP_BATCH];
        int count = 0;
        for (int i = 0; i < other.capacity; i++) {
            long id = other.slots[2 * i];
            if (id != 0) {
                ids[count] = id;
                packed[count] = other.slots[2 * i + 1];
                days[count] = other.keepsDays ? other.lastHitDay[i] : 0;
                if (++count == LOOKUP_BATCH) {
                    putAll(ids, packed, days, count);
                    count = 0;
                }
            }
        }
        putAll(ids, packed, days, count);
    }

    private void grow() {
        resize(grownCapacity());
    }

    private int grownCapacity() {
        return (int) Math.min(MOST_SLOTS, capacity + (long) capacity / 2);
    }

    private void resize(int slotCount) {
        long[] oldSlots = slots;
        int[] oldDay = lastHitDay;
        int oldCapacity = capacity;
        allocate(slotCount);
        for (int i = 0; i < oldCapacity; i++) {
            long id = oldSlots[2 * i];
            if (id != 0) {
                int slot = slotOf(id);
                slots[2 * slot] = id;
                slots[2 * slot + 1] = oldSlots[2 * i + 1];
                if (keepsDays) {
                    lastHitDay[slot] = oldDay[i];
                }
            }
        }
    }

    /** Heap taken by the table's arrays (for the store's cache budget). */
    long heapBytes() {
        return (long) capacity * bytesPerSlot(keepsDays);
    }

    /** Every stored id in ascending signed order (for writing a sorted snapshot). */
    long[] sortedIds() {
        long[] ids = new long[size()];
        int next = 0;
        if (hasZero) {
            ids[next++] = 0;
        }
        for (int i = 0; i < capacity; i++) {
            if (slots[2 * i] != 0) {
                ids[next++] = slots[2 * i];
            }
        }
        Arrays.sort(ids);
        return ids;
    }

    /** The longest run of probes any stored id needs (for tests of the table's health). */
    int longestProbe() {
        int longest = 0;
        for (int i = 0; i < capacity; i++) {
            long id = slots[2 * i];
            if (id != 0) {
                longest = Math.max(longest, Math.floorMod(i - home(id), capacity) + 1);
            }
        }
        return longest;
    }

    void forEach(DspamStore.TokenVisitor visitor) {
        requireDays();
        if (hasZero) {
            visitor.visit(0, unpack(zeroCounters, zeroDay));
        }
        for (int i = 0; i < capacity; i++) {
            if (slots[2 * i] != 0) {
                visitor.visit(slots[2 * i], unpack(slots[2 * i + 1], lastHitDay[i]));
            }
        }
    }

    /** Removes the rows the filter selects by rebuilding the table (purges are rare). */
    long removeIf(DspamStore.TokenFilter filter) {
        requireDays();
        long removed = 0;
        if (hasZero && filter.matches(0, unpack(zeroCounters, zeroDay))) {
            hasZero = false;
            removed++;
        }
        long[] oldSlots = slots;
        int[] oldDay = lastHitDay;
        int oldCapacity = capacity;
        allocate(oldCapacity);
        size = 0;
        for (int i = 0; i < oldCapacity; i++) {
            long id = oldSlots[2 * i];
            if (id == 0) {
                continue;
            }
            TokenStatistics statistics = unpack(oldSlots[2 * i + 1], oldDay[i]);
            if (filter.matches(id, statistics)) {
                removed++;
            } else {
                put(id, statistics.spamHits(), statistics.innocentHits(), oldDay[i]);
            }
        }
        return removed;
    }

    private void requireDays() {
        if (!keepsDays) {
            throw new IllegalStateException("This table keeps counters only, no last-hit days");
        }
    }
}

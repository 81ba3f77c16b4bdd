package io.jamesdspam.engine.tokenize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The diction (docs/ENGINE-SPEC.md §2.5): the set of distinct tokens of one message, what the
 * tokenizer hands to scoring, training and signatures.
 *
 * <p>One entry per distinct 64-bit id, keeping the first name seen, the number of times the id
 * was emitted (frequency) and a type ({@code 'D'} ordinary token, {@code 'B'} BNR pattern).
 * Iteration order is DSPAM's: ascending unsigned {@code id mod 24593}, and within a bucket,
 * first-emission order. It feeds the heap, the chi-square loop and the signature record order,
 * so it changes results. The BNR streams keep every emission, in order.
 *
 * <p>Names are byte strings held as ISO-8859-1 {@code String}s (one char per byte).
 */
public final class Diction {
    /** DSPAM's diction is a 24593-bucket chained hash table; its bucket order is the iteration order. */
    public static final int BUCKETS = 24593;
    /** {@link #entries()} sorts by bucket in two passes of 8 bits (buckets are below 2^15). */
    private static final int RADIX_BITS = 8;
    private static final int RADIX_MASK = (1 << RADIX_BITS) - 1;
    public static final char TYPE_TOKEN = 'D';
    public static final char TYPE_BNR = 'B';
    /** How every BNR pattern's name begins (docs/ENGINE-SPEC.md §5); spelled out byte by byte in {@code Entry}'s test of it. */
    public static final String PATTERN_NAME_PREFIX = "bnr.";

    private final EntryTable byId;
    private final NameArena names = new NameArena();
    private final List<Entry> emissionOrder;
    /** The BNR streams as entry indexes: the walk reads a position's probability by index. */
    private final IndexStream streamS = new IndexStream();
    private final IndexStream streamC = new IndexStream();
    /** Emission indexes in iteration order, sorted on first use after the last new entry. */
    private int[] iterationOrder;

    /** A diction for a message of unknown length: room for 2,048 tokens before its table grows. */
    public Diction() {
        this(EntryTable.MESSAGE_SLOTS);
    }

    /** A diction sized for {@code expectedEntries} (a control token's one, a signature's records). */
    public static Diction ofExpectedSize(int expectedEntries) {
        return new Diction(EntryTable.slotsFor(expectedEntries));
    }

    /**
     * A message's diction with room for {@code expectedEntries} (its tokenizer's estimate from the
     * message's length) before its table grows: growing rehashes every entry, and a large message's
     * table would otherwise grow three or four times while tokenized.
     */
    public static Diction forMessage(int expectedEntries) {
        int slots = EntryTable.slotsFor(expectedEntries);
        return new Diction(Math.max(EntryTable.SMALLEST_MESSAGE_SLOTS, Math.min(slots, EntryTable.LARGEST_PRESIZED_SLOTS)));
    }

    private Diction(int initialSlots) {
        byId = new EntryTable(initialSlots);
        emissionOrder = new ArrayList<>(initialSlots / 2);
    }

    /** The copy of {@code original}: entries of its own, the same ids, names and streams. */
    private Diction(Diction original) {
        int size = original.emissionOrder.size();
        emissionOrder = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            emissionOrder.add(new Entry(original.emissionOrder.get(i)));
        }
        byId = new EntryTable(original.byId, emissionOrder);
        streamS.copyFrom(original.streamS);
        streamC.copyFrom(original.streamC);
        // Never changed in place (a new entry replaces it): shared until this copy gets one
        iterationOrder = original.iterationOrder;
    }

    /**
     * An independent copy, for processing the same message for another user: scoring changes a
     * diction (BNR lowers entries' frequencies and adds its patterns), so each user needs one of its
     * own, and copying costs a fraction of tokenizing again. The names' bytes are shared: nothing
     * changes them once written, and the copy writes new names into blocks of its own.
     */
    public Diction copy() {
        return new Diction(this);
    }

    /**
     * Adds a token with a known id when the diction has none with that id (one emission; a BNR
     * pattern learned from this message); returns its entry, or null when the id is present.
     */
    public Entry emitIfAbsent(long id, String name, char type) {
        if (byId.get(id) != null) {
            return null;
        }
        Entry entry = add(id, name, type);
        entry.frequency++;
        return entry;
    }

    /** Adds one emission of {@code name} as an ordinary token; returns its (possibly existing) entry. */
    public Entry emit(String name) {
        return emit(DspamCrc64.of(name), name, TYPE_TOKEN);
    }

    /** Adds one emission of a token with a known id; the first name and type seen are kept. */
    public Entry emit(long id, String name, char type) {
        Entry entry = byId.get(id);
        if (entry == null) {
            entry = add(id, name, type);
        }
        entry.frequency++;
        return entry;
    }

    /**
     * Adds one emission of the ordinary token whose name is {@code bytes[from, to)} (hashed up to
     * a NUL, like DSPAM). The name string is only built when the id is new to this message.
     */
    public Entry emit(byte[] bytes, int from, int to) {
        return emit(DspamCrc64.of(bytes, from, to - from), bytes, from, to);
    }

    /** Adds one emission of the ordinary token {@code bytes[from, to)} whose id the caller computed. */
    public Entry emit(long id, byte[] bytes, int from, int to) {
        Entry entry = byId.get(id);
        if (entry == null) {
            int offset = names.store(bytes, from, to);
            entry = add(new Entry(id, names.block(), offset, to - from, emissionOrder.size()));
        }
        entry.frequency++;
        return entry;
    }

    private Entry add(long id, String name, char type) {
        return add(new Entry(id, name, type, emissionOrder.size()));
    }

    private Entry add(Entry entry) {
        long id = entry.id;
        byId.put(id, entry);
        emissionOrder.add(entry);
        iterationOrder = null;
        return entry;
    }

    /** Records an emission in BNR stream {@code s} (body unigrams, or all sparse keys for SBPH/OSB). */
    public void appendToStreamS(Entry entry) {
        streamS.append(entry.emissionIndex);
    }

    /** Records an emission in BNR stream {@code c} (CHAIN body bigrams). */
    public void appendToStreamC(Entry entry) {
        streamC.append(entry.emissionIndex);
    }

    public Entry get(long id) {
        return byId.get(id);
    }

    public boolean contains(long id) {
        return byId.get(id) != null;
    }

    public int size() {
        return emissionOrder.size();
    }

    public boolean isEmpty() {
        return emissionOrder.isEmpty();
    }

    /** Entries in DSPAM's iteration order (bucket, then first emission). */
    public List<Entry> entries() {
        int[] order = indexesInIterationOrder();
        Entry[] sorted = new Entry[order.length];
        for (int i = 0; i < order.length; i++) {
            sorted[i] = emissionOrder.get(order[i]);
        }
        return Collections.unmodifiableList(Arrays.asList(sorted));
    }

    /**
     * The entries' {@link Entry#index() indexes} in DSPAM's iteration order (bucket, then first
     * emission): what {@link #entries()} lists, for a loop that finds its data by index. The array
     * is kept for the next call: do not change it.
     */
    public int[] indexesInIterationOrder() {
        if (iterationOrder == null) {
            iterationOrder = sortedByBucket();
        }
        return iterationOrder;
    }

    /**
     * A stable radix sort of the emission order by bucket (8 bits, then the upper 7): the same order
     * as sorting (bucket, emission index) pairs, in two linear passes. A comparator sort of the
     * entries cost a tenth of a classification, a sort of the pairs still a twentieth. Each index
     * travels with its bucket in one long (bucket above, index below) and both digits are counted in
     * one sweep: passes that looked each bucket up by index, at random, took a third more (JFR).
     */
    private int[] sortedByBucket() {
        int size = emissionOrder.size();
        long[] keyed = new long[size];
        int[] lowStarts = new int[RADIX_MASK + 2];
        int[] highStarts = new int[RADIX_MASK + 2];
        for (int i = 0; i < size; i++) {
            int bucket = bucket(emissionOrder.get(i).id);
            keyed[i] = (long) bucket << Integer.SIZE | i;
            lowStarts[(bucket & RADIX_MASK) + 1]++;
            highStarts[(bucket >>> RADIX_BITS) + 1]++;
        }
        for (int digit = 0; digit <= RADIX_MASK; digit++) {
            lowStarts[digit + 1] += lowStarts[digit];
            highStarts[digit + 1] += highStarts[digit];
        }
        long[] byLowBits = new long[size];
        for (long key : keyed) {
            byLowBits[lowStarts[(int) (key >>> Integer.SIZE) & RADIX_MASK]++] = key;
        }
        int[] order = new int[size];
        for (long key : byLowBits) {
            order[highStarts[(int) (key >>> (Integer.SIZE + RADIX_BITS))]++] = (int) key;
        }
        return order;
    }

    /**
     * The unsigned {@code id mod 24593}: the unsigned id is twice its upper 63 bits plus its low
     * bit, so it is computed with signed arithmetic on non-negative numbers
     * ({@link Long#remainderUnsigned} divides the slow way on this JDK, a twentieth of a classification).
     */
    static int bucket(long id) {
        long half = (id >>> 1) % BUCKETS;
        return (int) ((2 * half + (id & 1)) % BUCKETS);
    }

    /** The entry whose {@link Entry#index() index} is {@code index}. */
    public Entry entryAt(int index) {
        return emissionOrder.get(index);
    }

    /** Entries in first-emission order. */
    public List<Entry> entriesInEmissionOrder() {
        return Collections.unmodifiableList(emissionOrder);
    }

    /** Stream s: the {@link Entry#index() index} of each emission's entry, in order (a copy). */
    public int[] streamS() {
        return streamS.toArray();
    }

    /** Stream c: the {@link Entry#index() index} of each emission's entry, in order (a copy). */
    public int[] streamC() {
        return streamC.toArray();
    }

    /** A growing list of entry indexes. */
    private static final class IndexStream {
        private int[] indexes = new int[0];
        private int length;

        void append(int index) {
            if (length == indexes.length) {
                indexes = Arrays.copyOf(indexes, Math.max(64, 2 * length));
            }
            indexes[length++] = index;
        }

        int[] toArray() {
            return Arrays.copyOf(indexes, length);
        }

        void copyFrom(IndexStream original) {
            indexes = original.toArray();
            length = original.length;
        }
    }

    /** One distinct token of the message. */
    public static final class Entry {
        private final long id;
        private String name;
        private final byte[] nameBlock;
        private final int nameOffset;
        private final int nameLength;
        private final char type;
        private final int emissionIndex;
        private final boolean patternName;
        private int frequency;

        Entry(long id, String name, char type, int emissionIndex) {
            this.id = id;
            this.name = name;
            this.nameBlock = null;
            this.nameOffset = 0;
            this.nameLength = 0;
            this.type = type;
            this.emissionIndex = emissionIndex;
            // A pattern's name is not read: those strings are shared by all messages, and far apart in memory
            this.patternName = type == TYPE_BNR || name.startsWith(PATTERN_NAME_PREFIX);
        }

        /** A copy of {@code original}, for another diction: its frequency changes apart from the original's. */
        private Entry(Entry original) {
            this.id = original.id;
            this.name = original.name;
            this.nameBlock = original.nameBlock;
            this.nameOffset = original.nameOffset;
            this.nameLength = original.nameLength;
            this.type = original.type;
            this.emissionIndex = original.emissionIndex;
            this.patternName = original.patternName;
            this.frequency = original.frequency;
        }

        /** An ordinary token whose name stays bytes until asked for: most names of a message are never read. */
        Entry(long id, byte[] nameBlock, int nameOffset, int nameLength, int emissionIndex) {
            this.id = id;
            this.nameBlock = nameBlock;
            this.nameOffset = nameOffset;
            this.nameLength = nameLength;
            this.type = TYPE_TOKEN;
            this.emissionIndex = emissionIndex;
            this.patternName = startsWithPatternPrefix(nameBlock, nameOffset, nameLength);
        }

        /** Read while the name's bytes were just copied: asked later, it cost a fiftieth of a classification. */
        private static boolean startsWithPatternPrefix(byte[] block, int offset, int length) {
            // Spelled out: most names fail at their first byte
            return length >= 4 && block[offset] == 'b' && block[offset + 1] == 'n' && block[offset + 2] == 'r'
                && block[offset + 3] == '.';
        }

        /** The position of the entry's first emission in this message: 0, 1, 2 … in emission order. */
        public int index() {
            return emissionIndex;
        }

        /** The unsigned 64-bit token id. */
        public long id() {
            return id;
        }

        /** The first name emitted with this id, one char per byte. */
        public String name() {
            if (name == null) {
                name = new String(nameBlock, nameOffset, nameLength, StandardCharsets.ISO_8859_1);
            }
            return name;
        }

        /**
         * The name's characters (one per byte) for a loop that reads them once: no string is built
         * for a name held as bytes, which stays so.
         */
        public CharSequence nameChars() {
            return name != null || nameBlock == null ? name() : new Latin1Chars(nameBlock, nameOffset, nameLength);
        }

        /**
         * Whether the name begins with {@value #PATTERN_NAME_PREFIX}, as every BNR pattern's does (a
         * message's own token may too; TOE learns both from every message).
         */
        public boolean hasPatternName() {
            return patternName;
        }

        public char type() {
            return type;
        }

        /** How many times the id was emitted in this message. */
        public int frequency() {
            return frequency;
        }

        /** BNR may lower or raise an entry's frequency (docs/ENGINE-SPEC.md §5). */
        public void setFrequency(int frequency) {
            this.frequency = frequency;
        }

        @Override
        public String toString() {
            return name() + "#" + Long.toUnsignedString(id) + "x" + frequency + type;
        }
    }

    /** A name held as bytes, read as characters (ISO-8859-1: one char per byte). */
    private static final class Latin1Chars implements CharSequence {
        private final byte[] block;
        private final int offset;
        private final int length;

        Latin1Chars(byte[] block, int offset, int length) {
            this.block = block;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return (char) (block[offset + index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            if (start < 0 || end > length || start > end) {
                throw new IndexOutOfBoundsException("[" + start + ", " + end + ") of " + length);
            }
            return new Latin1Chars(block, offset + start, end - start);
        }

        @Override
        public String toString() {
            return new String(block, offset, length, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Open-addressing id → entry table: no boxing on the tokenizer's hot path; ids are probed in
     * a primitive array, entries only dereferenced on a hit.
     */
    private static final class EntryTable {
        /** A message's table starts this big when nothing says how many tokens it will hold. */
        static final int MESSAGE_SLOTS = 4096;
        /** Bounds of a table sized from a message's length: a small message probes few slots, a huge one grows past 3 MB. */
        static final int SMALLEST_MESSAGE_SLOTS = 512;
        static final int LARGEST_PRESIZED_SLOTS = 1 << 18;
        private static final long[] NO_IDS = new long[1];
        private static final Entry[] NO_SLOTS = new Entry[1];
        /** Slots allocated on the first entry (a diction may stay empty), at most half of them used. */
        private final int initialSlots;
        private long[] ids = NO_IDS;
        private Entry[] slots = NO_SLOTS;
        private int size;

        EntryTable(int initialSlots) {
            this.initialSlots = initialSlots;
        }

        /** The fewest slots (a power of two, at least 4) that hold {@code expectedEntries} at most half full. */
        static int slotsFor(int expectedEntries) {
            int slotCount = 4;
            while (slotCount < 2L * expectedEntries + 2 && slotCount < 1 << 30) {
                slotCount *= 2;
            }
            return slotCount;
        }

        private static int slot(long id, int mask) {
            long h = id * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 32) & mask;
        }

        Entry get(long id) {
            long[] keys = ids;
            int mask = keys.length - 1;
            for (int i = slot(id, mask); ; i = (i + 1) & mask) {
                Entry entry = slots[i];
                if (entry == null || keys[i] == id) {
                    return entry;
                }
            }
        }

        void put(long id, Entry value) {
            if ((size + 1) * 2 > slots.length) {
                grow();
            }
            insert(ids, slots, id, value);
            size++;
        }

        private static void insert(long[] keys, Entry[] table, long id, Entry value) {
            int mask = table.length - 1;
            int i = slot(id, mask);
            while (table[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = id;
            table[i] = value;
        }

        /** {@code original}'s table over {@code copies} (its entries copied, by emission index): same slots, same ids. */
        EntryTable(EntryTable original, List<Entry> copies) {
            initialSlots = original.initialSlots;
            size = original.size;
            if (original.slots != NO_SLOTS) {
                ids = original.ids.clone();
                slots = new Entry[original.slots.length];
                for (int i = 0; i < slots.length; i++) {
                    Entry entry = original.slots[i];
                    if (entry != null) {
                        slots[i] = copies.get(entry.emissionIndex);
                    }
                }
            }
        }

        private void grow() {
            int length = slots == NO_SLOTS ? initialSlots : slots.length * 2;
            long[] biggerIds = new long[length];
            Entry[] bigger = new Entry[length];
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != null) {
                    insert(biggerIds, bigger, ids[i], slots[i]);
                }
            }
            ids = biggerIds;
            slots = bigger;
        }
    }

    /**
     * The names of a message's entries, appended into shared blocks instead of one string each;
     * an entry's string is built on first use.
     */
    static final class NameArena {
        private static final int BLOCK = 16 * 1024;
        /** Allocated on the first name stored: a diction of named entries only (BNR, control token) needs none. */
        private byte[] block = new byte[0];
        private int used;

        /** Copies the name into the current block (which {@link #block()} then returns) and gives its offset. */
        int store(byte[] bytes, int from, int to) {
            int length = to - from;
            if (used + length > block.length) {
                block = new byte[Math.max(BLOCK, length)];
                used = 0;
            }
            System.arraycopy(bytes, from, block, used, length);
            int offset = used;
            used += length;
            return offset;
        }

        byte[] block() {
            return block;
        }
    }
}

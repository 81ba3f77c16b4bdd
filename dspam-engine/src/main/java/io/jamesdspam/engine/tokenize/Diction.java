package io.jamesdspam.engine.tokenize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The diction (ENGINE-SPEC §2.5): the set of distinct tokens of one message, what the
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
    public static final char TYPE_TOKEN = 'D';
    public static final char TYPE_BNR = 'B';

    private final EntryTable byId = new EntryTable();
    private final List<Entry> emissionOrder = new ArrayList<>();
    private final List<Entry> streamS = new ArrayList<>();
    private final List<Entry> streamC = new ArrayList<>();
    private List<Entry> iterationOrder;

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
        long id = DspamCrc64.of(bytes, from, to - from);
        Entry entry = byId.get(id);
        if (entry == null) {
            entry = add(id, new String(bytes, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1), TYPE_TOKEN);
        }
        entry.frequency++;
        return entry;
    }

    private Entry add(long id, String name, char type) {
        Entry entry = new Entry(id, name, type, emissionOrder.size());
        byId.put(id, entry);
        emissionOrder.add(entry);
        iterationOrder = null;
        return entry;
    }

    /** Records an emission in BNR stream {@code s} (body unigrams, or all sparse keys for SBPH/OSB). */
    public void appendToStreamS(Entry entry) {
        streamS.add(entry);
    }

    /** Records an emission in BNR stream {@code c} (CHAIN body bigrams). */
    public void appendToStreamC(Entry entry) {
        streamC.add(entry);
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
        if (iterationOrder == null) {
            List<Entry> sorted = new ArrayList<>(emissionOrder);
            sorted.sort(Comparator.comparingLong((Entry e) -> Long.remainderUnsigned(e.id, BUCKETS))
                .thenComparingInt(e -> e.emissionIndex));
            iterationOrder = Collections.unmodifiableList(sorted);
        }
        return iterationOrder;
    }

    /** Entries in first-emission order. */
    public List<Entry> entriesInEmissionOrder() {
        return Collections.unmodifiableList(emissionOrder);
    }

    public List<Entry> streamS() {
        return Collections.unmodifiableList(streamS);
    }

    public List<Entry> streamC() {
        return Collections.unmodifiableList(streamC);
    }

    /** One distinct token of the message. */
    public static final class Entry {
        private final long id;
        private final String name;
        private final char type;
        private final int emissionIndex;
        private int frequency;

        Entry(long id, String name, char type, int emissionIndex) {
            this.id = id;
            this.name = name;
            this.type = type;
            this.emissionIndex = emissionIndex;
        }

        /** The unsigned 64-bit token id. */
        public long id() {
            return id;
        }

        /** The first name emitted with this id, one char per byte. */
        public String name() {
            return name;
        }

        public char type() {
            return type;
        }

        /** How many times the id was emitted in this message. */
        public int frequency() {
            return frequency;
        }

        /** BNR may lower or raise an entry's frequency (ENGINE-SPEC §5). */
        public void setFrequency(int frequency) {
            this.frequency = frequency;
        }

        @Override
        public String toString() {
            return name + "#" + Long.toUnsignedString(id) + "x" + frequency + type;
        }
    }

    /** Open-addressing id → entry table: no boxing on the tokenizer's hot path. */
    private static final class EntryTable {
        private Entry[] slots = new Entry[1024];
        private int size;

        private static int slot(long id, int mask) {
            long h = id * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 32) & mask;
        }

        Entry get(long id) {
            Entry[] table = slots;
            int mask = table.length - 1;
            for (int i = slot(id, mask); ; i = (i + 1) & mask) {
                Entry entry = table[i];
                if (entry == null || entry.id == id) {
                    return entry;
                }
            }
        }

        void put(long id, Entry value) {
            if ((size + 1) * 2 > slots.length) {
                grow();
            }
            insert(slots, value);
            size++;
        }

        private static void insert(Entry[] table, Entry value) {
            int mask = table.length - 1;
            int i = slot(value.id, mask);
            while (table[i] != null) {
                i = (i + 1) & mask;
            }
            table[i] = value;
        }

        private void grow() {
            Entry[] bigger = new Entry[slots.length * 2];
            for (Entry entry : slots) {
                if (entry != null) {
                    insert(bigger, entry);
                }
            }
            slots = bigger;
        }
    }
}

package io.jamesdspam.engine.storage;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.ToLongFunction;

import io.jamesdspam.engine.tokenize.DspamCrc64;

/**
 * Where each of a user's signatures lies in its {@link JournalSignatureFile}: per signature the
 * 64-bit hash of its id, the position and length of its record's payload and its creation day,
 * in primitive arrays (open addressing, linear probing). The ids stay in the file: a map of id
 * strings to objects took ≈ 135 bytes per signature, ≈ 190 KB for a user mailed 100 times a day
 * (DSPAM keeps 14 days of signatures) and so ≈ 190 MB for 1,000 open users; this takes ≈ 32.
 *
 * <p>Exact, not probabilistic: an entry whose hash equals the id's is confirmed by reading the id
 * from the file ({@link IdReader}), so two ids of equal hash are two entries. A new id almost
 * never meets an equal hash, so {@link #find} reads nothing for it.
 */
final class SignatureIndex {
    /** Reads the id of the record whose payload starts at {@code payloadPosition}. */
    interface IdReader {
        String idAt(long payloadPosition) throws IOException;
    }

    /** Receives an entry. */
    interface EntryVisitor {
        void visit(long idHash, long payloadPosition, int payloadLength, int createdOnDay) throws IOException;
    }

    private static final int MINIMUM_CAPACITY = 16;
    private static final long EMPTY = 0;

    private final IdReader ids;
    private final ToLongFunction<String> idHash;
    private long[] hashes;
    private long[] positions;
    private int[] lengths;
    private int[] days;
    private int size;

    SignatureIndex(IdReader ids) {
        this(ids, DspamCrc64::of);
    }

    /** With another hash of ids (tests: a constant one makes every id meet an equal hash). */
    SignatureIndex(IdReader ids, ToLongFunction<String> idHash) {
        this.ids = ids;
        this.idHash = idHash;
        allocate(MINIMUM_CAPACITY);
    }

    private void allocate(int capacity) {
        hashes = new long[capacity];
        positions = new long[capacity];
        lengths = new int[capacity];
        days = new int[capacity];
    }

    /** A hash as the table holds it (never {@link #EMPTY}). */
    private static long stored(long hash) {
        return hash == EMPTY ? 1 : hash;
    }

    private int home(long hash) {
        return (int) ((hash * 0x9E3779B97F4A7C15L) >>> 33) & (hashes.length - 1);
    }

    int size() {
        return size;
    }

    /** The slot of {@code id}, or -1. */
    int find(String id) throws IOException {
        return find(id, ids);
    }

    /** The slot of {@code id}, or -1; an entry of equal hash is confirmed by {@code reader} (a caller reading the record anyway). */
    int find(String id, IdReader reader) throws IOException {
        long hash = stored(idHash.applyAsLong(id));
        for (int slot = home(hash); hashes[slot] != EMPTY; slot = (slot + 1) & (hashes.length - 1)) {
            if (hashes[slot] == hash && reader.idAt(positions[slot]).equals(id)) {
                return slot;
            }
        }
        return -1;
    }

    long position(int slot) {
        return positions[slot];
    }

    int length(int slot) {
        return lengths[slot];
    }

    int createdOnDay(int slot) {
        return days[slot];
    }

    /** Adds the signature, or moves {@code id} to this record if it is held already. */
    void put(String id, long payloadPosition, int payloadLength, int createdOnDay) throws IOException {
        int existing = find(id);
        if (existing >= 0) {
            set(existing, hashes[existing], payloadPosition, payloadLength, createdOnDay);
            return;
        }
        add(id, payloadPosition, payloadLength, createdOnDay);
    }

    /** Adds the signature as a new entry, without looking for {@code id} first (known not to be held). */
    void add(String id, long payloadPosition, int payloadLength, int createdOnDay) {
        addEntry(idHash.applyAsLong(id), payloadPosition, payloadLength, createdOnDay);
    }

    /** Adds an entry as {@link #forEachEntry} gave it (from an index saved with the file). */
    void addEntry(long idHash, long payloadPosition, int payloadLength, int createdOnDay) {
        if ((size + 1) * 4L > hashes.length * 3L) {
            grow();
        }
        insert(stored(idHash), payloadPosition, payloadLength, createdOnDay);
        size++;
    }

    private void insert(long hash, long payloadPosition, int payloadLength, int createdOnDay) {
        int slot = home(hash);
        while (hashes[slot] != EMPTY) {
            slot = (slot + 1) & (hashes.length - 1);
        }
        set(slot, hash, payloadPosition, payloadLength, createdOnDay);
    }

    private void set(int slot, long hash, long payloadPosition, int payloadLength, int createdOnDay) {
        hashes[slot] = hash;
        positions[slot] = payloadPosition;
        lengths[slot] = payloadLength;
        days[slot] = createdOnDay;
    }

    private void grow() {
        long[] oldHashes = hashes;
        long[] oldPositions = positions;
        int[] oldLengths = lengths;
        int[] oldDays = days;
        allocate(oldHashes.length * 2);
        for (int slot = 0; slot < oldHashes.length; slot++) {
            if (oldHashes[slot] != EMPTY) {
                insert(oldHashes[slot], oldPositions[slot], oldLengths[slot], oldDays[slot]);
            }
        }
    }

    /** Every entry, in no particular order. */
    void forEachEntry(EntryVisitor visitor) throws IOException {
        for (int slot = 0; slot < hashes.length; slot++) {
            if (hashes[slot] != EMPTY) {
                visitor.visit(hashes[slot], positions[slot], lengths[slot], days[slot]);
            }
        }
    }

    /** Every entry, in the order of the records in the file (purges, listings: rare). */
    void forEachInFileOrder(EntryVisitor visitor) throws IOException {
        Integer[] slots = new Integer[size];
        int count = 0;
        for (int slot = 0; slot < hashes.length; slot++) {
            if (hashes[slot] != EMPTY) {
                slots[count++] = slot;
            }
        }
        Arrays.sort(slots, (a, b) -> Long.compare(positions[a], positions[b]));
        for (int slot : slots) {
            visitor.visit(hashes[slot], positions[slot], lengths[slot], days[slot]);
        }
    }

    /** Heap of the arrays, for tests and sizing. */
    long heapBytes() {
        return (long) hashes.length * (8 + 8 + 4 + 4);
    }
}

package io.jamesdspam.engine.statistics;

import java.util.Arrays;

import io.jamesdspam.engine.storage.TokenRows;
import io.jamesdspam.engine.tokenize.Diction;

/**
 * The tokens of one message while it is scored and trained (docs/ENGINE-SPEC.md §3): for each
 * diction entry, by its {@link Diction.Entry#index() index}, the counters as loaded from the store
 * and as updated in memory by training, and its probability. Held in one array per field: scoring,
 * noise reduction, the heap and training walk every token of a message, and an object per token
 * (with its own copies of the entry's fields) cost a tenth of a classification to build and reach.
 * A {@link MessageToken} is a view of one index, made when asked for (the heap's items, a
 * decision's recorded factors).
 *
 * <p>BNR patterns added to the diction later get the next indexes and are {@link #add added} here.
 */
public final class MessageTokens {
    private static final int MINIMUM_CAPACITY = 16;

    /** The message's diction: each token's entry is the diction's entry of the same index. */
    private final Diction diction;
    /*
     * Copies of the entries' id, frequency and kinds: the per-token loops read them for every
     * token, and reaching each entry object again cost more than the copy.
     */
    private long[] ids;
    private int[] frequency;
    private boolean[] pattern;
    private boolean[] patternName;
    private boolean[] existed;
    private long[] loadedSpamHits;
    private long[] loadedInnocentHits;
    private long[] spamHits;
    private long[] innocentHits;
    private double[] probability;
    private int size;

    public MessageTokens(Diction diction) {
        this(diction, Math.max(MINIMUM_CAPACITY, diction.size()));
    }

    private MessageTokens(Diction diction, int capacity) {
        this.diction = diction;
        ids = new long[capacity];
        frequency = new int[capacity];
        pattern = new boolean[capacity];
        patternName = new boolean[capacity];
        existed = new boolean[capacity];
        loadedSpamHits = new long[capacity];
        loadedInnocentHits = new long[capacity];
        spamHits = new long[capacity];
        innocentHits = new long[capacity];
        probability = new double[capacity];
    }

    /**
     * A token for every entry of {@code diction}, by the entry's index, not {@link #stored stored}
     * yet; room for BNR's patterns to come. Each entry is read once, here.
     */
    public static MessageTokens of(Diction diction) {
        int count = diction.size();
        MessageTokens tokens = new MessageTokens(diction, Math.max(MINIMUM_CAPACITY, count + count / 2));
        for (int i = 0; i < count; i++) {
            tokens.describe(diction.entryAt(i));
        }
        tokens.size = count;
        return tokens;
    }

    /** The tokens' ids by index: what the store is asked for. */
    public long[] ids() {
        return Arrays.copyOf(ids, size);
    }

    /**
     * Sets every token's counters as stored: row {@code i} of {@code stored} (as
     * {@link io.jamesdspam.engine.storage.DspamStore#load} answers for {@link #ids()}) for token {@code i}.
     */
    public void stored(TokenRows stored) {
        if (stored.size() != size) {
            throw new IllegalArgumentException("One stored row per token: " + size + " tokens, " + stored.size() + " rows");
        }
        for (int i = 0; i < size; i++) {
            setCounters(i, stored.found(i), stored.spamHits(i), stored.innocentHits(i));
        }
    }

    /**
     * Adds the token of the diction's next entry (its index is the number of tokens held) and
     * returns that index (no view is made: BNR adds hundreds of patterns per message).
     */
    public int add(Diction.Entry entry, boolean wasStored, long storedSpamHits, long storedInnocentHits) {
        int index = entry.index();
        if (index != size) {
            throw new IllegalArgumentException("Tokens are added in emission order: entry " + index + " after " + size
                + " tokens");
        }
        if (index == ids.length) {
            grow(Math.max(MINIMUM_CAPACITY, 2 * ids.length));
        }
        describe(entry);
        setCounters(index, wasStored, storedSpamHits, storedInnocentHits);
        size++;
        return index;
    }

    private void describe(Diction.Entry entry) {
        int index = entry.index();
        ids[index] = entry.id();
        frequency[index] = entry.frequency();
        pattern[index] = entry.type() == Diction.TYPE_BNR;
        patternName[index] = entry.hasPatternName();
    }

    private void setCounters(int index, boolean wasStored, long storedSpamHits, long storedInnocentHits) {
        existed[index] = wasStored;
        loadedSpamHits[index] = storedSpamHits;
        loadedInnocentHits[index] = storedInnocentHits;
        spamHits[index] = storedSpamHits;
        innocentHits[index] = storedInnocentHits;
    }

    private void grow(int capacity) {
        ids = Arrays.copyOf(ids, capacity);
        frequency = Arrays.copyOf(frequency, capacity);
        pattern = Arrays.copyOf(pattern, capacity);
        patternName = Arrays.copyOf(patternName, capacity);
        existed = Arrays.copyOf(existed, capacity);
        loadedSpamHits = Arrays.copyOf(loadedSpamHits, capacity);
        loadedInnocentHits = Arrays.copyOf(loadedInnocentHits, capacity);
        spamHits = Arrays.copyOf(spamHits, capacity);
        innocentHits = Arrays.copyOf(innocentHits, capacity);
        probability = Arrays.copyOf(probability, capacity);
    }

    /** The number of tokens; their indexes are 0 … size − 1. */
    public int size() {
        return size;
    }

    /** The indexes of every token in DSPAM's diction order (§2.5); do not change the array. */
    public int[] inDictionOrder() {
        if (size != diction.size()) {
            // The order lists every entry of the diction: an entry without a token would read as zeros
            throw new IllegalStateException(diction.size() + " diction entries but " + size + " tokens");
        }
        return diction.indexesInIterationOrder();
    }

    /** A view of the token at {@code index} (views of one token are equal). */
    public MessageToken token(int index) {
        checkIndex(index);
        return new MessageToken(this, index);
    }

    /** The index of the token with this id, or −1 when the message has none. */
    public int indexOf(long id) {
        Diction.Entry entry = diction.get(id);
        return entry == null || entry.index() >= size ? -1 : entry.index();
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("Token " + index + " of " + size);
        }
    }

    /** The token's diction entry (its name). */
    public Diction.Entry entry(int index) {
        return diction.entryAt(index);
    }

    public long id(int index) {
        return ids[index];
    }

    public int frequency(int index) {
        return frequency[index];
    }

    /** BNR's elimination (docs/ENGINE-SPEC.md §5): one emission less, for this token and its entry. */
    public void lowerFrequency(int index) {
        frequency[index]--;
        diction.entryAt(index).setFrequency(frequency[index]);
    }

    /** Whether the token is a BNR pattern (type B). */
    public boolean isPattern(int index) {
        return pattern[index];
    }

    /** Whether its name begins as a BNR pattern's does, see {@link Diction.Entry#hasPatternName()}. */
    public boolean hasPatternName(int index) {
        return patternName[index];
    }

    /** Whether the store had a row for the token. */
    public boolean existed(int index) {
        return existed[index];
    }

    public long loadedSpamHits(int index) {
        return loadedSpamHits[index];
    }

    public long loadedInnocentHits(int index) {
        return loadedInnocentHits[index];
    }

    public long spamHits(int index) {
        return spamHits[index];
    }

    public long innocentHits(int index) {
        return innocentHits[index];
    }

    /** Training's new counters for the token. */
    public void hits(int index, long spam, long innocent) {
        spamHits[index] = spam;
        innocentHits[index] = innocent;
    }

    public double probability(int index) {
        return probability[index];
    }

    public void probability(int index, double value) {
        probability[index] = value;
    }
}

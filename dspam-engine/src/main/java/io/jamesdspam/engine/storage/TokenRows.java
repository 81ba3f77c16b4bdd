package io.jamesdspam.engine.storage;

import java.util.Arrays;

/**
 * The stored counters of one batch of token ids, position by position: row {@code i} answers for
 * the {@code i}-th id asked of {@link DspamStore#load}. The engine's hot path reads a message's
 * thousands of tokens through this instead of a map of boxed ids to row objects.
 */
public final class TokenRows {
    private static final long ABSENT = -1;
    private final long[] spamHits;
    private final long[] innocentHits;

    /** {@code size} rows, all absent until {@link #set}. */
    public TokenRows(int size) {
        this.spamHits = new long[size];
        this.innocentHits = new long[size];
        Arrays.fill(spamHits, ABSENT);
    }

    /** Records the stored row of the {@code i}-th id. */
    public void set(int i, long spam, long innocent) {
        if (spam < 0 || innocent < 0) {
            throw new IllegalArgumentException("Token hits must not be negative: " + spam + "/" + innocent);
        }
        spamHits[i] = spam;
        innocentHits[i] = innocent;
    }

    public int size() {
        return spamHits.length;
    }

    /** Whether the {@code i}-th id has a stored row (an id without one counts as 0/0). */
    public boolean found(int i) {
        return spamHits[i] != ABSENT;
    }

    public long spamHits(int i) {
        return found(i) ? spamHits[i] : 0;
    }

    public long innocentHits(int i) {
        return innocentHits[i];
    }
}

package io.jamesdspam.engine.storage;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

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

    /**
     * The found rows as {@link DspamStore#tokens} answers, keyed by {@code tokenIds} (the ids these
     * rows answer for, in order), each with {@code lastHit}: for stores whose batched read leaves
     * the last-hit day out, as nobody scoring a message needs it.
     */
    public Map<Long, TokenStatistics> asStatistics(long[] tokenIds, LocalDate lastHit) {
        Map<Long, TokenStatistics> found = new HashMap<>();
        for (int i = 0; i < tokenIds.length; i++) {
            if (found(i)) {
                found.put(tokenIds[i], new TokenStatistics(spamHits(i), innocentHits(i), lastHit));
            }
        }
        return found;
    }
}

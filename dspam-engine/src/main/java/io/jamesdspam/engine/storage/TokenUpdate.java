package io.jamesdspam.engine.storage;

/**
 * One dirty token of a message (docs/ENGINE-SPEC.md §6.7): the counters the engine loaded, whether a row
 * existed, and the new counters it computed.
 *
 * <p>The new counters are the hash driver's absolute values, already clamped by the engine
 * (0 ≤ sh ≤ SL, 0 ≤ ih ≤ IL, at most 0x0FFFFFFF): a store that owns the user's data exclusively
 * writes them as they are. A store shared with other writers (SQL) may instead apply the relative
 * change {@link #spamDelta()} / {@link #innocentDelta()} to the row.
 */
public final class TokenUpdate {
    /** DSPAM's largest token counter. */
    public static final long MAX_HITS = 0x0FFFFFFFL;

    private final long tokenId;
    private final boolean existed;
    private final long loadedSpamHits;
    private final long loadedInnocentHits;
    private final long spamHits;
    private final long innocentHits;

    public TokenUpdate(long tokenId, boolean existed, long loadedSpamHits, long loadedInnocentHits,
                       long spamHits, long innocentHits) {
        if (spamHits < 0 || innocentHits < 0) {
            throw new IllegalArgumentException("New token hits must not be negative: " + spamHits + "/" + innocentHits);
        }
        this.tokenId = tokenId;
        this.existed = existed;
        this.loadedSpamHits = loadedSpamHits;
        this.loadedInnocentHits = loadedInnocentHits;
        this.spamHits = spamHits;
        this.innocentHits = innocentHits;
    }

    /** The unsigned 64-bit token id. */
    public long tokenId() {
        return tokenId;
    }

    /** Whether the user had a stored row for this token when the message was read. */
    public boolean existed() {
        return existed;
    }

    public long loadedSpamHits() {
        return loadedSpamHits;
    }

    public long loadedInnocentHits() {
        return loadedInnocentHits;
    }

    /** The new absolute spam hits. */
    public long spamHits() {
        return spamHits;
    }

    /** The new absolute innocent hits. */
    public long innocentHits() {
        return innocentHits;
    }

    public long spamDelta() {
        return spamHits - loadedSpamHits;
    }

    public long innocentDelta() {
        return innocentHits - loadedInnocentHits;
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(tokenId) + " " + loadedSpamHits + "/" + loadedInnocentHits
            + " -> " + spamHits + "/" + innocentHits + (existed ? "" : " (new)");
    }
}

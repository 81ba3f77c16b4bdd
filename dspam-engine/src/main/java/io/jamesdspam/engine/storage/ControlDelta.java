package io.jamesdspam.engine.storage;

/**
 * How DSPAM's control token (docs/ENGINE-SPEC.md §3.2) moved in one message: its spam and innocent hits
 * start at 10/10 and receive the same in-memory update as every token, and the difference from
 * 10/10 is what DSPAM's SQL drivers add to every existing dirty row (§6.7). A store that shares a
 * DSPAM database writes exactly that; stores that own their data write absolute values instead.
 */
public final class ControlDelta {
    /** The control token's id: the CRC-64 of {@code $$CONTROL$$}, never stored. */
    public static final long CONTROL_TOKEN_ID = Long.parseUnsignedLong("11624422384514212933");
    /** The control token's hits before the update. */
    public static final long START_HITS = 10;

    private final long spam;
    private final long innocent;

    private ControlDelta(long spam, long innocent) {
        this.spam = spam;
        this.innocent = innocent;
    }

    /** The delta of a control token whose hits went from 10/10 to {@code spamHits}/{@code innocentHits}. */
    public static ControlDelta fromControlHits(long spamHits, long innocentHits) {
        return new ControlDelta(spamHits - START_HITS, innocentHits - START_HITS);
    }

    public static ControlDelta of(long spam, long innocent) {
        return new ControlDelta(spam, innocent);
    }

    public long spam() {
        return spam;
    }

    public long innocent() {
        return innocent;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ControlDelta)) {
            return false;
        }
        ControlDelta that = (ControlDelta) o;
        return spam == that.spam && innocent == that.innocent;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(spam) * 31 + Long.hashCode(innocent);
    }

    @Override
    public String toString() {
        return "Δ" + spam + "/" + innocent;
    }
}

package io.jamesdspam.engine.storage;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One stored token row (docs/ENGINE-SPEC.md §3.1): the user's spam and innocent hits for one token id and
 * the day it was last written ({@code last_hit}, used by the purge rules of §10.6).
 */
public final class TokenStatistics {
    private final long spamHits;
    private final long innocentHits;
    private final LocalDate lastHit;

    public TokenStatistics(long spamHits, long innocentHits, LocalDate lastHit) {
        if (spamHits < 0 || innocentHits < 0) {
            throw new IllegalArgumentException("Token hits must not be negative: " + spamHits + "/" + innocentHits);
        }
        this.spamHits = spamHits;
        this.innocentHits = innocentHits;
        this.lastHit = Objects.requireNonNull(lastHit, "lastHit");
    }

    public long spamHits() {
        return spamHits;
    }

    public long innocentHits() {
        return innocentHits;
    }

    public LocalDate lastHit() {
        return lastHit;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TokenStatistics)) {
            return false;
        }
        TokenStatistics that = (TokenStatistics) o;
        return spamHits == that.spamHits && innocentHits == that.innocentHits && lastHit.equals(that.lastHit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spamHits, innocentHits, lastHit);
    }

    @Override
    public String toString() {
        return "S:" + spamHits + " I:" + innocentHits + " LH:" + lastHit;
    }
}

package io.jamesdspam.engine.decision;

/**
 * Automatic whitelisting (docs/ENGINE-SPEC.md §7.1): a sender is whitelisted when its From* token, as
 * loaded, has more than {@code threshold} innocent hits and at most one spam hit per 15 innocent.
 */
public final class Whitelist {
    public static final int DEFAULT_THRESHOLD = 10;

    private Whitelist() {
    }

    public static boolean isWhitelisted(long spamHits, long innocentHits, int threshold) {
        return spamHits <= innocentHits / 15 && innocentHits > threshold;
    }
}

package io.jamesdspam.engine.bnr;

import io.jamesdspam.engine.tokenize.Diction;
import io.jamesdspam.engine.tokenize.DspamCrc64;

/**
 * Every BNR pattern a stream can produce (docs/ENGINE-SPEC.md §5.1): a stream letter and three rounded
 * probabilities, each one of 21 values (0.00, 0.05 … 1.00), so 2 × 21³ names. Their ids are
 * computed once: naming and hashing each stream position's pattern was a fifth of a
 * classification.
 */
final class PatternNames {
    private static final int VALUES = 21;
    private static final char[] LETTERS = {'s', 'c'};
    static final int COUNT = LETTERS.length * VALUES * VALUES * VALUES;
    private static final String[] HUNDREDTHS = new String[VALUES];
    private static final long[] IDS = new long[COUNT];
    /**
     * Each name once built, for the patterns a user learns on every message (building them anew
     * was a tenth of a classification's allocation). Filled on first use; a racing thread at worst
     * builds an equal string again (a {@code String} is safe to publish through a race).
     */
    private static final String[] NAMES = new String[COUNT];

    static {
        for (int i = 0; i < VALUES; i++) {
            int r = i * 5;
            HUNDREDTHS[i] = r / 100 + "." + (r % 100 < 10 ? "0" : "") + r % 100 + "_";
        }
        for (int pattern = 0; pattern < COUNT; pattern++) {
            IDS[pattern] = DspamCrc64.of(build(pattern));
        }
    }

    private PatternNames() {
    }

    /**
     * @param letter 0 for stream s, 1 for stream c
     * @param older the oldest of the window's rounded values, in twentieths (0–20)
     */
    static int index(int letter, int older, int old, int newest) {
        return ((letter * VALUES + older) * VALUES + old) * VALUES + newest;
    }

    static long id(int pattern) {
        return IDS[pattern];
    }

    /** e.g. {@code bnr.s|0.00_0.40_0.05_}. */
    static String name(int pattern) {
        String name = NAMES[pattern];
        if (name == null) {
            name = build(pattern);
            NAMES[pattern] = name;
        }
        return name;
    }

    private static String build(int pattern) {
        int newest = pattern % VALUES;
        int old = pattern / VALUES % VALUES;
        int older = pattern / (VALUES * VALUES) % VALUES;
        int letter = pattern / (VALUES * VALUES * VALUES);
        return Diction.PATTERN_NAME_PREFIX + LETTERS[letter] + "|" + HUNDREDTHS[older] + HUNDREDTHS[old] + HUNDREDTHS[newest];
    }
}

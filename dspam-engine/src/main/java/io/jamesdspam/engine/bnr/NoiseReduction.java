package io.jamesdspam.engine.bnr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.jamesdspam.engine.statistics.MessageToken;
import io.jamesdspam.engine.statistics.MessageTokens;
import io.jamesdspam.engine.tokenize.Diction;
import io.jamesdspam.engine.tokenize.DspamCrc64;

/**
 * Bayesian noise reduction (docs/ENGINE-SPEC.md §5). Three steps, called by the engine in order:
 * {@link #instantiate} names the pattern of every 3-token window of the BNR streams;
 * {@link #eliminate} (only for unclassified mail of a mature user) lowers the frequency of tokens
 * that disagree with a strong pattern; the engine then adds the patterns to the diction as type B
 * entries when the user is old enough for them to be learned.
 */
public final class NoiseReduction {
    public static final String TOTALS_PATTERN = "bnr.t|";
    public static final long TOTALS_PATTERN_ID = DspamCrc64.of(TOTALS_PATTERN);
    private static final int WINDOW = 3;
    private static final double EXCLUSION_RADIUS = 0.25;
    private static final float INCLUSION_RADIUS = 0.33f;

    private NoiseReduction() {
    }

    /** One BNR stream as walked: per position, its token, the token's probability and its pattern. */
    private static final class Stream {
        private final MessageToken[] tokens;
        private final float[] tokenProbability;
        /** Index into {@link Patterns#ids} of the position's pattern. */
        private final int[] pattern;

        Stream(int length) {
            tokens = new MessageToken[length];
            tokenProbability = new float[length];
            pattern = new int[length];
        }
    }

    /** The patterns of one message: every stream position and the distinct pattern names. */
    public static final class Patterns {
        private final List<Stream> streams = new ArrayList<>(2);
        /** Distinct patterns in first-seen order, as indexes of {@link PatternNames}. */
        private int[] distinct = new int[64];
        private int distinctCount;
        /**
         * Pattern → its position in {@link #distinct}, open addressing: slot i holds pattern + 1
         * (0 = free) and that position. A message meets a few hundred of the 18,522 patterns, so
         * this stays small (an array of every pattern was the largest allocation of BNR).
         */
        private int[] slotPattern = new int[256];
        private int[] slotPosition = new int[256];

        private int intern(int pattern) {
            int mask = slotPattern.length - 1;
            int slot = home(pattern, mask);
            while (slotPattern[slot] != 0) {
                if (slotPattern[slot] == pattern + 1) {
                    return slotPosition[slot];
                }
                slot = (slot + 1) & mask;
            }
            if (distinctCount == distinct.length) {
                distinct = Arrays.copyOf(distinct, 2 * distinctCount);
            }
            int position = distinctCount++;
            distinct[position] = pattern;
            slotPattern[slot] = pattern + 1;
            slotPosition[slot] = position;
            if (2 * distinctCount > slotPattern.length) {
                rehash();
            }
            return position;
        }

        private static int home(int pattern, int mask) {
            return (pattern * 0x9E3779B9 >>> 16) & mask;
        }

        private void rehash() {
            int[] patternsBefore = slotPattern;
            int[] positionsBefore = slotPosition;
            slotPattern = new int[2 * patternsBefore.length];
            slotPosition = new int[slotPattern.length];
            int mask = slotPattern.length - 1;
            for (int i = 0; i < patternsBefore.length; i++) {
                if (patternsBefore[i] != 0) {
                    int slot = home(patternsBefore[i] - 1, mask);
                    while (slotPattern[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    slotPattern[slot] = patternsBefore[i];
                    slotPosition[slot] = positionsBefore[i];
                }
            }
        }

        /** Number of distinct patterns, {@code bnr.t|} included. */
        public int size() {
            return distinctCount + 1;
        }

        /** The distinct pattern ids in first-seen order, {@code bnr.t|} last. */
        public long[] ids() {
            long[] ids = new long[size()];
            for (int i = 0; i < distinctCount; i++) {
                ids[i] = PatternNames.id(distinct[i]);
            }
            ids[distinctCount] = TOTALS_PATTERN_ID;
            return ids;
        }

        /** The name of the {@code i}-th distinct pattern, e.g. {@code bnr.s|0.00_0.40_0.05_}. */
        public String name(int i) {
            return i == distinctCount ? TOTALS_PATTERN : PatternNames.name(distinct[i]);
        }
    }

    /**
     * Step 1: walks stream s then stream c with a window of the last three rounded probabilities
     * and names each window's pattern, e.g. {@code bnr.s|0.00_0.40_0.05_}.
     *
     * @param tokens the diction's tokens, each one's probability already computed (§3.3, default type)
     */
    public static Patterns instantiate(Diction diction, MessageTokens tokens) {
        Patterns patterns = new Patterns();
        walk(0, diction.streamS(), tokens, patterns);
        walk(1, diction.streamC(), tokens, patterns);
        return patterns;
    }

    private static void walk(int letter, List<Diction.Entry> entries, MessageTokens tokens, Patterns patterns) {
        Stream stream = new Stream(entries.size());
        int older = 0;
        int old = 0;
        for (int i = 0; i < entries.size(); i++) {
            MessageToken token = tokens.get(entries.get(i));
            double p = token.probability();
            int newest = round(p) / 5;
            stream.tokens[i] = token;
            stream.tokenProbability[i] = (float) p;
            stream.pattern[i] = patterns.intern(PatternNames.index(letter, older, old, newest));
            older = old;
            old = newest;
        }
        patterns.streams.add(stream);
    }

    /** r = int(float32(p) × 100f), raised to the next multiple of 5. */
    static int round(double p) {
        int r = (int) ((float) p * 100f);
        while (r % 5 != 0) {
            r++;
        }
        return r;
    }

    /**
     * Step 2: for each window whose pattern is far from 0.5, every token of the window far from the
     * pattern's value loses one frequency (each stream position at most once).
     *
     * @param patternProbability the BNR probability of each distinct pattern, in the order of
     *     {@link Patterns#ids} (§3.3(c), {@code bnr.t|} denominators)
     */
    public static void eliminate(Patterns patterns, double[] patternProbability) {
        if (patternProbability.length != patterns.size()) {
            throw new IllegalArgumentException("One probability per pattern: " + patterns.size() + " patterns, "
                + patternProbability.length + " probabilities");
        }
        float[] value = new float[patternProbability.length];
        for (int i = 0; i < value.length; i++) {
            value[i] = (float) patternProbability[i];
        }
        for (Stream stream : patterns.streams) {
            int length = stream.tokens.length;
            boolean[] eliminated = new boolean[length];
            for (int i = 0; i < length; i++) {
                float v = value[stream.pattern[i]];
                if (!(Math.abs(0.5 - v) > EXCLUSION_RADIUS)) {
                    continue;
                }
                for (int j = Math.max(0, i - WINDOW + 1); j <= i; j++) {
                    if (Math.abs(stream.tokenProbability[j] - v) > INCLUSION_RADIUS) {
                        eliminated[j] = true;
                    }
                }
            }
            for (int j = 0; j < length; j++) {
                if (eliminated[j]) {
                    Diction.Entry entry = stream.tokens[j].entry();
                    entry.setFrequency(entry.frequency() - 1);
                }
            }
        }
    }
}

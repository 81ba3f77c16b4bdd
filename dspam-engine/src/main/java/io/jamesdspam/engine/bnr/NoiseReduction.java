package io.jamesdspam.engine.bnr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
    /** A message's distinct patterns are at most the 18,522 patterns, so a position stays below 2^15. */
    private static final int POSITION_BITS = 15;
    private static final int POSITION_MASK = (1 << POSITION_BITS) - 1;

    private NoiseReduction() {
    }

    /**
     * Pattern → its position among a message's distinct patterns, one table per thread, reused:
     * an entry counts for the message whose stamp it carries ({@code stamp << POSITION_BITS |
     * position}), so nothing is cleared between messages. Every stream position looks its pattern
     * up here; a hash table of the message's patterns cost a twentieth of a classification, and a
     * table of all 18,522 patterns per message was BNR's largest allocation (74 KB per thread now).
     */
    private static final ThreadLocal<PatternPositions> PATTERN_POSITIONS = ThreadLocal.withInitial(PatternPositions::new);

    private static final class PatternPositions {
        /** Stamps fit the bits above the position, sign bit excluded. */
        private static final int LAST_STAMP = (1 << (Integer.SIZE - 1 - POSITION_BITS)) - 1;
        private final int[] byPattern = new int[PatternNames.COUNT];
        private int stamp;

        /** A stamp no entry of the table carries yet (never 0, the stamp of an empty entry). */
        int nextMessage() {
            if (stamp == LAST_STAMP) {
                Arrays.fill(byPattern, 0);
                stamp = 0;
            }
            return ++stamp;
        }
    }

    /** One BNR stream as walked: per position, its token's index and its pattern (the token's probability is the token's). */
    private static final class Stream {
        private final int[] tokens;
        /** Index into {@link Patterns#ids} of the position's pattern. */
        private final int[] pattern;

        Stream(int[] tokens) {
            this.tokens = tokens;
            pattern = new int[tokens.length];
        }
    }

    /** The patterns of one message: every stream position and the distinct pattern names. */
    public static final class Patterns {
        private final MessageTokens tokens;
        private final List<Stream> streams = new ArrayList<>(2);
        /** Distinct patterns in first-seen order, as indexes of {@link PatternNames}. */
        private int[] distinct = new int[64];
        private int distinctCount;
        /** This thread's table of positions, stamped for this message. */
        private final PatternPositions positions = PATTERN_POSITIONS.get();
        private final int stamp = positions.nextMessage() << POSITION_BITS;

        private Patterns(MessageTokens tokens) {
            this.tokens = tokens;
        }

        private int intern(int pattern) {
            int held = positions.byPattern[pattern];
            if ((held & ~POSITION_MASK) == stamp) {
                return held & POSITION_MASK;
            }
            if (distinctCount == distinct.length) {
                distinct = Arrays.copyOf(distinct, 2 * distinctCount);
            }
            int position = distinctCount++;
            distinct[position] = pattern;
            positions.byPattern[pattern] = stamp | position;
            return position;
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
        Patterns patterns = new Patterns(tokens);
        walk(0, diction.streamS(), tokens, patterns);
        walk(1, diction.streamC(), tokens, patterns);
        return patterns;
    }

    /** Walks one stream, given as its positions' token indexes (the stream keeps the array). */
    private static void walk(int letter, int[] positions, MessageTokens tokens, Patterns patterns) {
        Stream stream = new Stream(positions);
        int older = 0;
        int old = 0;
        for (int i = 0; i < positions.length; i++) {
            double p = tokens.probability(positions[i]);
            int newest = fifths(p);
            stream.pattern[i] = patterns.intern(PatternNames.index(letter, older, old, newest));
            older = old;
            old = newest;
        }
        patterns.streams.add(stream);
    }

    /** r = int(float32(p) × 100f), raised to the next multiple of 5. */
    static int round(double p) {
        return 5 * fifths(p);
    }

    /**
     * {@link #round}(p) / 5, the pattern's digit: the ceiling of r / 5. Raising r one by one until
     * it divided by 5 cost a twentieth of a classification (a branch mispredicted per position), and
     * {@code Math.floorDiv} still branches on the remainder. A probability is within [0, 1], so r is
     * within [0, 100], where {@code (r + 4) / 5} is that ceiling: a multiplication, no branch.
     */
    private static int fifths(double p) {
        int r = (int) ((float) p * 100f);
        return (r + 4) / 5;
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
                    if (Math.abs((float) patterns.tokens.probability(stream.tokens[j]) - v) > INCLUSION_RADIUS) {
                        eliminated[j] = true;
                    }
                }
            }
            for (int j = 0; j < length; j++) {
                if (eliminated[j]) {
                    patterns.tokens.lowerFrequency(stream.tokens[j]);
                }
            }
        }
    }
}

package io.jamesdspam.engine.bnr;

import io.jamesdspam.engine.statistics.MessageToken;
import io.jamesdspam.engine.tokenize.Diction;
import io.jamesdspam.engine.tokenize.DspamCrc64;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bayesian noise reduction (ENGINE-SPEC §5). Three steps, called by the engine in order:
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

    /** One stream position: the diction entry and the pattern its window produced. */
    private static final class Position {
        private final MessageToken token;
        private final float tokenProbability;
        private final long patternId;

        Position(MessageToken token, float tokenProbability, long patternId) {
            this.token = token;
            this.tokenProbability = tokenProbability;
            this.patternId = patternId;
        }
    }

    /** The patterns of one message: every stream position and the distinct pattern names. */
    public static final class Patterns {
        private final List<List<Position>> streams = new ArrayList<>();
        private final Map<Long, String> names = new LinkedHashMap<>();

        /** Distinct pattern ids and names in first-seen order, {@code bnr.t|} last. */
        public Map<Long, String> names() {
            return names;
        }
    }

    /**
     * Step 1: walks stream s then stream c with a window of the last three rounded probabilities
     * and names each window's pattern, e.g. {@code bnr.s|0.00_0.40_0.05_}.
     *
     * @param tokens the diction by id, each token's probability already computed (§3.3, default type)
     */
    public static Patterns instantiate(Diction diction, Map<Long, MessageToken> tokens) {
        Patterns patterns = new Patterns();
        walk('s', diction.streamS(), tokens, patterns);
        walk('c', diction.streamC(), tokens, patterns);
        patterns.names.put(TOTALS_PATTERN_ID, TOTALS_PATTERN);
        return patterns;
    }

    private static void walk(char letter, List<Diction.Entry> stream, Map<Long, MessageToken> tokens,
                             Patterns patterns) {
        List<Position> positions = new ArrayList<>(stream.size());
        int[] window = new int[WINDOW];
        for (Diction.Entry entry : stream) {
            MessageToken token = tokens.get(entry.id());
            double p = token.probability();
            window[0] = window[1];
            window[1] = window[2];
            window[2] = round(p);
            String name = "bnr." + letter + "|" + HUNDREDTHS[window[0] / 5] + HUNDREDTHS[window[1] / 5]
                + HUNDREDTHS[window[2] / 5];
            long id = DspamCrc64.of(name);
            patterns.names.putIfAbsent(id, name);
            positions.add(new Position(token, (float) p, id));
        }
        patterns.streams.add(positions);
    }

    /** r = int(float32(p) × 100f), raised to the next multiple of 5. */
    static int round(double p) {
        int r = (int) ((float) p * 100f);
        while (r % 5 != 0) {
            r++;
        }
        return r;
    }

    /** "0.00_", "0.05_" … "1.00_": each rounded value with two decimals and its separator. */
    private static final String[] HUNDREDTHS = new String[21];

    static {
        for (int i = 0; i <= 20; i++) {
            int r = i * 5;
            HUNDREDTHS[i] = r / 100 + "." + (r % 100 < 10 ? "0" : "") + r % 100 + "_";
        }
    }

    /**
     * Step 2: for each window whose pattern is far from 0.5, every token of the window far from the
     * pattern's value loses one frequency (each stream position at most once).
     *
     * @param patternProbability the BNR probability of each pattern id (§3.3(c), {@code bnr.t|} denominators)
     */
    public static void eliminate(Patterns patterns, Map<Long, Double> patternProbability) {
        for (List<Position> stream : patterns.streams) {
            boolean[] eliminated = new boolean[stream.size()];
            for (int i = 0; i < stream.size(); i++) {
                Double probability = patternProbability.get(stream.get(i).patternId);
                float v = probability == null ? Float.NaN : (float) (double) probability;
                if (!(Math.abs(0.5 - v) > EXCLUSION_RADIUS)) {
                    continue;
                }
                for (int j = Math.max(0, i - WINDOW + 1); j <= i; j++) {
                    float t = stream.get(j).tokenProbability;
                    if (Math.abs(t - v) > INCLUSION_RADIUS) {
                        eliminated[j] = true;
                    }
                }
            }
            for (int j = 0; j < stream.size(); j++) {
                if (eliminated[j]) {
                    Diction.Entry entry = stream.get(j).token.entry();
                    entry.setFrequency(entry.frequency() - 1);
                }
            }
        }
    }
}

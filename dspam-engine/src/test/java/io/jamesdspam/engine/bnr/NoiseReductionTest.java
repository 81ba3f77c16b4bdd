package io.jamesdspam.engine.bnr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.statistics.MessageTokens;
import io.jamesdspam.engine.statistics.PValue;
import io.jamesdspam.engine.statistics.ProbabilityContext;
import io.jamesdspam.engine.statistics.TokenProbability;
import io.jamesdspam.engine.tokenize.Diction;
import io.jamesdspam.engine.tokenize.DspamCrc64;
import io.jamesdspam.model.DspamTotals;

/** docs/ENGINE-SPEC.md §5. */
class NoiseReductionTest {
    private final ProbabilityContext context = new ProbabilityContext(new DspamTotals(100, 200, 0, 0, 0, 0, 0, 0), true, 0,
        false, PValue.BCR, Optional.empty());

    @Test
    void roundsUpToTheNextMultipleOfFiveHundredths() {
        assertThat(NoiseReduction.round(0.4)).isEqualTo(40);
        assertThat(NoiseReduction.round(0.01)).isEqualTo(5);
        assertThat(NoiseReduction.round(0.99)).isEqualTo(100);
        assertThat(NoiseReduction.round(0.0001)).isZero();
        assertThat(NoiseReduction.round(0.8333)).isEqualTo(85);
    }

    @Test
    void roundsEveryHundredthAsRaisingOneByOneWould() {
        // The spec's rule, step by step, against the arithmetic the engine uses, over [0, 1] in steps finer than 1/100
        for (int step = 0; step <= 100_000; step++) {
            double p = step / 100_000.0;
            int raised = (int) ((float) p * 100f);
            while (raised % 5 != 0) {
                raised++;
            }
            assertThat(NoiseReduction.round(p)).as("p = %s", p).isEqualTo(raised);
        }
    }

    @Test
    void namesEachWindowOldestFirstAndEndsWithTheTotalsPattern() {
        Diction diction = new Diction();
        MessageTokens tokens = new MessageTokens(diction);
        long[][] hits = {{0, 0}, {0, 3}, {5, 0}};
        String[] names = {"unknown", "hammy", "spammy"};
        for (int i = 0; i < names.length; i++) {
            Diction.Entry entry = diction.emit(names[i]);
            diction.appendToStreamS(entry);
            int token = tokens.add(entry, true, hits[i][0], hits[i][1]);
            tokens.probability(token, TokenProbability.of(context, false, names[i], hits[i][0], hits[i][1]));
        }

        NoiseReduction.Patterns patterns = NoiseReduction.instantiate(diction, tokens);

        assertThat(IntStream.range(0, patterns.size()).mapToObj(patterns::name)).containsExactly(
            "bnr.s|0.00_0.00_0.40_", "bnr.s|0.00_0.40_0.05_", "bnr.s|0.40_0.05_1.00_", "bnr.t|");
        assertThat(patterns.ids()).containsExactly(DspamCrc64.of("bnr.s|0.00_0.00_0.40_"),
            DspamCrc64.of("bnr.s|0.00_0.40_0.05_"), DspamCrc64.of("bnr.s|0.40_0.05_1.00_"), DspamCrc64.of("bnr.t|"));
    }

    @Test
    void aStrongPatternEliminatesTheTokensThatDisagreeWithIt() {
        Diction diction = new Diction();
        MessageTokens tokens = new MessageTokens(diction);
        String[] names = {"a", "b", "c"};
        long[][] hits = {{0, 50}, {0, 50}, {50, 0}};
        for (int i = 0; i < names.length; i++) {
            Diction.Entry entry = diction.emit(names[i]);
            diction.appendToStreamS(entry);
            int token = tokens.add(entry, true, hits[i][0], hits[i][1]);
            tokens.probability(token, TokenProbability.of(context, false, names[i], hits[i][0], hits[i][1]));
        }
        NoiseReduction.Patterns patterns = NoiseReduction.instantiate(diction, tokens);
        double[] probabilities = new double[patterns.size()];
        Arrays.fill(probabilities, 0.5);
        // the third window (a, b, c) gets a strongly innocent pattern: "c" (0.99) disagrees with it
        probabilities[2] = 0.01;

        NoiseReduction.eliminate(patterns, probabilities);

        assertThat(diction.get(DspamCrc64.of("a")).frequency()).isEqualTo(1);
        assertThat(diction.get(DspamCrc64.of("b")).frequency()).isEqualTo(1);
        assertThat(diction.get(DspamCrc64.of("c")).frequency()).isZero();
    }

    @Test
    void everyDistinctPatternOfALongStreamIsNamedOnceInFirstSeenOrder() {
        // 21 rounded values: a stream walking all their triples meets thousands of distinct patterns
        Diction diction = new Diction();
        MessageTokens tokens = new MessageTokens(diction);
        for (int value = 0; value <= 20; value++) {
            Diction.Entry entry = diction.emit("t" + value);
            tokens.probability(tokens.add(entry, true, 0, 0), value / 20.0 - 0.001);
        }
        List<String> expected = new ArrayList<>();
        int older = 0;
        int old = 0;
        Random random = new Random(16);
        for (int i = 0; i < 3000; i++) {
            int newest = random.nextInt(21);
            diction.appendToStreamS(diction.get(DspamCrc64.of("t" + newest)));
            String name = PatternNames.name(PatternNames.index(0, older, old, newest));
            if (!expected.contains(name)) {
                expected.add(name);
            }
            older = old;
            old = newest;
        }
        expected.add(NoiseReduction.TOTALS_PATTERN);

        NoiseReduction.Patterns patterns = NoiseReduction.instantiate(diction, tokens);

        assertThat(expected).hasSizeGreaterThan(500);
        assertThat(IntStream.range(0, patterns.size()).mapToObj(patterns::name)).containsExactlyElementsOf(expected);
    }

    @Test
    void aMessageNeverSeesPatternsOfAnEarlierMessageOnItsThreadNotEvenWhenTheStampsWrapAround() {
        // A meets 0.00_0.00_0.50_ second; 65,534 messages without it later, B meets it first. The thread's
        // table stamps 65,535 messages before it starts over: B then has A's stamp unless the table was cleared
        long[] first = patternIds(0.001, 0.499, 0.999);
        for (int message = 0; message < 65_534; message++) {
            assertThat(patternIds(0.999, 0.999)).containsExactly(ids("bnr.s|0.00_0.00_1.00_", "bnr.s|0.00_1.00_1.00_"));
        }
        long[] second = patternIds(0.499, 0.001, 0.999);

        assertThat(first).containsExactly(ids("bnr.s|0.00_0.00_0.00_", "bnr.s|0.00_0.00_0.50_", "bnr.s|0.00_0.50_1.00_"));
        assertThat(second).containsExactly(ids("bnr.s|0.00_0.00_0.50_", "bnr.s|0.00_0.50_0.00_", "bnr.s|0.50_0.00_1.00_"));
    }

    /** The ids of these patterns, then {@code bnr.t|}'s, as {@link NoiseReduction.Patterns#ids()} lists them. */
    private static long[] ids(String... patterns) {
        long[] ids = new long[patterns.length + 1];
        for (int i = 0; i < patterns.length; i++) {
            ids[i] = DspamCrc64.of(patterns[i]);
        }
        ids[patterns.length] = NoiseReduction.TOTALS_PATTERN_ID;
        return ids;
    }

    private static long[] patternIds(double... probabilities) {
        Diction diction = Diction.ofExpectedSize(probabilities.length);
        MessageTokens tokens = new MessageTokens(diction);
        for (int i = 0; i < probabilities.length; i++) {
            Diction.Entry entry = diction.emit("t" + i);
            diction.appendToStreamS(entry);
            tokens.probability(tokens.add(entry, true, 0, 0), probabilities[i]);
        }
        return NoiseReduction.instantiate(diction, tokens).ids();
    }
}

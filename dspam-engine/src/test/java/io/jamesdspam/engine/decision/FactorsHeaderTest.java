package io.jamesdspam.engine.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.combine.Algorithm;
import io.jamesdspam.engine.combine.Combination;
import io.jamesdspam.engine.combine.RecordedFactor;
import io.jamesdspam.engine.statistics.MessageTokens;
import io.jamesdspam.engine.statistics.PValue;
import io.jamesdspam.engine.tokenize.Diction;

class FactorsHeaderTest {

    @Test
    void countThenOneFoldedLinePerFactorWithFiveDecimals() {
        List<RecordedFactor> factors = grahamFactors(new String[] {"Click+Here", "Subject*use+#+#+for"},
            new double[] {0.99425, 0.01});

        assertThat(FactorsHeader.value(factors)).isEqualTo("2,\n\tClick+Here, 0.99425,\n\tSubject*use+#+#+for, 0.01000");
        assertThat(FactorsHeader.line(factors)).startsWith("X-DSPAM-Factors: 2,\n\t");
    }

    @Test
    void valuesRoundTheFloatsExactBinaryValueAsGlibc() {
        // The value is the float: 0.000015f is 1.4999999621…e-05 (below the tie: 0.00001), 0.123455f is
        // 0.1234550029… (above it: 0.12346), whatever the decimal the double started from
        List<RecordedFactor> factors = grahamFactors(new String[] {"a", "b"}, new double[] {0.000015, 0.123455});

        assertThat(FactorsHeader.value(factors)).isEqualTo("2,\n\ta, 0.00001,\n\tb, 0.12346");
    }

    @Test
    void bytesOutsidePrintableAsciiAndPercentAreEscapedInLowerCaseHex() {
        assertThat(FactorsHeader.escapedName("P\u00e1draig+#+#+Users'")).isEqualTo("P%e1draig+#+#+Users'");
        assertThat(FactorsHeader.escapedName("\u00a0+\u00a0")).isEqualTo("%a0+%a0");
        assertThat(FactorsHeader.escapedName("100%+free\t")).isEqualTo("100%25+free%09");
    }

    @Test
    void longNamesAreCutAt112BytesWithoutSplittingAnEscape() {
        assertThat(FactorsHeader.escapedName("x".repeat(200))).hasSize(112);
        String escaped = FactorsHeader.escapedName("y".repeat(110) + "\u00ff\u00ff");
        assertThat(escaped).isEqualTo("y".repeat(110));
    }

    @Test
    void theWholeHeaderStaysWithinDspamsBuffer() {
        int count = 200;
        String[] names = new String[count];
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            names[i] = "token" + i + "+" + "z".repeat(90);
            values[i] = 0.99;
        }
        List<RecordedFactor> factors = chiSquareFactors(names, values);

        String line = FactorsHeader.line(factors);
        assertThat(line.length()).isLessThanOrEqualTo(10_239);
        // Chi-square lists the tokens in diction order (§2.5), not in the order they were named here
        assertThat(line).startsWith("X-DSPAM-Factors: 200,\n\t" + factors.get(0).token().name()).endsWith(", 0.99000");
    }

    /** Factors recorded by a real rule: graham over the given heap (at most 15). */
    private static List<RecordedFactor> grahamFactors(String[] names, double[] probabilities) {
        Diction diction = new Diction();
        List<Combination.Factor> heap = new ArrayList<>();
        MessageTokens tokens = new MessageTokens(diction);
        for (int i = 0; i < names.length; i++) {
            int token = tokens.add(diction.emit(names[i]), true, 1, 1);
            tokens.probability(token, probabilities[i]);
            heap.add(new Combination.Factor(probabilities[i], 1, tokens.token(token)));
        }
        return Decision.decide(EnumSet.of(Algorithm.GRAHAM), PValue.BCR, heap, tokens, Optional.empty(), true).factors();
    }

    /** Chi-square records every decisive token of the diction, however many. */
    private static List<RecordedFactor> chiSquareFactors(String[] names, double[] probabilities) {
        Diction diction = new Diction();
        MessageTokens tokens = new MessageTokens(diction);
        for (int i = 0; i < names.length; i++) {
            tokens.probability(tokens.add(diction.emit(names[i]), true, 5, 0), probabilities[i]);
        }
        return Decision.decide(EnumSet.of(Algorithm.CHI_SQUARE), PValue.ROBINSON, List.of(), tokens, Optional.empty(), true)
            .factors();
    }
}

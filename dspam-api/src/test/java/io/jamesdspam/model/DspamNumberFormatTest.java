package io.jamesdspam.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DspamNumberFormatTest {

    @Test
    void roundsTheExactBinaryValueHalfEvenLikeGlibc() {
        // docs/ENGINE-SPEC.md §9.4: C prints 0.0312 and 0.0001 where String.format gives 0.0313 and 0.0002.
        assertThat(DspamNumberFormat.fourDecimals(0.03125)).isEqualTo("0.0312");
        assertThat(DspamNumberFormat.fourDecimals(0.00015)).isEqualTo("0.0001");
        assertThat(String.format("%.4f", 0.03125)).isEqualTo("0.0313");
    }

    @Test
    void formatsFloatValuesWidenedToDouble() {
        float confidence = 0.99f;
        assertThat(DspamNumberFormat.summaryConfidence(confidence)).isEqualTo("0.99");
        assertThat(DspamNumberFormat.confidence(confidence)).isEqualTo("0.9900");
        assertThat(DspamNumberFormat.probability(1.0f)).isEqualTo("1.0000");
        assertThat(DspamNumberFormat.probability(0.0f)).isEqualTo("0.0000");
    }

    @Test
    void keepsTheSignOfNegativeValuesRoundingToZero() {
        assertThat(DspamNumberFormat.fourDecimals(-0.00001)).isEqualTo("-0.0000");
    }
}

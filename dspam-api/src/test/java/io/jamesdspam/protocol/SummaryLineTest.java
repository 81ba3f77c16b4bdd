package io.jamesdspam.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.Verdict;

class SummaryLineTest {

    @Test
    void parsesTheLineOfTranscript02() {
        DspamResult result = SummaryLine.parse(
            "X-DSPAM-Result: bob; result=\"Spam\"; class=\"Spam\"; probability=1.0000; confidence=0.70; signature=N/A");

        assertThat(result.user()).isEqualTo(DspamUser.of("bob"));
        assertThat(result.verdict()).isEqualTo(Verdict.SPAM);
        assertThat(result.dspamClass()).isEqualTo(DspamClass.SPAM);
        assertThat(result.probability()).isEqualTo(1.0);
        assertThat(result.confidence()).isEqualTo(0.70);
        assertThat(result.signature()).isEmpty();
    }

    @Test
    void userMayContainSemicolonsAndAtSigns() {
        DspamResult result = SummaryLine.parse(
            "X-DSPAM-Result: a;b@example.org; result=\"Innocent\"; class=\"Whitelisted\"; probability=0.6685; confidence=0.12; signature=6b06158b276351883614620");

        assertThat(result.user().asString()).isEqualTo("a;b@example.org");
        assertThat(result.verdict()).isEqualTo(Verdict.INNOCENT);
        assertThat(result.dspamClass()).isEqualTo(DspamClass.WHITELISTED);
        assertThat(result.signature()).contains(Signature.of("6b06158b276351883614620"));
    }

    @Test
    void everyKnownClassThatAgreesWithTheResultIsRead() {
        assertThat(SummaryLine.parse(line("Spam", "Virus", "1.0000", "1.00")).dspamClass()).isEqualTo(DspamClass.VIRUS);
        assertThat(SummaryLine.parse(line("Spam", "Blocklisted", "1.0000", "1.00")).dspamClass()).isEqualTo(DspamClass.BLOCKLISTED);
        assertThat(SummaryLine.parse(line("Spam", "Blacklisted", "1.0000", "1.00")).dspamClass()).isEqualTo(DspamClass.BLACKLISTED);
        assertThat(SummaryLine.parse(line("Innocent", "Whitelisted", "0.0000", "0.00")).dspamClass()).isEqualTo(DspamClass.WHITELISTED);
    }

    @Test
    void printfNegativeZeroIsZero() {
        assertThat(SummaryLine.parse(line("Innocent", "Innocent", "-0.0000", "-0.00")).confidence()).isZero();
    }

    /** What a broken or hostile peer may write; each must be a failure, never a verdict (issue 15's probe). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown class          | Spam     | Bogus       | 1.0000    | 0.99",
        "empty class            | Spam     | ''          | 1.0000    | 0.99",
        "class against result   | Innocent | Spam        | 0.0000    | 0.99",
        "whitelisted spam       | Spam     | Whitelisted | 1.0000    | 0.99",
        "NaN probability        | Spam     | Spam        | NaN       | 0.99",
        "infinite probability   | Spam     | Spam        | Infinity  | 0.99",
        "probability above one  | Spam     | Spam        | 1.0001    | 0.99",
        "negative probability   | Spam     | Spam        | -0.5      | 0.99",
        "exponent               | Spam     | Spam        | 1e-3      | 0.99",
        "hex float              | Spam     | Spam        | 0x1p-1    | 0.99",
        "trailing d             | Spam     | Spam        | 0.5d      | 0.99",
        "empty probability      | Spam     | Spam        | ''        | 0.99",
        "NaN confidence         | Spam     | Spam        | 1.0000    | nan",
        "overflowing confidence | Spam     | Spam        | 1.0000    | -7e999",
        "negative confidence    | Spam     | Spam        | 1.0000    | -7",
        "confidence above one   | Spam     | Spam        | 1.0000    | 1.01",
        "confidence with spaces | Spam     | Spam        | 1.0000    | 0 .5",
    })
    void malformedFieldsAreRefusedNamingTheField(String what, String result, String dspamClass, String probability,
                                                 String confidence) {
        String line = line(result, dspamClass, probability, confidence);

        assertThatThrownBy(() -> SummaryLine.parse(line))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(line)
            .hasMessageMatching("(?s).*(class|probability|confidence).*");
    }

    @Test
    void aSignatureDspamCouldNotHaveWrittenIsNoSignature() {
        DspamResult result = SummaryLine.parse("X-DSPAM-Result: bob; result=\"Spam\"; class=\"Spam\"; probability=1.0000;"
            + " confidence=0.99; signature=../../etc/passwd");

        assertThat(result.signature()).isEmpty();
        assertThat(result.verdict()).isEqualTo(Verdict.SPAM);
    }

    private static String line(String result, String dspamClass, String probability, String confidence) {
        return "X-DSPAM-Result: bob; result=\"" + result + "\"; class=\"" + dspamClass + "\"; probability=" + probability
            + "; confidence=" + confidence + "; signature=N/A";
    }

    @Test
    void formatIsTheInverseOfParse() {
        String line = "X-DSPAM-Result: alice@example.org; result=\"Innocent\"; class=\"Innocent\"; probability=0.0023; confidence=1.00; signature=4b11c532158749980119923";

        assertThat(SummaryLine.format(SummaryLine.parse(line))).isEqualTo(line);
    }

    @Test
    void malformedLinesNameTheLine() {
        assertThatThrownBy(() -> SummaryLine.parse("X-DSPAM-Result: bob; result=\"Maybe\"; class=\"Spam\"; probability=1; confidence=1; signature=N/A"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("result=\"Maybe\"");
        assertThatThrownBy(() -> SummaryLine.parse("250 2.6.0 <bob> Message accepted for delivery: SPAM"))
            .isInstanceOf(IllegalArgumentException.class);
    }
}

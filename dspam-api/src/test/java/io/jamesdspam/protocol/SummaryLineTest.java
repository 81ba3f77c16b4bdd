package io.jamesdspam.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
    void unknownClassIsKeptVerbatim() {
        DspamResult result = SummaryLine.parse(
            "X-DSPAM-Result: bob; result=\"Spam\"; class=\"Quarantined\"; probability=1.0000; confidence=1.00; signature=N/A");

        assertThat(result.dspamClass().asString()).isEqualTo("Quarantined");
        assertThat(result.dspamClass().isKnown()).isFalse();
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

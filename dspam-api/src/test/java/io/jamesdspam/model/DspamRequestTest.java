package io.jamesdspam.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jamesdspam.protocol.ProcessModeOptions;

class DspamRequestTest {
    private static final byte[] MESSAGE = "Subject: hi\n\nhello there\n".getBytes(StandardCharsets.US_ASCII);
    private static final List<DspamUser> BOB = List.of(DspamUser.of("bob"));

    @Test
    void optionStringsFollowProtocolSection53() {
        assertThat(ProcessModeOptions.value(DspamRequest.classify(BOB, MESSAGE)))
            .isEqualTo("--classify --deliver=summary");
        assertThat(ProcessModeOptions.value(DspamRequest.process(BOB, MESSAGE)))
            .isEqualTo("--process --deliver=summary");
        assertThat(ProcessModeOptions.value(DspamRequest.retrain(BOB, TrainingClass.SPAM, Signature.of("4b11c532158749980119923"))))
            .isEqualTo("--source=error --class=spam --signature=4b11c532158749980119923 --deliver=summary");
        assertThat(ProcessModeOptions.value(DspamRequest.train(BOB, TrainingClass.INNOCENT, TrainingSource.CORPUS, MESSAGE)))
            .isEqualTo("--source=corpus --class=innocent --deliver=summary");
        assertThat(ProcessModeOptions.value(DspamRequest.unlearn(BOB, TrainingClass.SPAM, TrainingSource.CORPUS, MESSAGE)))
            .isEqualTo("--source=corpus --class=spam --mode=unlearn --deliver=summary");
        assertThat(ProcessModeOptions.value(DspamRequest.process(BOB, MESSAGE).withMode(TrainingMode.NOTRAIN)
                .withFeatures(List.of(DspamFeature.NOISE_REDUCTION, DspamFeature.trainingBuffer(5)))))
            .isEqualTo("--process --mode=notrain --feature=no,tb=5 --deliver=summary");
    }

    @Test
    void refusesInconsistentRequests() {
        assertThatThrownBy(() -> DspamRequest.train(BOB, TrainingClass.SPAM, TrainingSource.ERROR, MESSAGE))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DspamRequest.process(List.of(), MESSAGE))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DspamRequest.process(List.of(DspamUser.of("bob"), DspamUser.of("bob")), MESSAGE))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DspamRequest.process(BOB, MESSAGE).withMode(TrainingMode.UNLEARN))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyClassificationCannotLearn() {
        assertThat(DspamRequest.classify(BOB, MESSAGE).mayLearn()).isFalse();
        assertThat(DspamRequest.process(BOB, MESSAGE).mayLearn()).isTrue();
        assertThat(DspamRequest.retrain(BOB, TrainingClass.INNOCENT, Signature.of("abc")).mayLearn()).isTrue();
    }

    @Test
    void signaturesAreOpaqueButSafeInsideTheOptionString() {
        assertThat(Signature.parse("N/A")).isEmpty();
        assertThat(Signature.parse(" 4b11c532158749980119923 ")).contains(Signature.of("4b11c532158749980119923"));
        assertThat(Signature.parse("abc --help")).isEmpty();
        assertThat(Signature.parse("abc\"x")).isEmpty();
        assertThatThrownBy(() -> Signature.of("a".repeat(128))).isInstanceOf(IllegalArgumentException.class);
    }
}

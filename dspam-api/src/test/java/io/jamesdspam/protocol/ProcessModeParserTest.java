package io.jamesdspam.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jamesdspam.model.DspamFeature;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;

class ProcessModeParserTest {
    private static final List<DspamUser> BOB = List.of(DspamUser.of("bob"));
    private static final byte[] MESSAGE = "Subject: hi\n\nhello there\n".getBytes(StandardCharsets.US_ASCII);

    private final ProcessModeParser parser = ProcessModeParser.standard();

    private DspamRequest request(String value) {
        return parser.parse(value).toRequest(BOB, MESSAGE).orElseThrow();
    }

    @Nested
    class Extraction {
        @Test
        void takesTheValueUpToTheClosingQuote() {
            assertThat(ProcessModeParser.extract("MAIL FROM:<p@i> DSPAMPROCESSMODE=\"--classify --deliver=summary\" X"))
                .contains("--classify --deliver=summary");
        }

        @Test
        void turnsEscapedQuotesIntoQuotes() {
            assertThat(ProcessModeParser.extract("MAIL FROM:<p@i> DSPAMPROCESSMODE=\"--a=\\\"b\\\" --c\""))
                .contains("--a=\"b\" --c");
        }

        @Test
        void isCaseSensitiveAndOptional() {
            assertThat(ProcessModeParser.extract("MAIL FROM:<p@i> dspamprocessmode=\"--classify\"")).isEmpty();
            assertThat(ProcessModeParser.extract("MAIL FROM:<p@i>")).isEmpty();
        }

        @Test
        void runsToTheEndOfAnUnterminatedValue() {
            assertThat(ProcessModeParser.extract("MAIL FROM:<p@i> DSPAMPROCESSMODE=\"--classify")).contains("--classify");
        }
    }

    @Nested
    class Operations {
        @Test
        void mapsEachOptionSetOfTheClientToItsRequest() {
            assertThat(request("--classify --deliver=summary").operation()).isEqualTo(DspamRequest.Operation.CLASSIFY);
            assertThat(request("--process --deliver=summary").operation()).isEqualTo(DspamRequest.Operation.PROCESS);
            assertThat(request("").operation()).isEqualTo(DspamRequest.Operation.PROCESS);

            DspamRequest train = request("--source=corpus --class=spam --deliver=summary");
            assertThat(train.operation()).isEqualTo(DspamRequest.Operation.TRAIN);
            assertThat(train.trainingClass()).contains(TrainingClass.SPAM);
            assertThat(train.source()).contains(TrainingSource.CORPUS);

            DspamRequest retrain = request("--source=error --class=innocent --signature=6b0616 --deliver=summary");
            assertThat(retrain.operation()).isEqualTo(DspamRequest.Operation.RETRAIN);
            assertThat(retrain.signature()).contains(Signature.of("6b0616"));

            DspamRequest unlearn = request("--mode=unlearn --class=spam --source=corpus --deliver=summary");
            assertThat(unlearn.operation()).isEqualTo(DspamRequest.Operation.UNLEARN);
        }

        @Test
        void readsTheClientsOwnOptionStringsBack() {
            DspamRequest original = DspamRequest.retrain(BOB, TrainingClass.SPAM, Signature.of("abc123"))
                .withMode(TrainingMode.TOE);
            DspamRequest parsed = request(ProcessModeOptions.value(original));
            assertThat(parsed.operation()).isEqualTo(original.operation());
            assertThat(parsed.trainingClass()).isEqualTo(original.trainingClass());
            assertThat(parsed.signature()).isEqualTo(original.signature());
            assertThat(parsed.modeOverride()).contains(TrainingMode.TOE);
        }

        @Test
        void takesTheRetrainSignatureFromTheFirstSignatureHeaderWhenNoneIsGiven() {
            byte[] tagged = ("From: a@b\r\nX-DSPAM-Signature: 6b06174a\r\nX-DSPAM-Signature: deadbeef\r\n\r\n"
                + "X-DSPAM-Signature: 1234\r\n").getBytes(StandardCharsets.US_ASCII);
            ProcessMode mode = parser.parse("--source=error --class=spam --deliver=summary");
            assertThat(mode.toRequest(BOB, tagged).orElseThrow().signature()).contains(Signature.of("6b06174a"));
            assertThat(mode.toRequest(BOB, MESSAGE)).isEmpty();
        }

        @Test
        void keepsKnownFeaturesAndDropsUnknownOnes() {
            assertThat(request("--process --feature=no,wh,tb=5,bogus,%%").features())
                .containsExactly(DspamFeature.NOISE_REDUCTION, DspamFeature.WHITELIST, DspamFeature.trainingBuffer(5));
        }

        @Test
        void addsUserListsAndIgnoresDeliveryOnlyOptions() {
            ProcessMode mode = parser.parse("--client --user carol dave --rcpt-to x@y z@w --mail-from=a@b --debug --foo --classify");
            assertThat(mode.extraUsers()).containsExactly(DspamUser.of("carol"), DspamUser.of("dave"));
            assertThat(mode.isClassify()).isTrue();
        }

        @Test
        void acceptsConfiguredClassAliases() {
            ProcessModeParser aliased = ProcessModeParser.withClassAliases(Set.of("Junk"), Set.of("good"));
            assertThat(aliased.parse("--source=corpus --class=junk").trainingClass()).contains(TrainingClass.SPAM);
            assertThat(aliased.parse("--source=corpus --class=GOOD").trainingClass()).contains(TrainingClass.INNOCENT);
            assertThat(parser.parse("--source=corpus --class=nonspam").trainingClass()).contains(TrainingClass.INNOCENT);
        }
    }

    @Nested
    class Output {
        @Test
        void knowsTheOutputStyle() {
            assertThat(parser.parse("--classify").wantsSummary()).isTrue();
            assertThat(parser.parse("--process --deliver=summary").wantsSummary()).isTrue();
            ProcessMode stdout = parser.parse("--process --deliver=stdout");
            assertThat(stdout.wantsSummary()).isFalse();
            assertThat(stdout.wantsStdout()).isTrue();
            assertThat(stdout.delivers(true, false)).isTrue();
            assertThat(stdout.delivers(false, false)).isTrue();
            ProcessMode plain = parser.parse("--process --stdout");
            assertThat(plain.delivers(false, true)).isFalse();
            assertThat(plain.delivers(true, true)).isTrue();
            assertThat(plain.delivers(true, false)).isFalse();
        }
    }

    @Nested
    class Refusals {
        @ParameterizedTest
        @ValueSource(strings = {"--class=bogus --source=corpus", "--source=bogus --class=spam", "--mode=bogus",
            "--deliver=summary,bogus", "--deliver=", "--profile=other", "--signature=a/b --source=error --class=spam",
            "--user ../x"})
        void refusesInvalidValues(String value) {
            assertThatThrownBy(() -> parser.parse(value))
                .isInstanceOfSatisfying(ProcessModeException.class,
                    e -> assertThat(e.kind()).isEqualTo(ProcessModeException.Kind.INVALID_VALUE));
        }

        @ParameterizedTest
        @ValueSource(strings = {"--classify --class=spam --source=corpus", "--class=spam --deliver=summary",
            "--source=error --deliver=summary", "--mode=unlearn --classify"})
        void refusesInconsistentOptions(String value) {
            assertThatThrownBy(() -> parser.parse(value))
                .isInstanceOfSatisfying(ProcessModeException.class,
                    e -> assertThat(e.kind()).isEqualTo(ProcessModeException.Kind.INCONSISTENT));
        }

        @ParameterizedTest
        @ValueSource(strings = {"--help", "--version", "--classify --HELP"})
        void refusesOptionsThatWouldStopDspamd(String value) {
            assertThatThrownBy(() -> parser.parse(value))
                .isInstanceOfSatisfying(ProcessModeException.class,
                    e -> assertThat(e.kind()).isEqualTo(ProcessModeException.Kind.REFUSED));
        }

        @Test
        void refusesValuesThatDspamdWouldTruncate() {
            String longValue = "--classify --deliver=summary " + "x".repeat(240);
            assertThatThrownBy(() -> parser.parse(longValue)).isInstanceOf(ProcessModeException.class)
                .hasMessageContaining("255");
        }

        @Test
        void unlearnWithoutSourceIsAccepted() {
            assertThat(request("--mode=unlearn --class=spam").operation()).isEqualTo(DspamRequest.Operation.UNLEARN);
        }
    }
}

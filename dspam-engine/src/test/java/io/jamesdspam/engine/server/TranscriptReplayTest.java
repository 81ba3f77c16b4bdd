package io.jamesdspam.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.jamesdspam.testing.SharedDirectory;

/**
 * Replays every transcript of {@code docs/transcripts} from the client
 * side against this server and compares each server line: same replies, same terminators, same
 * payload shape; probabilities, confidences, dates, odds, factor tokens, signature ids and the
 * version word of the banner may differ (a signature the recording got back is mapped to the one
 * this server gave before it is sent again).
 */
@Timeout(120)
class TranscriptReplayTest {
    /** Transcripts that do not describe this server's behaviour, with the reason. */
    static final Map<String, String> NOT_REPLAYED = Map.of(
        "38-help-option-kills-daemon.txt", "--help is refused with 554 5.1.0 instead of killing the server (DlmtpServerTest)",
        "39-delivery-agent-failure.txt", "this server never runs a delivery agent, so 421/530 delivery failures cannot happen",
        "40-upstream-3.10.2-summary-failures.txt", "upstream 3.10.2's fallback for failed users; this server answers like the fork");

    private static final Pattern SIGNATURE = Pattern.compile("(?:signature=|X-DSPAM-Signature: )([0-9A-Za-z,]+)");
    private static final List<UnaryOperator<String>> NORMALIZERS = List.of(
        s -> s.replaceFirst("^220 DSPAM (D?LMTP) \\S+ ", "220 DSPAM $1 <version> "),
        s -> s.replaceAll("probability=[0-9.]+", "probability=<p>"),
        s -> s.replaceAll("confidence=[0-9.]+", "confidence=<c>"),
        s -> s.replaceAll("signature=(?!N/A)[0-9A-Za-z,]+", "signature=<sig>"),
        s -> s.replaceAll("^X-DSPAM-(Processed|Confidence|Probability|Signature): .*", "X-DSPAM-$1: <value>"),
        s -> s.replaceAll("^X-DSPAM-Improbability: 1 in \\d+ ", "X-DSPAM-Improbability: 1 in <n> "),
        s -> s.replaceAll("^\t.*, [0-9.]+(,?)\n$", "\t<factor>, <value>$1\n"));

    @TempDir
    Path directory;

    static Stream<String> replayedTranscripts() throws IOException {
        try (Stream<Path> files = Files.list(SharedDirectory.transcripts())) {
            return files.map(f -> f.getFileName().toString())
                .filter(name -> name.endsWith(".txt") && !NOT_REPLAYED.containsKey(name))
                .sorted()
                .collect(Collectors.toList())
                .stream();
        }
    }

    @Test
    void everyTranscriptIsReplayedOrExcludedWithAReason() throws IOException {
        List<String> replayed = replayedTranscripts().collect(Collectors.toList());
        assertThat(replayed).hasSizeGreaterThanOrEqualTo(41);
        assertThat(SharedDirectory.transcripts().resolve("01-greeting-lhlo-quit.txt")).exists();
        NOT_REPLAYED.keySet().forEach(name -> assertThat(SharedDirectory.transcripts().resolve(name)).exists());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replayedTranscripts")
    void serverAnswersLikeDspamd(String name) throws IOException {
        Transcript transcript = Transcript.read(SharedDirectory.transcripts().resolve(name));
        ScriptedBackend backend = backendFor(name);
        try (DlmtpServer server = DlmtpServer.start(settingsFor(name), backend)) {
            Map<String, String> signatures = new LinkedHashMap<>();
            int number = 0;
            for (List<Transcript.Step> connection : transcript.connections()) {
                number++;
                replay(server, connection, signatures, name + " connection " + number);
            }
        }
    }

    private void replay(DlmtpServer server, List<Transcript.Step> steps, Map<String, String> signatures,
                        String where) throws IOException {
        try (RawClient client = RawClient.connect(server)) {
            int index = 0;
            for (Transcript.Step step : steps) {
                index++;
                switch (step.kind) {
                    case SEND:
                        client.send(mapSignatures(step.text(), signatures));
                        break;
                    case EXPECT:
                        String actual = client.readLine();
                        assertThat(actual).as("%s, step %d: expected %s", where, index, step.text()).isNotNull();
                        learnSignature(step.text(), actual, signatures);
                        assertThat(normalize(actual)).as("%s, step %d", where, index).isEqualTo(normalize(step.text()));
                        break;
                    case SERVER_CLOSES:
                        assertThat(client.isClosedByServer()).as("%s: server closes", where).isTrue();
                        break;
                    default:
                        throw new IllegalStateException(step.kind.name());
                }
            }
        }
    }

    private static String normalize(String line) {
        String normalized = line;
        for (UnaryOperator<String> normalizer : NORMALIZERS) {
            normalized = normalizer.apply(normalized);
        }
        return normalized;
    }

    private static void learnSignature(String expected, String actual, Map<String, String> signatures) {
        Matcher recorded = SIGNATURE.matcher(expected);
        Matcher ours = SIGNATURE.matcher(actual);
        if (recorded.find() && ours.find()) {
            signatures.putIfAbsent(recorded.group(1), ours.group(1));
        }
    }

    private static byte[] mapSignatures(String sent, Map<String, String> signatures) {
        String mapped = sent;
        for (Map.Entry<String, String> signature : signatures.entrySet()) {
            mapped = mapped.replace(signature.getKey(), signature.getValue());
        }
        return mapped.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The recording's dspam.conf, as far as it shapes the answers. */
    private DlmtpServerSettings settingsFor(String name) {
        DlmtpServerSettings.Builder settings = DlmtpServerSettings.builder()
            .host("127.0.0.1")
            .port(0)
            .password("james", "s3cret")
            .serverIdent("dspam.test.local")
            .improbabilityDrive(true)
            .spamActionDelivers(true)
            .authFailureDelay(Duration.ZERO);
        if (name.startsWith("29a-")) {
            settings.mode(DlmtpServerSettings.ServerMode.STANDARD).serverParameters("--deliver=innocent,spam");
        }
        if (name.startsWith("29b-")) {
            settings.mode(DlmtpServerSettings.ServerMode.STANDARD).serverParameters("--deliver=summary");
        }
        if (name.startsWith("29c-")) {
            settings.mode(DlmtpServerSettings.ServerMode.STANDARD).serverParameters("--deliver=innocent,spam --stdout");
        }
        if (name.startsWith("30-")) {
            settings.mode(DlmtpServerSettings.ServerMode.AUTO).serverParameters("--deliver=innocent,spam");
        }
        if (name.startsWith("31-")) {
            settings.domainSocketPath(directory.resolve("dspam.sock"));
        }
        if (name.startsWith("33-")) {
            settings.idleTimeout(Duration.ofSeconds(1)).dataTimeout(Duration.ofSeconds(1));
        }
        if (name.startsWith("34-")) {
            settings.maxMessageSize(100_000);
        }
        return settings.build();
    }

    private static ScriptedBackend backendFor(String name) {
        ScriptedBackend backend = ScriptedBackend.likeTheTranscripts();
        if (name.startsWith("21-")) {
            backend.classifyingSingleWords();
        }
        if (name.startsWith("32e-") || name.startsWith("32f-")) {
            // Both retrain a signature stored by an earlier, unrecorded session.
            backend.withStoredSignature("bob", "6b061693295431554120145");
        }
        return backend;
    }
}

package io.jamesdspam.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.jamesdspam.client.DlmtpClient;
import io.jamesdspam.client.DlmtpClientConfiguration;
import io.jamesdspam.client.DlmtpEndpoint;
import io.jamesdspam.client.DlmtpTransactionResult;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.Verdict;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * The production pairing: the embedded engine served over DLMTP and reached by the project's
 * client. Every operation must come back exactly as the engine answered it in process.
 */
@Timeout(300)
class EmbeddedDspamOverDlmtpTest {
    private static final List<DspamUser> BOB = List.of(DspamUser.of("bob"));

    @Test
    void servesTheEmbeddedEngineAsItAnswersInProcess() throws IOException {
        EmbeddedDspam served = EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore());
        EmbeddedDspam reference = EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore());
        Corpus corpus = Corpus.load();
        try (DlmtpServer server = DlmtpServer.start(DlmtpServerSettings.builder().host("127.0.0.1").port(0)
                 .password("james", "s3cret").build(), served);
             DlmtpClient client = DlmtpClient.create(DlmtpClientConfiguration.builder()
                 .endpoint(DlmtpEndpoint.tcp("127.0.0.1", server.tcpAddress().orElseThrow().getPort()))
                 .ident("james").password("s3cret").replyTimeout(Duration.ofSeconds(60)).build())) {
            List<CorpusMessage> training = corpus.trainSet().subList(0, 40);
            for (CorpusMessage message : training) {
                DspamRequest train = DspamRequest.train(BOB, message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT,
                    TrainingSource.CORPUS, message.bytes());
                assertSameResult(client.execute(train), reference.execute(train));
            }
            for (CorpusMessage message : corpus.testSet().subList(0, 20)) {
                DspamRequest classify = DspamRequest.classify(BOB, message.bytes());
                assertSameResult(client.execute(classify), reference.execute(classify));
            }
            CorpusMessage mail = corpus.testSet().get(20);
            DspamResult processed = client.execute(DspamRequest.process(BOB, mail.bytes())).resultFor(DspamUser.of("bob"))
                .orElseThrow();
            Signature signature = processed.signature().orElseThrow();
            TrainingClass opposite = processed.verdict().asTrainingClass().opposite();
            DspamResult retrained = client.execute(DspamRequest.retrain(BOB, opposite, signature))
                .resultFor(DspamUser.of("bob")).orElseThrow();
            assertThat(retrained.verdict()).isEqualTo(opposite.asVerdict());
            assertThat(retrained.signature()).contains(signature);
            assertThat(client.execute(DspamRequest.retrain(BOB, TrainingClass.SPAM, Signature.of("0123456789abcdef")))
                .outcomes().get(0).isClassified()).isFalse();
        }
    }

    @Test
    void returnsTheFactorsHeaderInTheMessageCopyWithShowFactors() throws IOException {
        EngineSettings showFactors = EngineSettings.defaults().toBuilder().showFactors(true).build();
        InMemoryDspamStore store = new InMemoryDspamStore();
        EmbeddedDspam served = EmbeddedDspam.create(showFactors, store);
        Corpus corpus = Corpus.load();
        for (CorpusMessage message : corpus.trainSet().subList(0, 40)) {
            served.execute(DspamRequest.train(BOB, message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT,
                TrainingSource.CORPUS, message.bytes()));
        }
        byte[] mail = corpus.testSet().get(0).bytes();
        String inProcess = served.execute(DspamRequest.classify(BOB, mail)).resultFor(DspamUser.of("bob")).orElseThrow()
            .returnedHeaders().get("X-DSPAM-Factors");
        try (DlmtpServer server = DlmtpServer.start(DlmtpServerSettings.builder().host("127.0.0.1").port(0)
                 .password("james", "s3cret").build(), served);
             DlmtpClient client = DlmtpClient.create(DlmtpClientConfiguration.builder()
                 .endpoint(DlmtpEndpoint.tcp("127.0.0.1", server.tcpAddress().orElseThrow().getPort()))
                 .ident("james").password("s3cret").replyTimeout(Duration.ofSeconds(60)).build())) {
            DlmtpTransactionResult returned = client.executeReturningMessage(
                DspamRequest.process(BOB, mail).withMode(TrainingMode.NOTRAIN));

            String copy = new String(returned.returnedMessages().get(0), StandardCharsets.ISO_8859_1);
            String headers = copy.substring(0, copy.indexOf("\n\n") + 1);
            assertThat(inProcess).matches("(?s)\\d+,\n\t.*");
            assertThat(headers).endsWith("X-DSPAM-Probability: " + headerValue(headers, "X-DSPAM-Probability")
                + "\nX-DSPAM-Factors: " + inProcess + "\n");
            DspamResult result = returned.outcomeFor(DspamUser.of("bob")).orElseThrow().result().orElseThrow();
            // The client keeps a folded header folded, with CRLF line ends
            assertThat(result.returnedHeaders().get("X-DSPAM-Factors")).isEqualTo(inProcess.replace("\n", "\r\n"));
        }
    }

    private static String headerValue(String headers, String name) {
        int start = headers.indexOf(name + ": ") + name.length() + 2;
        return headers.substring(start, headers.indexOf('\n', start));
    }

    /** Same verdict and class, numbers as printed on the wire (4 and 2 decimals). */
    private static void assertSameResult(DspamResponse overDlmtp, DspamResponse inProcess) {
        assertThat(overDlmtp.outcomes()).hasSameSizeAs(inProcess.outcomes());
        for (int i = 0; i < inProcess.outcomes().size(); i++) {
            assertThat(overDlmtp.outcomes().get(i).isClassified()).isEqualTo(inProcess.outcomes().get(i).isClassified());
            if (inProcess.outcomes().get(i).isClassified()) {
                DspamResult wire = overDlmtp.outcomes().get(i).result().orElseThrow();
                DspamResult local = inProcess.outcomes().get(i).result().orElseThrow();
                assertThat(wire.verdict()).isEqualTo(local.verdict());
                assertThat(wire.dspamClass()).isEqualTo(local.dspamClass());
                assertThat(wire.probability()).isCloseTo(local.probability(), Offset.offset(0.00005));
                assertThat(wire.confidence()).isCloseTo(local.confidence(), Offset.offset(0.005));
                assertThat(wire.signature().isPresent()).isEqualTo(local.signature().isPresent());
            }
        }
        assertThat(overDlmtp.outcomes().stream().allMatch(o -> o.result().map(r -> r.verdict() == Verdict.SPAM
            || r.verdict() == Verdict.INNOCENT).orElse(true))).isTrue();
    }
}

package io.jamesdspam.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jamesdspam.client.DlmtpClient;
import io.jamesdspam.client.DlmtpClientConfiguration;
import io.jamesdspam.client.DlmtpEndpoint;
import io.jamesdspam.client.DlmtpTransactionResult;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.model.Verdict;

/** The project's own DLMTP client against this server: every operation, many users, concurrency. */
@Timeout(120)
class DlmtpClientRoundTripTest {
    private static final byte[] HAM = DlmtpServerTest.HAM.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SPAM = DlmtpServerTest.SPAM.getBytes(StandardCharsets.US_ASCII);
    private static final List<DspamUser> BOB = List.of(DspamUser.of("bob"));

    private final ScriptedBackend backend = ScriptedBackend.likeTheTranscripts();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @TempDir
    Path directory;

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private DlmtpClient clientOf(boolean unixSocket, int poolSize) throws IOException {
        DlmtpServerSettings.Builder settings = DlmtpServerSettings.builder()
            .host("127.0.0.1").port(0).password("james", "s3cret").maxConnections(32);
        if (unixSocket) {
            settings.domainSocketPath(directory.resolve("dspam.sock"));
        }
        DlmtpServer server = DlmtpServer.start(settings.build(), backend);
        resources.add(server);
        DlmtpEndpoint endpoint = unixSocket ? DlmtpEndpoint.unixSocket(server.unixSocketPath().orElseThrow())
            : DlmtpEndpoint.tcp("127.0.0.1", server.tcpAddress().orElseThrow().getPort());
        DlmtpClient client = DlmtpClient.create(DlmtpClientConfiguration.builder()
            .endpoint(endpoint).ident("james").password("s3cret").poolSize(poolSize)
            .replyTimeout(Duration.ofSeconds(30)).build());
        resources.add(client);
        return client;
    }

    private static DspamResult result(DspamResponse response, String user) {
        return response.resultFor(DspamUser.of(user)).orElseThrow();
    }

    @ParameterizedTest(name = "unix socket: {0}")
    @ValueSource(booleans = {false, true})
    void runsEveryOperation(boolean unixSocket) throws IOException {
        DlmtpClient client = clientOf(unixSocket, 2);
        client.ping();

        assertThat(result(client.execute(DspamRequest.classify(BOB, SPAM)), "bob").verdict()).isEqualTo(Verdict.SPAM);
        DspamResult processed = result(client.execute(DspamRequest.process(BOB, HAM)), "bob");
        assertThat(processed.verdict()).isEqualTo(Verdict.INNOCENT);
        Signature signature = processed.signature().orElseThrow();

        DspamResult retrained = result(client.execute(DspamRequest.retrain(BOB, TrainingClass.SPAM, signature)), "bob");
        assertThat(retrained.verdict()).isEqualTo(Verdict.SPAM);
        assertThat(retrained.signature()).contains(signature);
        assertThat(result(client.execute(DspamRequest.classify(BOB, HAM)), "bob").verdict()).isEqualTo(Verdict.SPAM);

        DspamResult unlearned = result(client.execute(DspamRequest.unlearn(BOB, TrainingClass.SPAM, signature)), "bob");
        assertThat(unlearned.signature()).contains(signature);
        assertThat(result(client.execute(DspamRequest.classify(BOB, HAM)), "bob").verdict()).isEqualTo(Verdict.INNOCENT);

        DspamResult trained = result(client.execute(DspamRequest.train(BOB, TrainingClass.SPAM, TrainingSource.CORPUS, HAM)), "bob");
        assertThat(trained.verdict()).isEqualTo(Verdict.SPAM);
        assertThat(trained.signature()).isEmpty();

        UserOutcome unknown = client.execute(DspamRequest.retrain(BOB, TrainingClass.SPAM, Signature.of("0123abc")))
            .outcomes().get(0);
        assertThat(unknown.isClassified()).isFalse();
        UserOutcome noTokens = client.execute(DspamRequest.classify(BOB, "Subject: x\r\n\r\nbody\r\n"
            .getBytes(StandardCharsets.US_ASCII))).outcomes().get(0);
        assertThat(noTokens.isClassified()).isFalse();

        DspamResult notrain = result(client.execute(DspamRequest.process(BOB, SPAM).withMode(TrainingMode.NOTRAIN)), "bob");
        assertThat(client.execute(DspamRequest.retrain(BOB, TrainingClass.INNOCENT, notrain.signature().orElseThrow()))
            .outcomes().get(0).isClassified()).isFalse();
    }

    @Test
    void returnsTheTaggedMessage() throws IOException {
        DlmtpClient client = clientOf(false, 1);
        DlmtpTransactionResult result = client.executeReturningMessage(DspamRequest.process(BOB, SPAM));
        assertThat(result.returnedMessages()).hasSize(1);
        String tagged = new String(result.returnedMessages().get(0), StandardCharsets.UTF_8);
        assertThat(tagged).contains("X-DSPAM-Result: Spam").contains("Subject: 100% FREE money")
            .contains("You can earn FREE money now!");
        assertThat(result.outcomes().get(0).result().orElseThrow().verdict()).isEqualTo(Verdict.SPAM);
    }

    @Test
    void answersManyUsersInOneTransaction() throws IOException {
        DlmtpClient client = clientOf(false, 1);
        List<DspamUser> users = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            users.add(DspamUser.of("user" + i + "@example.org"));
        }
        users.add(DspamUser.of("alice"));
        DspamResponse response = client.execute(DspamRequest.process(users, SPAM));
        assertThat(response.outcomes()).hasSize(41);
        for (int i = 0; i < 40; i++) {
            assertThat(response.outcomes().get(i).user()).isEqualTo(users.get(i));
            assertThat(response.outcomes().get(i).result().orElseThrow().verdict()).isEqualTo(Verdict.SPAM);
        }
        assertThat(result(response, "alice").verdict()).isEqualTo(Verdict.INNOCENT);
    }

    @ParameterizedTest(name = "unix socket: {0}")
    @ValueSource(booleans = {false, true})
    void servesSixteenConcurrentClientsOfTwoHundredMessages(boolean unixSocket) throws Exception {
        DlmtpClient client = clientOf(unixSocket, 16);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                List<DspamUser> user = List.of(DspamUser.of("user" + t));
                results.add(threads.submit(() -> {
                    int correct = 0;
                    for (int m = 0; m < 200; m++) {
                        boolean spam = m % 2 == 0;
                        DspamResponse response = client.execute(DspamRequest.classify(user, spam ? SPAM : HAM));
                        if (response.outcomes().get(0).result().map(DspamResult::isSpam).orElse(!spam) == spam) {
                            correct++;
                        }
                    }
                    return correct;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(100, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(backend.executedRequests()).isEqualTo(3200);
    }
}

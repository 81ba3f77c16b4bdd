package io.jamesdspam.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;

@Timeout(120)
class DlmtpServerTest {
    static final String HAM = "From: Alice <alice@example.org>\r\nSubject: Lunch on Thursday\r\n"
        + "Message-ID: <ham-1@example.org>\r\n\r\nare we still on for lunch?\r\n";
    static final String SPAM = "From: Friend <offers@example.com>\r\nSubject: 100% FREE money\r\n"
        + "Message-ID: <spam-1@example.com>\r\n\r\nYou can earn FREE money now!\r\n";
    static final String AUTH = "MAIL FROM:<s3cret@james>";

    private final List<DlmtpServer> servers = new ArrayList<>();
    private final ScriptedBackend backend = ScriptedBackend.likeTheTranscripts();

    @TempDir
    Path directory;

    @AfterEach
    void stopServers() {
        servers.forEach(DlmtpServer::close);
    }

    private DlmtpServer start(Consumer<DlmtpServerSettings.Builder> customizer) throws IOException {
        return start(customizer, backend);
    }

    private DlmtpServer start(Consumer<DlmtpServerSettings.Builder> customizer, DspamBackend dspam) throws IOException {
        DlmtpServerSettings.Builder settings = DlmtpServerSettings.builder()
            .host("127.0.0.1")
            .port(0)
            .password("james", "s3cret")
            .serverIdent("dspam.test.local")
            .authFailureDelay(Duration.ZERO);
        customizer.accept(settings);
        DlmtpServer server = DlmtpServer.start(settings.build(), dspam);
        servers.add(server);
        return server;
    }

    private DlmtpServer start() throws IOException {
        return start(settings -> { });
    }

    static String transaction(String options, String message, String... users) {
        StringBuilder session = new StringBuilder(AUTH + " DSPAMPROCESSMODE=\"" + options + "\"\r\n");
        for (String user : users) {
            session.append("RCPT TO:<").append(user).append(">\r\n");
        }
        return session.append("DATA\r\n").append(message).append(".\r\n").toString();
    }

    /** Runs a classify transaction on a greeted connection and returns the summary payload. */
    static List<String> classify(RawClient client, String user, String message) throws IOException {
        client.send(transaction("--classify --deliver=summary", message, user));
        assertThat(client.readLine()).isEqualTo("250 2.1.0 OK\r\n");
        assertThat(client.readLine()).isEqualTo("250 2.1.5 OK\r\n");
        assertThat(client.readLine()).startsWith("354 ");
        return client.readPayload();
    }

    static void assertServes(DlmtpServer server) throws IOException {
        try (RawClient client = RawClient.connect(server).greet()) {
            assertThat(classify(client, "bob", SPAM)).containsExactly(
                "X-DSPAM-Result: bob; result=\"Spam\"; class=\"Spam\"; probability=1.0000; confidence=0.99; signature=N/A\n",
                ".\r\n");
        }
    }

    @Nested
    class Sessions {
        @Test
        void answersOneSummaryLinePerUserInRecipientOrder() throws IOException {
            DlmtpServer server = start();
            List<String> users = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                users.add("user" + i + "@example.org");
            }
            try (RawClient client = RawClient.connect(server).greet()) {
                client.send(transaction("--process --deliver=summary", SPAM, users.toArray(new String[0])));
                assertThat(client.readLine()).isEqualTo("250 2.1.0 OK\r\n");
                for (int i = 0; i < users.size(); i++) {
                    assertThat(client.readLine()).isEqualTo("250 2.1.5 OK\r\n");
                }
                assertThat(client.readLine()).startsWith("354 ");
                List<String> payload = client.readPayload();
                assertThat(payload).hasSize(61);
                for (int i = 0; i < users.size(); i++) {
                    assertThat(payload.get(i)).startsWith("X-DSPAM-Result: " + users.get(i) + "; result=\"Spam\";")
                        .matches("(?s).*signature=[0-9a-f]+\n");
                }
            }
        }

        @Test
        void answersLmtpStyleWithoutSummary() throws IOException {
            DlmtpServer server = start();
            try (RawClient client = RawClient.connect(server).greet()) {
                client.send(transaction("--process --deliver=innocent,spam", SPAM, "bob", "alice"));
                client.readLine();
                client.readLine();
                client.readLine();
                client.readLine();
                assertThat(client.readLine()).isEqualTo("250 2.6.0 <bob> Message accepted for delivery: SPAM\r\n");
                assertThat(client.readLine()).isEqualTo("250 2.6.0 <alice> Message accepted for delivery: INNOCENT\r\n");
            }
        }

        @Test
        void returnsTheTaggedMessageWithStdoutWithoutDotStuffing() throws IOException {
            DlmtpServer server = start(settings -> settings.improbabilityDrive(true));
            try (RawClient client = RawClient.connect(server).greet()) {
                client.send(transaction("--process --deliver=innocent,spam --stdout",
                    "Subject: dots\r\n\r\nLine one here\r\n..\r\n..leading\r\n", "bob"));
                client.readLine();
                client.readLine();
                client.readLine();
                List<String> payload = client.readPayload();
                assertThat(payload.get(0)).isEqualTo("X-Daemon-Classification: INNOCENT\n");
                assertThat(payload.get(1)).isEqualTo("Subject: dots\n");
                assertThat(payload.get(2)).isEqualTo("X-DSPAM-Result: Innocent\n");
                assertThat(payload.get(3)).matches("X-DSPAM-Processed: \\w{3} \\w{3} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\n");
                assertThat(payload.subList(4, payload.size())).containsExactly(
                    "X-DSPAM-Confidence: 0.9900\n",
                    "X-DSPAM-Improbability: 1 in 9901 chance of being spam\n",
                    "X-DSPAM-Probability: 0.0000\n",
                    payload.get(7),
                    "\n", "Line one here\n", ".\n", ".leading\n", ".\r\n");
                assertThat(payload.get(7)).matches("X-DSPAM-Signature: [0-9a-f]+\n");
            }
        }

        @Test
        void pipelinesWholeSessionsInOneWrite() throws IOException {
            DlmtpServer server = start();
            try (RawClient client = RawClient.connect(server)) {
                client.send("LHLO james\r\n" + transaction("--classify --deliver=summary", HAM, "bob")
                    + transaction("--classify --deliver=summary", SPAM, "bob", "alice")
                    + transaction("--classify", SPAM, "carol") + "QUIT\r\n");
                List<String> all = new ArrayList<>();
                String line;
                while ((line = client.readLine()) != null) {
                    all.add(line.replaceAll("confidence=[0-9.]+", "confidence=C"));
                }
                assertThat(all).containsExactly(
                    "220 DSPAM DLMTP 3.10.2 Authentication Required\r\n",
                    "250-dspam.test.local\r\n", "250-PIPELINING\r\n", "250-ENHANCEDSTATUSCODES\r\n",
                    "250-DSPAMPROCESSMODE\r\n", "250-8BITMIME\r\n", "250 SIZE\r\n",
                    "250 2.1.0 OK\r\n", "250 2.1.5 OK\r\n", "354 Enter mail, end with \".\" on a line by itself\r\n",
                    "X-DSPAM-Result: bob; result=\"Innocent\"; class=\"Innocent\"; probability=0.0000; confidence=C; signature=N/A\n",
                    ".\r\n",
                    "250 2.1.0 OK\r\n", "250 2.1.5 OK\r\n", "250 2.1.5 OK\r\n",
                    "354 Enter mail, end with \".\" on a line by itself\r\n",
                    "X-DSPAM-Result: bob; result=\"Spam\"; class=\"Spam\"; probability=1.0000; confidence=C; signature=N/A\n",
                    "X-DSPAM-Result: alice; result=\"Innocent\"; class=\"Innocent\"; probability=0.0000; confidence=C; signature=N/A\n",
                    ".\r\n",
                    "250 2.1.0 OK\r\n", "250 2.1.5 OK\r\n", "354 Enter mail, end with \".\" on a line by itself\r\n",
                    "X-DSPAM-Result: carol; result=\"Spam\"; class=\"Spam\"; probability=1.0000; confidence=C; signature=N/A\n",
                    ".\r\n",
                    "221 2.0.0 OK\r\n");
            }
        }

        /** Each state is reached by a prefix of one session; RSET then recovers, QUIT then ends. */
        @ParameterizedTest
        @ValueSource(strings = {
            "",
            "LHLO james\r\n",
            "LHLO james\r\n" + AUTH + "\r\n",
            "LHLO james\r\n" + AUTH + "\r\nRCPT TO:<bob>\r\n",
            "LHLO james\r\n" + AUTH + "\r\nRCPT TO:<bob>\r\nNOOP\r\n",
            "LHLO james\r\n" + AUTH + " DSPAMPROCESSMODE=\"--class=bogus --source=corpus\"\r\nRCPT TO:<bob>\r\nDATA\r\n",
            "LHLO james\r\n" + AUTH + "\r\nDATA\r\n",
            "LHLO james\r\n" + AUTH + " DSPAMPROCESSMODE=\"--classify --deliver=summary\"\r\nRCPT TO:<bob>\r\nDATA\r\n"
                + HAM + ".\r\n"})
        void rsetRecoversAndQuitEndsInEveryState(String prefix) throws IOException {
            DlmtpServer server = start();
            try (RawClient client = RawClient.connect(server)) {
                client.send(prefix + "RSET\r\n");
                String line;
                do {
                    line = client.readLine();
                } while (!line.equals("250 OK\r\n"));
                if (!prefix.startsWith("LHLO")) {
                    client.send("LHLO james\r\n");
                    for (int i = 0; i < 6; i++) {
                        client.readLine();
                    }
                }
                assertThat(classify(client, "bob", SPAM)).hasSize(2);
            }
            try (RawClient client = RawClient.connect(server)) {
                client.send(prefix + "QUIT\r\n");
                String last = null;
                String line;
                while ((line = client.readLine()) != null) {
                    last = line;
                }
                // After an accepted MAIL FROM and until the message, dspamd answers QUIT with 250 (transcript 22).
                boolean recipientsPhase = prefix.contains(AUTH) && !prefix.contains(".\r\n");
                assertThat(last).isEqualTo(recipientsPhase ? "250 2.0.0 OK\r\n" : "221 2.0.0 OK\r\n");
            }
        }

        @Test
        void servesSixteenConnectionsOfTwoHundredMessagesEach() throws Exception {
            DlmtpServer server = start(settings -> settings.maxConnections(16));
            ExecutorService clients = Executors.newFixedThreadPool(16);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int c = 0; c < 16; c++) {
                    String user = "user" + c;
                    results.add(clients.submit(() -> {
                        int correct = 0;
                        try (RawClient client = RawClient.connect(server).greet()) {
                            for (int m = 0; m < 200; m++) {
                                boolean spam = m % 3 == 0;
                                List<String> payload = classify(client, user, spam ? SPAM : HAM);
                                if (payload.size() == 2 && payload.get(0).startsWith("X-DSPAM-Result: " + user
                                    + "; result=\"" + (spam ? "Spam" : "Innocent") + "\"")) {
                                    correct++;
                                }
                            }
                        }
                        return correct;
                    }));
                }
                for (Future<Integer> result : results) {
                    assertThat(result.get(100, TimeUnit.SECONDS)).isEqualTo(200);
                }
                assertThat(backend.executedRequests()).isEqualTo(3200);
            } finally {
                clients.shutdownNow();
            }
        }

        @Test
        void answersEveryUserAsFailedWhenTheBackendFails() throws IOException {
            DspamBackend failing = new FailingBackend();
            DlmtpServer server = start(settings -> { }, failing);
            try (RawClient client = RawClient.connect(server).greet()) {
                assertThat(classify(client, "bob", HAM)).containsExactly(".\r\n");
                client.send(transaction("--process", HAM, "bob", "carol"));
                for (int i = 0; i < 4; i++) {
                    client.readLine();
                }
                assertThat(client.readLine()).isEqualTo("421 4.3.0 <bob> Error occured during processing\r\n");
                assertThat(client.readLine()).isEqualTo("421 4.3.0 <carol> Error occured during processing\r\n");
            }
        }

        @Test
        void retrainsTheSignatureOfAResubmittedMessageOrAnswersNothingWithoutOne() throws IOException {
            DlmtpServer server = start();
            try (RawClient client = RawClient.connect(server).greet()) {
                client.send(transaction("--process --deliver=summary", HAM, "bob"));
                client.readLine();
                client.readLine();
                client.readLine();
                String summary = client.readPayload().get(0);
                String signature = summary.substring(summary.indexOf("signature=") + 10).trim();
                String resubmitted = "X-DSPAM-Signature: " + signature + "\r\n" + HAM;
                client.send(transaction("--source=error --class=spam --deliver=summary", resubmitted, "bob"));
                client.readLine();
                client.readLine();
                client.readLine();
                assertThat(client.readPayload()).containsExactly(
                    "X-DSPAM-Result: bob; result=\"Spam\"; class=\"Spam\"; probability=1.0000; confidence=0.00; signature="
                        + signature + "\n", ".\r\n");
                client.send(transaction("--source=error --class=spam --deliver=summary", HAM, "bob"));
                client.readLine();
                client.readLine();
                client.readLine();
                assertThat(client.readPayload()).containsExactly(".\r\n");
            }
        }
    }

    @Nested
    class BadInput {
        @Test
        void answersGarbageWithThePhaseErrorAndGoesOn() throws IOException {
            DlmtpServer server = start();
            Random random = new Random(42);
            try (RawClient client = RawClient.connect(server)) {
                client.readLine();
                for (int i = 0; i < 50; i++) {
                    byte[] garbage = new byte[1 + random.nextInt(200)];
                    random.nextBytes(garbage);
                    for (int j = 0; j < garbage.length; j++) {
                        if (garbage[j] == '\n' || garbage[j] == 0) {
                            garbage[j] = 'x';
                        }
                    }
                    garbage[0] = 'Z';
                    client.send(garbage).send("\n");
                    assertThat(client.readLine()).isEqualTo("503 5.0.0 Need LHLO here.\r\n");
                }
                client.send("LHLO james\r\n");
                for (int i = 0; i < 6; i++) {
                    client.readLine();
                }
                client.send("\u00ff\u00fe garbage\r\nEHLO x\r\n");
                assertThat(client.readLine()).isEqualTo("503 5.0.0 Need MAIL FROM here.\r\n");
                assertThat(client.readLine()).isEqualTo("503 5.0.0 Need MAIL FROM here.\r\n");
                assertThat(classify(client, "bob", SPAM)).hasSize(2);
            }
        }

        @Test
        void refusesOneMegabyteCommandLinesWithoutLosingTheConnection() throws IOException {
            DlmtpServer server = start();
            char[] huge = new char[1024 * 1024];
            Arrays.fill(huge, 'A');
            try (RawClient other = RawClient.connect(server).greet();
                 RawClient client = RawClient.connect(server).greet()) {
                client.send(AUTH + " " + new String(huge) + "\r\n");
                assertThat(client.readLine()).isEqualTo("500 5.5.2 Line too long\r\n");
                client.send("RCPT TO:<" + new String(huge) + ">\r\n");
                assertThat(client.readLine()).isEqualTo("500 5.5.2 Line too long\r\n");
                assertThat(classify(other, "bob", SPAM)).hasSize(2);
                assertThat(classify(client, "bob", SPAM)).hasSize(2);
                List<String> payload = classify(client, "bob", HAM + "x" + new String(huge) + "\r\n");
                assertThat(payload).hasSize(2);
            }
        }

        @Test
        void deletesNulBytesEverywhere() throws IOException {
            DlmtpServer server = start();
            try (RawClient client = RawClient.connect(server)) {
                client.readLine();
                client.send("LH\0LO james\r\n");
                assertThat(client.readLine()).isEqualTo("250-dspam.test.local\r\n");
                for (int i = 0; i < 5; i++) {
                    client.readLine();
                }
                client.send("MAIL FROM:<s3c\0ret@james> DSPAMPROCESSMODE=\"--classify --deliver=summary\"\r\n"
                    + "RCPT TO:<b\0ob>\r\nDATA\r\nSubject: x\r\n\r\nFR\0EE offer\r\n.\0\r\n");
                assertThat(client.readLine()).isEqualTo("250 2.1.0 OK\r\n");
                assertThat(client.readLine()).isEqualTo("250 2.1.5 OK\r\n");
                client.readLine();
                assertThat(client.readPayload().get(0)).startsWith("X-DSPAM-Result: bob; result=\"Spam\"");
            }
        }

        @Test
        void processesNothingWhenTheConnectionDropsInsideData() throws IOException {
            DlmtpServer server = start();
            try (RawClient client = RawClient.connect(server).greet()) {
                client.send(AUTH + " DSPAMPROCESSMODE=\"--source=corpus --class=spam\"\r\nRCPT TO:<bob>\r\nDATA\r\n"
                    + "Subject: FREE money\r\n\r\nhalf a mess");
                client.readLine();
                client.readLine();
                client.readLine();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 0);
            assertThat(backend.executedRequests()).isZero();
            assertServes(server);
        }

        @Test
        void closesAfterTheThirdWrongPasswordEvenAcrossRset() throws IOException {
            DlmtpServer server = start();
            try (RawClient other = RawClient.connect(server).greet();
                 RawClient client = RawClient.connect(server).greet()) {
                client.send("MAIL FROM:<wrong@james>\r\nRSET\r\nMAIL FROM:<s3cret@nosuchident>\r\nMAIL FROM:<s3cret>\r\n");
                assertThat(client.readLine()).isEqualTo("503 5.1.0 Authentication Required\r\n");
                assertThat(client.readLine()).isEqualTo("250 OK\r\n");
                assertThat(client.readLine()).isEqualTo("503 5.1.0 Authentication Required\r\n");
                assertThat(client.readLine()).isEqualTo("503 5.1.0 Authentication Required\r\n");
                assertThat(client.isClosedByServer()).isTrue();
                assertThat(classify(other, "bob", SPAM)).hasSize(2);
            }
            assertServes(server);
        }

        @Test
        void acceptsIdentsCaseInsensitivelyAndPasswordsCaseSensitively() throws IOException {
            DlmtpServer server = start();
            try (RawClient client = RawClient.connect(server).greet()) {
                client.send("MAIL FROM: <s3cret@JAMES>\r\nRSET\r\nMAIL FROM:<S3CRET@james>\r\n");
                assertThat(client.readLine()).isEqualTo("250 2.1.0 OK\r\n");
                assertThat(client.readLine()).isEqualTo("250 OK\r\n");
                assertThat(client.readLine()).isEqualTo("503 5.1.0 Authentication Required\r\n");
            }
        }

        @Test
        void refusesOptionValuesOverTwoHundredFiftyFiveBytes() throws IOException {
            DlmtpServer server = start();
            String options = "--classify --deliver=summary " + "--feature=wh ".repeat(20);
            try (RawClient client = RawClient.connect(server).greet()) {
                client.send(transaction(options, HAM, "bob"));
                assertThat(client.readLine()).isEqualTo("250 2.1.0 OK\r\n");
                assertThat(client.readLine()).isEqualTo("250 2.1.5 OK\r\n");
                assertThat(client.readLine()).isEqualTo("554 5.1.0 Unable to initialize agent context\r\n");
                client.send("RSET\r\n");
                String line;
                do {
                    line = client.readLine();
                } while (!line.equals("250 OK\r\n"));
                assertThat(classify(client, "bob", SPAM)).hasSize(2);
            }
            assertThat(backend.executedRequests()).isEqualTo(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"../../etc/x", "a/b", "..", "c:\\x", "bob smith", "-rf", "@x", ""})
        void refusesPathLikeRecipients(String user) throws IOException {
            DlmtpServer server = start();
            try (RawClient client = RawClient.connect(server).greet()) {
                client.send(AUTH + "\r\nRCPT TO:<" + user + ">\r\nDATA\r\n");
                assertThat(client.readLine()).isEqualTo("250 2.1.0 OK\r\n");
                assertThat(client.readLine()).isEqualTo("503 5.1.2 Invalid RCPT TO. Use RCPT TO: <recipient>\r\n");
                assertThat(client.readLine()).isEqualTo("554 5.1.1 Unable to determine the destination user\r\n");
            }
        }

        @Test
        void refusesPathLikeExtraUsers() throws IOException {
            DlmtpServer server = start();
            try (RawClient client = RawClient.connect(server).greet()) {
                client.send(transaction("--classify --deliver=summary --user ../../x", HAM, "bob"));
                client.readLine();
                client.readLine();
                assertThat(client.readLine()).isEqualTo("554 5.1.0 Unable to initialize agent context\r\n");
            }
            assertThat(backend.executedRequests()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"--help", "--version", "--classify --version"})
        void neverStopsForHelpOrVersion(String options) throws IOException {
            DlmtpServer server = start();
            try (RawClient client = RawClient.connect(server).greet()) {
                client.send(AUTH + " DSPAMPROCESSMODE=\"" + options + "\"\r\nRCPT TO:<bob>\r\nDATA\r\n");
                client.readLine();
                client.readLine();
                assertThat(client.readLine()).isEqualTo("554 5.1.0 Unable to initialize agent context\r\n");
            }
            assertThat(server.isRunning()).isTrue();
            assertServes(server);
        }

        @Test
        void readsButDoesNotClassifyMessagesAboveMaxMessageSize() throws IOException {
            DlmtpServer server = start(settings -> settings.maxMessageSize(10_000));
            String big = SPAM + ("filler line of a big message\r\n").repeat(1000);
            try (RawClient client = RawClient.connect(server).greet()) {
                assertThat(classify(client, "bob", big)).containsExactly(".\r\n");
                assertThat(classify(client, "bob", SPAM)).hasSize(2);
            }
            assertThat(backend.executedRequests()).isEqualTo(1);
        }

        @Test
        void closesAfterAnEmptyMessage() throws IOException {
            DlmtpServer server = start();
            try (RawClient client = RawClient.connect(server).greet()) {
                client.send(AUTH + "\r\nRCPT TO:<bob>\r\nDATA\r\n.\r\n");
                client.readLine();
                client.readLine();
                client.readLine();
                assertThat(client.readLine()).isEqualTo("530 5.2.0 Message is empty. Aborting.\r\n");
                assertThat(client.isClosedByServer()).isTrue();
            }
        }
    }

    @Nested
    class Limits {
        @Test
        void refusesConnectionsAboveTheLimitAndAdmitsAgainLater() throws IOException {
            DlmtpServer server = start(settings -> settings.maxConnections(2));
            try (RawClient first = RawClient.connect(server).greet()) {
                try (RawClient second = RawClient.connect(server).greet();
                     RawClient third = RawClient.connect(server)) {
                    assertThat(third.readLine()).isEqualTo("421 4.3.2 Too many connections, try again later\r\n");
                    assertThat(third.isClosedByServer()).isTrue();
                    assertThat(classify(second, "bob", SPAM)).hasSize(2);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 1);
                assertServes(server);
                assertThat(classify(first, "bob", SPAM)).hasSize(2);
            }
        }

        @Test
        void closesIdleConnectionsSilentlyAndSlowDataWith530() throws IOException {
            DlmtpServer server = start(settings -> settings.idleTimeout(Duration.ofSeconds(1))
                .dataTimeout(Duration.ofSeconds(2)));
            try (RawClient idle = RawClient.connect(server).greet();
                 RawClient slow = RawClient.connect(server).greet()) {
                slow.send(AUTH + "\r\nRCPT TO:<bob>\r\nDATA\r\nSubject: slow\r\n");
                slow.readLine();
                slow.readLine();
                slow.readLine();
                assertThat(idle.isClosedByServer()).isTrue();
                assertThat(slow.readLine()).isEqualTo("530 5.2.0 Message is empty. Aborting.\r\n");
                assertThat(slow.isClosedByServer()).isTrue();
            }
            assertThat(backend.executedRequests()).isZero();
        }

        @Test
        void aPeerTricklingBytesIsClosedWhenItsLineIsOverdue() throws IOException {
            DlmtpServer server = start(settings -> settings.idleTimeout(Duration.ofSeconds(1)));
            ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
            try (RawClient trickler = RawClient.connect(server)) {
                trickler.readLine();
                long start = System.nanoTime();
                // One byte every 200 ms: every read is quick, the line never ends (slowloris).
                trickle.scheduleAtFixedRate(() -> {
                    try {
                        trickler.send("L");
                    } catch (IOException closed) {
                        trickle.shutdown();
                    }
                }, 0, 200, TimeUnit.MILLISECONDS);
                assertThat(trickler.isClosedByServer()).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            } finally {
                trickle.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 0);
            assertServes(server);
        }

        @Test
        void repeatedFailedAuthenticationsLockThePeerOutForTheLockout() throws IOException {
            DlmtpServer server = start(settings -> settings.authFailureLimit(4).authLockout(Duration.ofSeconds(2)));
            for (int connection = 0; connection < 2; connection++) {
                try (RawClient guesser = RawClient.connect(server).greet()) {
                    guesser.send("MAIL FROM:<guess1@james>\r\nMAIL FROM:<guess2@james>\r\n");
                    assertThat(guesser.readLine()).isEqualTo("503 5.1.0 Authentication Required\r\n");
                    assertThat(guesser.readLine()).isEqualTo("503 5.1.0 Authentication Required\r\n");
                }
            }
            try (RawClient locked = RawClient.connect(server)) {
                assertThat(locked.readLine()).as("even the right password is not looked at")
                    .startsWith("421 4.7.0 Too many failed authentications, try again in ");
                assertThat(locked.isClosedByServer()).isTrue();
            }
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .untilAsserted(() -> assertServes(server));
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void finishesTransactionsInFlightAndClosesIdleConnectionsOnClose() throws Exception {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            DspamBackend slow = new DspamBackend() {
                @Override
                public DspamResponse execute(DspamRequest request) {
                    entered.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return backend.execute(request);
                }

                @Override
                public void ping() {
                }

                @Override
                public String name() {
                    return "slow";
                }
            };
            DlmtpServer server = start(settings -> { }, slow);
            ExecutorService closer = Executors.newSingleThreadExecutor();
            try (RawClient idle = RawClient.connect(server).greet();
                 RawClient busy = RawClient.connect(server).greet()) {
                busy.send(transaction("--classify --deliver=summary", SPAM, "bob"));
                busy.readLine();
                busy.readLine();
                busy.readLine();
                assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
                Future<?> closing = closer.submit(server::close);
                assertThat(idle.isClosedByServer()).isTrue();
                await().atMost(Duration.ofSeconds(10)).until(() -> !server.isRunning());
                release.countDown();
                assertThat(busy.readPayload()).hasSize(2);
                assertThat(busy.isClosedByServer()).isTrue();
                closing.get(30, TimeUnit.SECONDS);
            } finally {
                closer.shutdownNow();
            }
            assertThat(server.connectionCount()).isZero();
            int port = server.tcpAddress().orElseThrow().getPort();
            assertThat(canConnect(port)).isFalse();
        }

        private boolean canConnect(int port) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException refused) {
                return false;
            }
        }

        @Test
        void reportsTheBoundPortWhenStartedOnPortZero() throws IOException {
            DlmtpServer server = start();
            assertThat(server.tcpAddress().orElseThrow().getPort()).isPositive();
            assertThat(server.unixSocketPath()).isEmpty();
        }

        @Test
        void servesAUnixSocketOnlyAndRemovesItOnClose() throws IOException {
            Path socket = directory.resolve("dspam.sock");
            DlmtpServer server = start(settings -> settings.domainSocketPath(socket));
            assertThat(server.tcpAddress()).isEmpty();
            assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
            assertServes(server);
            server.close();
            assertThat(socket).doesNotExist();
        }

        @Test
        void replacesAStaleSocketFile() throws IOException {
            Path socket = directory.resolve("stale.sock");
            Files.write(socket, "left over".getBytes(StandardCharsets.US_ASCII));
            DlmtpServer server = start(settings -> settings.domainSocketPath(socket));
            assertServes(server);
        }
    }

    private static final class FailingBackend implements DspamBackend {
        @Override
        public DspamResponse execute(DspamRequest request) {
            throw new DspamException(DspamException.Kind.STORAGE, "disk full");
        }

        @Override
        public void ping() {
        }

        @Override
        public String name() {
            return "failing";
        }
    }
}

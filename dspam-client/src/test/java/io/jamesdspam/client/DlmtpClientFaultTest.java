package io.jamesdspam.client;

import static io.jamesdspam.client.DlmtpSteps.CLASSIFY_OPTIONS;
import static io.jamesdspam.client.DlmtpSteps.MESSAGE;
import static io.jamesdspam.client.DlmtpSteps.accepted;
import static io.jamesdspam.client.DlmtpSteps.classifiedInnocent;
import static io.jamesdspam.client.DlmtpSteps.commands;
import static io.jamesdspam.client.DlmtpSteps.concat;
import static io.jamesdspam.client.DlmtpSteps.greeting;
import static io.jamesdspam.client.DlmtpSteps.quit;
import static io.jamesdspam.client.DlmtpSteps.summary;
import static io.jamesdspam.client.DlmtpSteps.terminator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.api.DspamException.Kind;
import io.jamesdspam.client.DlmtpException.Phase;
import io.jamesdspam.client.peer.Script;
import io.jamesdspam.client.peer.ScriptedDlmtpPeer;
import io.jamesdspam.client.peer.Step;
import io.jamesdspam.client.peer.Transcript;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.model.Verdict;

/**
 * What the client does when dspamd (or the network) misbehaves, on real sockets: the right
 * failure kind, no hang, the broken session discarded, and the next request served.
 */
class DlmtpClientFaultTest {
    private static final DspamUser BOB = DspamUser.of("bob");
    private static final DspamUser ALICE = DspamUser.of("alice");

    private static DspamRequest classifyBob() {
        return DspamRequest.classify(List.of(BOB), MESSAGE);
    }

    private static Script recovered() {
        return new Script(concat(greeting(), classifiedInnocent("bob"), quit()), true);
    }

    private static DlmtpClientConfiguration.Builder configuration(ScriptedDlmtpPeer peer) {
        return PeerFixture.configuration(peer.endpoint()).replyTimeout(Duration.ofMillis(500));
    }

    /** The failure of the first request, then a served second request on a new session. */
    private static DlmtpException failsThenRecovers(Script broken) throws Exception {
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(broken, recovered())) {
            DlmtpException failure;
            DspamResponse response;
            try (DlmtpClient client = DlmtpClient.create(configuration(peer).build())) {
                failure = catchThrowableOfType(() -> client.execute(classifyBob()), DlmtpException.class);
                assertThat(client.openConnections()).as("the broken session is not kept").isZero();
                response = client.execute(classifyBob());
            }
            PeerFixture.assertPeerSatisfied(peer);
            assertThat(response.resultFor(BOB)).isPresent();
            assertThat(peer.connectionsAccepted()).isEqualTo(2);
            return failure;
        }
    }

    @Nested
    class BrokenSessions {
        @Test
        void serverClosesInTheMiddleOfTheSummaryLine() throws Exception {
            DlmtpException failure = failsThenRecovers(new Script(concat(greeting(), accepted(CLASSIFY_OPTIONS, "bob"),
                List.of(Step.send("X-DSPAM-Result: bob; result=\"Inn"), Step.close())), true));

            assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(failure.phase()).isEqualTo(Phase.AFTER_DATA);
            assertThat(failure).hasMessageContaining("in the middle of a line");
        }

        @Test
        void garbageInsteadOfAReply() throws Exception {
            DlmtpException failure = failsThenRecovers(new Script(concat(greeting(),
                List.of(Step.expect("MAIL FROM:<s3cret@james> DSPAMPROCESSMODE=\"" + CLASSIFY_OPTIONS + "\"\r\n"),
                    Step.send("HELLO GARBAGE\r\n"))), false));

            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
            assertThat(failure.phase()).isEqualTo(Phase.BEFORE_DATA);
            assertThat(failure.offendingLine()).contains("HELLO GARBAGE");
        }

        @Test
        void garbageInTheSummary() throws Exception {
            DlmtpException failure = failsThenRecovers(new Script(concat(greeting(), accepted(CLASSIFY_OPTIONS, "bob"),
                List.of(Step.send("\u0000\u0001garbage\n"))), false));

            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
            assertThat(failure.offendingLine()).hasValueSatisfying(line -> assertThat(line).contains("\\x00\\x01garbage"));
            assertThat(failure.getMessage()).as("no raw control byte reaches a log line").doesNotContain("\u0000", "\u0001");
        }

        @Test
        void summaryForAUserThatWasNotAsked() throws Exception {
            DlmtpException failure = failsThenRecovers(new Script(concat(greeting(), accepted(CLASSIFY_OPTIONS, "bob"),
                List.of(summary("mallory", "Spam"), terminator())), false));

            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
            assertThat(failure).hasMessageContaining("mallory");
        }

        @Test
        void aSummaryWithAnUnknownClassAndImpossibleNumbersIsAFailureNotAVerdict() throws Exception {
            DlmtpException failure = failsThenRecovers(new Script(concat(greeting(), accepted(CLASSIFY_OPTIONS, "bob"),
                List.of(Step.send("X-DSPAM-Result: bob; result=\"Spam\"; class=\"Bogus\"; probability=NaN;"
                    + " confidence=-7e999; signature=N/A\n"), terminator())), false));

            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
            assertThat(failure).hasMessageContaining("unknown class 'Bogus'");
        }

        @Test
        void aReturnedMessageWithImpossibleNumbersIsAFailureNotAVerdict() throws Exception {
            String options = "--process --deliver=innocent,spam --stdout";
            String copy = "X-Daemon-Classification: SPAM\nSubject: x\nX-DSPAM-Result: Spam\nX-DSPAM-Confidence: inf\n"
                + "X-DSPAM-Probability: 1.0000\n\nbody\n";
            DlmtpException failure;
            try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(new Script(concat(greeting(), accepted(options, "bob"),
                List.of(Step.send(copy + ".\r\n"))), false))) {
                try (DlmtpClient client = DlmtpClient.create(configuration(peer).build())) {
                    failure = catchThrowableOfType(() -> client.executeReturningMessage(
                        DspamRequest.process(List.of(BOB), MESSAGE)), DlmtpException.class);
                }
            }
            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
            assertThat(failure).hasMessageContaining("X-DSPAM-Confidence 'inf'");
        }

        @Test
        void stallPastTheReplyTimeout() throws Exception {
            DlmtpException failure = failsThenRecovers(new Script(concat(greeting(), accepted(CLASSIFY_OPTIONS, "bob")), false));

            assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(failure.phase()).isEqualTo(Phase.AFTER_DATA);
        }

        @Test
        void silentGreeting() throws Exception {
            DlmtpException failure = failsThenRecovers(new Script(List.of(), false));

            assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(failure.phase()).isEqualTo(Phase.SESSION);
        }

        @Test
        void authenticationRefused() throws Exception {
            DlmtpException failure = failsThenRecovers(new Script(concat(greeting(),
                List.of(Step.expect("MAIL FROM:<s3cret@james> DSPAMPROCESSMODE=\"" + CLASSIFY_OPTIONS + "\"\r\n"),
                    Step.send("503 5.1.0 Authentication Required\r\n"))), false));

            assertThat(failure.kind()).isEqualTo(Kind.AUTHENTICATION);
            assertThat(failure).hasMessageContaining("ServerPass.james");
        }

        @Test
        void optionsRejectedAtData() throws Exception {
            DlmtpException failure = failsThenRecovers(new Script(concat(greeting(), commands(CLASSIFY_OPTIONS, "bob"),
                List.of(Step.send("554 5.1.0 Unable to initialize agent context\r\n"))), false));

            assertThat(failure.kind()).isEqualTo(Kind.OPTION_REJECTED);
            assertThat(failure.phase()).isEqualTo(Phase.BEFORE_DATA);
        }

        @Test
        void inconsistentOptionsCloseTheConnection17() throws Exception {
            DlmtpException failure = failsThenRecovers(new Script(concat(greeting(), commands(CLASSIFY_OPTIONS, "bob"),
                List.of(Step.send("503 5.3.5 DSPAM agent misconfigured: aborting\r\n"), Step.close())), true));

            assertThat(failure.kind()).isEqualTo(Kind.OPTION_REJECTED);
        }

        @Test
        void daemonKilledAtData38() throws Exception {
            DlmtpException failure = failsThenRecovers(new Script(concat(greeting(), commands(CLASSIFY_OPTIONS, "bob"),
                List.of(Step.close())), true));

            assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(failure.phase()).isEqualTo(Phase.BEFORE_DATA);
        }

        @Test
        void standardModeWithoutDspamProcessMode29() throws Exception {
            Script standard = new Script(List.of(Step.send("220 DSPAM LMTP GIT Ready\r\n"), Step.expect("LHLO james\r\n"),
                Step.send("250-dspam.test.local\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250 SIZE\r\n")),
                false);
            DlmtpException failure = failsThenRecovers(standard);

            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
            assertThat(failure).hasMessageContaining("DSPAMPROCESSMODE");
        }
    }

    @Nested
    class Results {
        @Test
        void summaryForOnlyOneOfTwoUsers() throws Exception {
            Script script = new Script(concat(greeting(), accepted(CLASSIFY_OPTIONS, "bob", "alice"),
                List.of(summary("bob", "Spam"), terminator()), quit()), true);
            try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(script)) {
                DspamResponse response;
                try (DlmtpClient client = DlmtpClient.create(configuration(peer).build())) {
                    response = client.execute(DspamRequest.classify(List.of(BOB, ALICE), MESSAGE));
                }
                PeerFixture.assertPeerSatisfied(peer);
                assertThat(response.outcomes()).extracting(UserOutcome::user).containsExactly(BOB, ALICE);
                assertThat(response.resultFor(BOB).orElseThrow().isSpam()).isTrue();
                assertThat(response.outcomeFor(ALICE).orElseThrow().isClassified()).isFalse();
            }
        }

        @Test
        void twentyMegabyteReturnedMessageThenTheSessionIsReused() throws Exception {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            String headers = "From: a@example.org\nSubject: big\nX-DSPAM-Result: Innocent\nX-DSPAM-Confidence: 0.9899\n"
                + "X-DSPAM-Probability: 0.0000\nX-DSPAM-Signature: 6b06174a295431584152415\n\n";
            body.writeBytes(headers.getBytes(StandardCharsets.US_ASCII));
            byte[] filler = "0123456789 lorem ipsum dolor sit amet, a very long line of body text for the test\n"
                .getBytes(StandardCharsets.US_ASCII);
            while (body.size() < 20 * 1024 * 1024) {
                body.writeBytes(filler);
                if (body.size() % 4096 < filler.length) {
                    body.writeBytes(".\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            byte[] message = body.toByteArray();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            wire.writeBytes("X-Daemon-Classification: INNOCENT\n".getBytes(StandardCharsets.US_ASCII));
            wire.writeBytes(message);
            wire.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
            String options = "--source=corpus --class=innocent --deliver=innocent,spam --stdout";
            Script script = new Script(concat(greeting(), accepted(options, "bob"), List.of(Step.send(wire.toByteArray())),
                classifiedInnocent("bob"), quit()), true);
            try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(script)) {
                DlmtpTransactionResult result;
                DspamResponse next;
                try (DlmtpClient client = DlmtpClient.create(configuration(peer).replyTimeout(Duration.ofSeconds(20)).build())) {
                    result = client.executeReturningMessage(DspamRequest.train(List.of(BOB), TrainingClass.INNOCENT,
                        TrainingSource.CORPUS, MESSAGE));
                    next = client.execute(classifyBob());
                }
                PeerFixture.assertPeerSatisfied(peer);
                assertThat(result.returnedMessages().get(0)).isEqualTo(message);
                DspamResult bob = result.outcomeFor(BOB).flatMap(UserOutcome::result).orElseThrow();
                assertThat(bob.verdict()).isEqualTo(Verdict.INNOCENT);
                assertThat(bob.signature()).contains(Signature.of("6b06174a295431584152415"));
                assertThat(next.resultFor(BOB)).isPresent();
                assertThat(peer.connectionsAccepted()).isEqualTo(1);
            }
        }

        @Test
        void aResultLargerThanAllowedIsRefused() throws Exception {
            StringBuilder copy = new StringBuilder("X-Daemon-Classification: SPAM\nSubject: x\n\n");
            while (copy.length() < 8192) {
                copy.append("some body text that goes on and on\n");
            }
            String options = "--process --deliver=innocent,spam --stdout";
            DlmtpException failure;
            try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(new Script(concat(greeting(), accepted(options, "bob"),
                List.of(Step.send(copy + ".\r\n"))), false))) {
                try (DlmtpClient client = DlmtpClient.create(configuration(peer).maxResultBytes(4096).build())) {
                    failure = catchThrowableOfType(() -> client.executeReturningMessage(
                        DspamRequest.process(List.of(BOB), MESSAGE)), DlmtpException.class);
                }
            }
            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL);
            assertThat(failure).hasMessageContaining("4096");
        }
    }

    @Nested
    class Failover {
        @Test
        void aFailureBeforeDataMovesToTheNextEndpointWhichThenServesDirectly() throws Exception {
            try (ScriptedDlmtpPeer first = ScriptedDlmtpPeer.tcp(Script.of(Step.close()));
                 ScriptedDlmtpPeer second = ScriptedDlmtpPeer.tcp(new Script(concat(greeting(),
                     classifiedInnocent("bob"), classifiedInnocent("bob"), quit()), true))) {
                try (DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(first.endpoint())
                    .endpoint(second.endpoint()).build())) {
                    assertThat(client.execute(classifyBob()).resultFor(BOB)).isPresent();
                    assertThat(client.execute(classifyBob()).resultFor(BOB)).isPresent();
                }
                PeerFixture.assertPeerSatisfied(first);
                PeerFixture.assertPeerSatisfied(second);
                assertThat(first.connectionsAccepted()).as("backed off after its failure").isEqualTo(1);
            }
        }

        @Test
        void anUnreachableEndpointIsSkipped() throws Exception {
            int deadPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                deadPort = socket.getLocalPort();
            }
            try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(recovered())) {
                try (DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(DlmtpEndpoint.tcp("127.0.0.1", deadPort))
                    .endpoint(peer.endpoint()).build())) {
                    assertThat(client.execute(classifyBob()).resultFor(BOB)).isPresent();
                }
                PeerFixture.assertPeerSatisfied(peer);
            }
        }

        @Test
        void aRequestThatMayLearnIsNeverSentTwiceAfterData() throws Exception {
            try (ScriptedDlmtpPeer first = ScriptedDlmtpPeer.tcp(new Script(concat(greeting(),
                     accepted("--process --deliver=summary", "bob"), List.of(Step.close())), true));
                 ScriptedDlmtpPeer second = ScriptedDlmtpPeer.tcp(List.of())) {
                DlmtpException failure;
                try (DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(first.endpoint())
                    .endpoint(second.endpoint()).build())) {
                    failure = catchThrowableOfType(() -> client.execute(DspamRequest.process(List.of(BOB), MESSAGE)),
                        DlmtpException.class);
                }
                PeerFixture.assertPeerSatisfied(first);
                assertThat(second.connectionsAccepted()).isZero();
                assertThat(failure.phase()).isEqualTo(Phase.AFTER_DATA);
                assertThat(failure).hasMessageContaining("may have processed it");
            }
        }

        @Test
        void aClassificationIsRetriedElsewhereEvenAfterData() throws Exception {
            try (ScriptedDlmtpPeer first = ScriptedDlmtpPeer.tcp(new Script(concat(greeting(),
                     accepted(CLASSIFY_OPTIONS, "bob"), List.of(Step.close())), true));
                 ScriptedDlmtpPeer second = ScriptedDlmtpPeer.tcp(recovered())) {
                try (DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(first.endpoint())
                    .endpoint(second.endpoint()).build())) {
                    assertThat(client.execute(classifyBob()).resultFor(BOB)).isPresent();
                }
                PeerFixture.assertPeerSatisfied(first);
                PeerFixture.assertPeerSatisfied(second);
            }
        }

        @Test
        void authenticationFailuresAreNotRetriedElsewhere() throws Exception {
            try (ScriptedDlmtpPeer first = ScriptedDlmtpPeer.tcp(new Script(concat(greeting(),
                     List.of(Step.expect("MAIL FROM:<s3cret@james> DSPAMPROCESSMODE=\"" + CLASSIFY_OPTIONS + "\"\r\n"),
                         Step.send("503 5.1.0 Authentication Required\r\n"))), false));
                 ScriptedDlmtpPeer second = ScriptedDlmtpPeer.tcp(List.of())) {
                try (DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(first.endpoint())
                    .endpoint(second.endpoint()).build())) {
                    DlmtpException failure = catchThrowableOfType(() -> client.execute(classifyBob()), DlmtpException.class);
                    assertThat(failure.kind()).isEqualTo(Kind.AUTHENTICATION);
                }
                assertThat(second.connectionsAccepted()).isZero();
            }
        }

        @Test
        void aPooledSessionDroppedWhileIdleIsReplacedTransparently33() throws Exception {
            Script dropped = new Script(concat(greeting(), classifiedInnocent("bob"), List.of(Step.close())), true);
            try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(dropped, recovered())) {
                try (DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(peer.endpoint()).build())) {
                    assertThat(client.execute(classifyBob()).resultFor(BOB)).isPresent();
                    assertThat(client.execute(classifyBob()).resultFor(BOB)).isPresent();
                }
                PeerFixture.assertPeerSatisfied(peer);
            }
        }
    }

    @Nested
    class Pool {
        @Test
        void aSessionIdleLongerThanMaxIdleIsClosedNotReused() throws Exception {
            Script first = new Script(concat(greeting(), classifiedInnocent("bob")), true);
            try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(first, recovered())) {
                try (DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(peer.endpoint())
                    .maxIdle(Duration.ofMillis(50)).build())) {
                    assertThat(client.execute(classifyBob()).resultFor(BOB)).isPresent();
                    long idleSince = System.nanoTime();
                    Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> System.nanoTime() - idleSince > Duration.ofMillis(200).toNanos());
                    assertThat(client.execute(classifyBob()).resultFor(BOB)).isPresent();
                }
                PeerFixture.assertPeerSatisfied(peer);
                assertThat(peer.connectionsAccepted()).isEqualTo(2);
            }
        }

        @Test
        void concurrentRequestsShareAtMostPoolSizeSessions() throws Exception {
            List<Step> loop = concat(accepted(CLASSIFY_OPTIONS, "bob"), List.of(summary("bob", "Innocent"), terminator()));
            try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcpForEveryConnection(Script.looping(greeting(), loop))) {
                ExecutorService executor = Executors.newFixedThreadPool(6);
                try (DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(peer.endpoint()).poolSize(2).build())) {
                    List<Future<DspamResponse>> responses = new ArrayList<>();
                    for (int i = 0; i < 60; i++) {
                        responses.add(executor.submit(() -> client.execute(classifyBob())));
                    }
                    for (Future<DspamResponse> response : responses) {
                        assertThat(response.get().resultFor(BOB)).isPresent();
                        assertThat(client.openConnections()).isLessThanOrEqualTo(2);
                    }
                } finally {
                    executor.shutdownNow();
                }
                assertThat(peer.connectionsAccepted()).isBetween(1, 2);
                assertThat(peer.mismatches()).isEmpty();
            }
        }
    }

    @Nested
    class UnixDomainSocket {
        @TempDir
        Path directory;

        @Test
        void transcript31OverAUnixSocket() throws Exception {
            Script script = Transcript.load("31-").script();
            try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.unixSocket(directory, List.of(script))) {
                List<DlmtpTransactionResult> results = PeerFixture.replay(peer,
                    PeerFixture.configuration(peer.endpoint()).build(), Transcript.transactions(script));

                assertThat(results.get(0).outcomeFor(BOB).flatMap(UserOutcome::result).orElseThrow().probability())
                    .isEqualTo(0.0023);
            }
        }

        @Test
        void stallOverAUnixSocketTimesOutAndRecovers() throws Exception {
            Script stalled = new Script(concat(greeting(), accepted(CLASSIFY_OPTIONS, "bob")), false);
            try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.unixSocket(directory, List.of(stalled, recovered()))) {
                try (DlmtpClient client = DlmtpClient.create(configuration(peer).build())) {
                    DlmtpException failure = catchThrowableOfType(() -> client.execute(classifyBob()), DlmtpException.class);
                    assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
                    assertThat(client.execute(classifyBob()).resultFor(BOB)).isPresent();
                }
                PeerFixture.assertPeerSatisfied(peer);
            }
        }

        @Test
        void pingOverAUnixSocket() throws Exception {
            Script script = new Script(concat(greeting(), List.of(Step.expect("RSET\r\n"), Step.send("250 OK\r\n")), quit()), true);
            try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.unixSocket(directory, List.of(script))) {
                try (DlmtpClient client = DlmtpClient.create(configuration(peer).build())) {
                    client.ping();
                }
                PeerFixture.assertPeerSatisfied(peer);
            }
        }

        @Test
        void missingSocketIsUnreachable() {
            try (DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(
                DlmtpEndpoint.unixSocket(directory.resolve("missing.sock"))).build())) {
                DlmtpException failure = catchThrowableOfType(client::ping, DlmtpException.class);
                assertThat(failure.kind()).isEqualTo(Kind.UNREACHABLE);
            }
        }
    }
}

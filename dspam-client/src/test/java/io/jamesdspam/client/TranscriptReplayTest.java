package io.jamesdspam.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.client.peer.Script;
import io.jamesdspam.client.peer.ScriptedDlmtpPeer;
import io.jamesdspam.client.peer.Step;
import io.jamesdspam.client.peer.Transcript;
import io.jamesdspam.model.DspamClass;
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

/**
 * The client against every transcript scenario it can produce: the scripted peer plays the
 * recorded server bytes and fails on any byte the client sends that the real client did not.
 * Scenarios that only show daemon behaviour (malformed commands, bare-LF clients, standard mode)
 * are covered where the client must survive them, in {@link DaemonBehaviourTest}.
 */
class TranscriptReplayTest {
    private static final DspamUser BOB = DspamUser.of("bob");
    private static final DspamUser ALICE = DspamUser.of("alice");
    private static final DspamUser FRED = DspamUser.of("fred");

    private static List<DlmtpTransactionResult> replay(String transcript, boolean pipelining) throws Exception {
        Script script = Transcript.load(transcript).script();
        return PeerFixture.replay(script, pipelining, Transcript.transactions(script));
    }

    private static DspamResult result(DlmtpTransactionResult result, DspamUser user) {
        return result.outcomeFor(user).flatMap(UserOutcome::result).orElseThrow();
    }

    @ParameterizedTest(name = "pipelining={0}")
    @ValueSource(booleans = {true, false})
    void classifySummary02(boolean pipelining) throws Exception {
        List<DlmtpTransactionResult> results = replay("02-", pipelining);

        assertThat(results).hasSize(3);
        assertThat(result(results.get(0), BOB).verdict()).isEqualTo(Verdict.INNOCENT);
        assertThat(result(results.get(1), BOB).verdict()).isEqualTo(Verdict.SPAM);
        assertThat(result(results.get(1), BOB).probability()).isEqualTo(1.0);
        assertThat(result(results.get(1), BOB).confidence()).isEqualTo(0.70);
        assertThat(result(results.get(1), BOB).signature()).isEmpty();
        assertThat(results.get(2).summaryLines()).containsExactly(
            "X-DSPAM-Result: bob; result=\"Innocent\"; class=\"Innocent\"; probability=0.0000; confidence=0.89; signature=N/A");
    }

    @ParameterizedTest(name = "pipelining={0}")
    @ValueSource(booleans = {true, false})
    void processSummary03ThroughTheBackendApi(boolean pipelining) throws Exception {
        Script script = Transcript.load("03-").script();
        List<DlmtpTransaction> recorded = Transcript.transactions(script);
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(script)) {
            DspamResponse ham;
            DspamResponse spam;
            try (DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(peer.endpoint()).pipelining(pipelining).build())) {
                ham = client.execute(DspamRequest.process(List.of(BOB), recorded.get(0).message()));
                spam = client.execute(DspamRequest.process(List.of(BOB), recorded.get(1).message()));
            }
            PeerFixture.assertPeerSatisfied(peer);
            assertThat(ham.resultFor(BOB).orElseThrow().signature()).contains(Signature.of("6b061620295431853576616"));
            assertThat(spam.resultFor(BOB).orElseThrow().isSpam()).isTrue();
        }
    }

    @Test
    void stdoutInnocent04ReturnsTheTaggedMessage() throws Exception {
        DlmtpTransactionResult result = replay("04-", true).get(0);

        DspamResult bob = result(result, BOB);
        assertThat(bob.verdict()).isEqualTo(Verdict.INNOCENT);
        assertThat(bob.signature()).contains(Signature.of("6b061620295431212852821"));
        assertThat(bob.confidence()).isEqualTo(0.8746);
        assertThat(bob.returnedHeaders()).containsEntry("X-DSPAM-Improbability", "1 in 698 chance of being spam");
        String message = new String(result.returnedMessages().get(0), StandardCharsets.UTF_8);
        assertThat(message).startsWith("From: Alice Example <alice@example.org>\n")
            .endsWith("\nCheers,\nAlice\n")
            .doesNotContain("X-Daemon-Classification");
    }

    @Test
    void stdoutSpam05() throws Exception {
        DspamResult bob = result(replay("05-", true).get(0), BOB);

        assertThat(bob.verdict()).isEqualTo(Verdict.SPAM);
        assertThat(bob.dspamClass()).isEqualTo(DspamClass.SPAM);
        assertThat(bob.probability()).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "pipelining={0}")
    @ValueSource(booleans = {true, false})
    void retrainBySignature06ThroughTheBackendApi(boolean pipelining) throws Exception {
        Script script = Transcript.load("06-").script();
        byte[] spam = Transcript.transactions(script).get(0).message();
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(script)) {
            DspamResponse before;
            DspamResponse retrained;
            DspamResponse after;
            try (DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(peer.endpoint()).pipelining(pipelining).build())) {
                before = client.execute(DspamRequest.process(List.of(BOB), spam));
                Signature signature = before.resultFor(BOB).orElseThrow().signature().orElseThrow();
                retrained = client.execute(DspamRequest.retrain(List.of(BOB), TrainingClass.SPAM, signature));
                after = client.execute(DspamRequest.classify(List.of(BOB), spam));
            }
            PeerFixture.assertPeerSatisfied(peer);
            assertThat(before.resultFor(BOB).orElseThrow().isSpam()).isFalse();
            assertThat(retrained.resultFor(BOB).orElseThrow().confidence()).isEqualTo(0.0);
            assertThat(after.resultFor(BOB).orElseThrow().isSpam()).isTrue();
        }
    }

    @Test
    void retrainWithLmtpReplies07() throws Exception {
        List<DlmtpTransactionResult> results = replay("07-", true);

        assertThat(results.get(1).style()).isEqualTo(ResultStyle.LMTP_REPLIES);
        assertThat(results.get(1).lmtpReplies()).containsExactly("250 2.6.0 <bob> Message accepted for delivery: SPAM");
        assertThat(results.get(1).outcomes().get(0).isClassified()).isFalse();
    }

    @Test
    void unknownSignature08IsNotClassifiedNotAnError() throws Exception {
        List<DlmtpTransactionResult> results = replay("08-", true);

        UserOutcome summary = results.get(0).outcomes().get(0);
        assertThat(summary.isClassified()).isFalse();
        assertThat(summary.reason()).hasValueSatisfying(r -> assertThat(r).contains("no result line"));
        assertThat(results.get(1).outcomes().get(0).isClassified()).isFalse();
    }

    @Test
    void corpusTraining09ThroughTheBackendApi() throws Exception {
        Script script = Transcript.load("09-").script();
        List<DlmtpTransaction> recorded = Transcript.transactions(script);
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(script)) {
            DspamResponse spam;
            DspamResponse ham;
            DlmtpTransactionResult lmtp;
            try (DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(peer.endpoint()).build())) {
                spam = client.execute(DspamRequest.train(List.of(BOB), TrainingClass.SPAM, TrainingSource.CORPUS,
                    recorded.get(0).message()));
                ham = client.execute(DspamRequest.train(List.of(BOB), TrainingClass.INNOCENT, TrainingSource.CORPUS,
                    recorded.get(1).message()));
                lmtp = client.transact(recorded.get(2));
            }
            PeerFixture.assertPeerSatisfied(peer);
            assertThat(spam.resultFor(BOB).orElseThrow().isSpam()).isTrue();
            assertThat(ham.resultFor(BOB).orElseThrow().confidence()).isEqualTo(1.0);
            assertThat(lmtp.lmtpReplies()).hasSize(1);
        }
    }

    @ParameterizedTest(name = "pipelining={0}")
    @ValueSource(booleans = {true, false})
    void threeUsersSummary10(boolean pipelining) throws Exception {
        DlmtpTransactionResult result = replay("10-", pipelining).get(0);

        assertThat(result.outcomes()).extracting(UserOutcome::user).containsExactly(BOB, ALICE, FRED);
        assertThat(result(result, BOB).isSpam()).isTrue();
        assertThat(result(result, ALICE).isSpam()).isFalse();
        assertThat(result(result, ALICE).probability()).isEqualTo(0.0023);
        assertThat(result(result, FRED).signature()).contains(Signature.of("6b061623295431676621070"));
    }

    @Test
    void threeUsersLmtpReplies11() throws Exception {
        DlmtpTransactionResult result = replay("11-", true).get(0);

        assertThat(result.lmtpReplies()).hasSize(3);
        assertThat(result.outcomes()).extracting(UserOutcome::user).containsExactly(BOB, ALICE, FRED);
    }

    @Test
    void twoUsersStdout12CopiesAreSplitPerUser() throws Exception {
        DlmtpTransactionResult result = replay("12-", true).get(0);

        assertThat(result.returnedMessages()).hasSize(2);
        assertThat(result(result, BOB).isSpam()).isTrue();
        assertThat(result(result, ALICE).isSpam()).isFalse();
        assertThat(result(result, ALICE).signature()).contains(Signature.of("6b061623295431087713443"));
    }

    @Test
    void messagesWithoutBody19() throws Exception {
        List<DlmtpTransactionResult> results = replay("19-", true);

        assertThat(results.get(0).outcomes().get(0).isClassified()).isTrue();
        assertThat(results.get(1).outcomes().get(0).isClassified()).isTrue();
        assertThat(results.get(2).outcomes().get(0).isClassified()).as("one empty line fails silently").isFalse();
        assertThat(results.get(3).lmtpReplies()).containsExactly("250 2.6.0 <bob> Message accepted for delivery: INNOCENT");
    }

    @Test
    void hugeMessage20() throws Exception {
        StringBuilder message = new StringBuilder("From: Big Sender <big@example.org>\r\nTo: bob@example.net\r\n"
            + "Subject: huge test message\r\nMessage-ID: <huge-1@example.org>\r\n\r\n");
        for (int i = 0; i <= 60974; i++) {
            message.append(String.format("This is filler line number %08d of a very large synthetic test message body.\r\n", i));
        }
        Script script = Transcript.load("20-").script();
        DlmtpTransactionResult result = PeerFixture.replay(script, true, List.of(DlmtpTransaction.of(
            List.of("--classify", "--deliver=summary"), List.of(BOB), message.toString().getBytes(StandardCharsets.US_ASCII))))
            .get(0);

        assertThat(result(result, BOB).confidence()).isEqualTo(0.83);
    }

    @Test
    void fullyPipelinedSession24InCausalOrder() throws Exception {
        Script script = Transcript.causalOrder(Transcript.load("24-").script());
        List<DlmtpTransactionResult> results = PeerFixture.replay(script, true, Transcript.transactions(script));

        assertThat(result(results.get(1), BOB).isSpam()).isTrue();
        assertThat(result(results.get(1), ALICE).isSpam()).isFalse();
    }

    @Test
    void dotsInTheReturnedMessage25AreNotUnstuffedAndDoNotEndIt() throws Exception {
        DlmtpTransactionResult result = replay("25-", true).get(0);

        assertThat(new String(result.returnedMessages().get(0), StandardCharsets.UTF_8))
            .endsWith("\n\nLine one\n.leading dot line\n..two leading dots\n.\nafter a lone dot line\n");
        assertThat(result(result, BOB).verdict()).isEqualTo(Verdict.INNOCENT);
    }

    @Test
    void factorsHeader26IsKeptFolded() throws Exception {
        DspamResult fred = result(replay("26-", true).get(0), FRED);

        assertThat(fred.returnedHeaders().get("X-DSPAM-Factors"))
            .startsWith("15,\r\n\tremoved+#+our, 0.99350,\r\n")
            .endsWith("\tCredit+#+and, 0.99000");
    }

    @Test
    void noProcessMode27SendsNoParameter() throws Exception {
        List<DlmtpTransactionResult> results = replay("27-", true);

        assertThat(results.get(1).lmtpReplies()).containsExactly("250 2.6.0 <bob> Message accepted for delivery: SPAM");
    }

    @Test
    void modeOverride28ThroughTheBackendApi() throws Exception {
        Script script = Transcript.load("28-").script();
        byte[] ham = Transcript.transactions(script).get(0).message();
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(script)) {
            DspamResponse notrain;
            DspamResponse retrain;
            try (DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(peer.endpoint()).build())) {
                client.execute(DspamRequest.process(List.of(BOB), ham).withMode(TrainingMode.TOE));
                notrain = client.execute(DspamRequest.process(List.of(BOB), ham).withMode(TrainingMode.NOTRAIN));
                retrain = client.execute(DspamRequest.retrain(List.of(BOB), TrainingClass.SPAM,
                    notrain.resultFor(BOB).orElseThrow().signature().orElseThrow()));
            }
            PeerFixture.assertPeerSatisfied(peer);
            assertThat(retrain.outcomeFor(BOB).orElseThrow().isClassified())
                .as("a notrain signature is never stored: its retrain fails silently").isFalse();
        }
    }

    @Test
    void autoMode30WithAnIdentThatHasAServerPass() throws Exception {
        Script script = Transcript.load("30-").session(0);
        List<DlmtpTransactionResult> results = PeerFixture.replay(script, true, Transcript.transactions(script));

        assertThat(result(results.get(0), BOB).probability()).isEqualTo(0.0023);
    }

    @Test
    void preexistingHeaders37TheDaemonsOwnSignatureWins() throws Exception {
        DspamResult bob = result(replay("37-", true).get(0), BOB);

        assertThat(bob.signature()).contains(Signature.of("6b06174b295431918712510"));
        assertThat(bob.returnedHeaders()).containsEntry("X-DSPAM-Signature", "6b06174b295431918712510");
    }

    @Test
    void resubmittedMessage36() throws Exception {
        List<DlmtpTransactionResult> results = replay("36-", true);

        assertThat(result(results.get(1), BOB).isSpam()).isTrue();
        assertThat(result(results.get(2), BOB).returnedHeaders()).containsEntry("X-DSPAM-Reclassified", "Innocent");
    }

    @Test
    void deliveryAgentFailure39IsAPerUserOutcome() throws Exception {
        List<DlmtpTransactionResult> results = replay("39-", true);

        assertThat(results.get(0).outcomes()).allSatisfy(o -> {
            assertThat(o.isClassified()).isFalse();
            assertThat(o.reason()).hasValueSatisfying(r -> assertThat(r).contains("421 4.3.0"));
        });
        assertThat(result(results.get(1), BOB).verdict()).isEqualTo(Verdict.INNOCENT);
    }

    @ParameterizedTest(name = "pipelining={0}")
    @ValueSource(booleans = {true, false})
    void upstreamFailures40WithTheNoopEndMarker(boolean pipelining) throws Exception {
        Script script = Transcript.load("40-").script();
        List<DlmtpTransaction> recorded = Transcript.transactions(script);
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(script)) {
            DspamResponse success;
            DspamResponse unknownSignature;
            DspamResponse noTokens;
            try (DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(peer.endpoint())
                .pipelining(pipelining).endMarker(DlmtpClientConfiguration.EndMarker.CLASSIFY).build())) {
                success = client.execute(DspamRequest.process(List.of(BOB), recorded.get(0).message()));
                unknownSignature = client.execute(DspamRequest.retrain(List.of(BOB), TrainingClass.SPAM,
                    Signature.of("0123456789abcdef")));
                noTokens = client.execute(DspamRequest.classify(List.of(BOB), recorded.get(2).message()));
            }
            PeerFixture.assertPeerSatisfied(peer);
            assertThat(success.resultFor(BOB)).isPresent();
            assertThat(unknownSignature.outcomeFor(BOB).orElseThrow().reason())
                .hasValueSatisfying(r -> assertThat(r).contains("LMTP-style fallback"));
            assertThat(noTokens.outcomeFor(BOB).orElseThrow().reason())
                .hasValueSatisfying(r -> assertThat(r).contains("returned nothing"));
        }
    }

    @Test
    void upstreamSuccess41() throws Exception {
        List<DlmtpTransactionResult> results = replay("41-", true);

        assertThat(result(results.get(0), ALICE).confidence()).isEqualTo(1.0);
        assertThat(result(results.get(1), BOB).signature()).contains(Signature.of("6b06170f65557420612459"));
    }

    @Test
    void classifyWithTheDefaultEndMarkerOnTheFork() throws Exception {
        Script script = Transcript.load("41-").script().inserting(s -> s.isExpect("MAIL FROM:<s3cret@james>"
            + " DSPAMPROCESSMODE=\"--process --deliver=innocent,spam --stdout\"\r\n"),
            List.of(Step.expect("NOOP\r\n"), Step.send("503 5.0.0 Need MAIL FROM here.\r\n")));
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(script)) {
            List<DlmtpTransactionResult> results = PeerFixture.replay(peer, PeerFixture.configuration(peer.endpoint())
                .endMarker(DlmtpClientConfiguration.EndMarker.CLASSIFY).build(), Transcript.transactions(Transcript.load("41-").script()));

            assertThat(results.get(0).summaryLines()).hasSize(2);
        }
    }

    @Test
    void pingIsGreetingLhloAndRset01() throws Exception {
        Script script = Transcript.load("01-").script()
            .inserting(s -> s.isExpect("QUIT\r\n"), List.of(Step.expect("RSET\r\n"), Step.send("250 OK\r\n")));
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(script)) {
            try (DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(peer.endpoint()).build())) {
                client.ping();
            }
            PeerFixture.assertPeerSatisfied(peer);
        }
    }

    @Test
    void maxMessageSize34() throws Exception {
        StringBuilder big = new StringBuilder("From: Big Sender <big@example.org>\r\nTo: bob@example.net\r\n"
            + "Subject: huge test message\r\nMessage-ID: <huge-1@example.org>\r\n\r\n");
        for (int i = 0; big.length() < 200_000; i++) {
            big.append(String.format("This is filler line number %08d of a very large synthetic test message body.\r\n", i));
        }
        byte[] message = big.toString().getBytes(StandardCharsets.US_ASCII);
        Script script = Transcript.load("34-").script();
        byte[] ham = Transcript.transactions(Transcript.load("02-").script()).get(0).message();
        List<DlmtpTransactionResult> results = PeerFixture.replay(script, true, List.of(
            DlmtpTransaction.of(List.of("--process", "--deliver=summary"), List.of(BOB), message),
            DlmtpTransaction.of(List.of("--process", "--deliver=innocent,spam"), List.of(BOB), message),
            DlmtpTransaction.of(List.of("--process", "--deliver=summary"), List.of(BOB), ham)));

        assertThat(results.get(0).outcomes().get(0).isClassified()).isFalse();
        assertThat(results.get(2).outcomes().get(0).isClassified()).isTrue();
    }

    @Test
    void optionsTheDaemonWouldMisreadAreRefusedBeforeConnecting() throws Exception {
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(List.of());
             DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(peer.endpoint()).build())) {
            byte[] message = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
            List<List<String>> refused = List.of(
                List.of("--help"), List.of("--version"), List.of("--classify", "--foo"),
                List.of("--source=corpus", "--class=bogus"), List.of("--mode=bogus", "--classify"),
                List.of("--classify", "--class=spam", "--source=corpus"), List.of("--class=spam", "--deliver=summary"),
                List.of("--source=error", "--deliver=summary"), List.of("--classify", "--signature=a b"),
                List.of("--classify", "--deliver=summary\" --help"));
            for (List<String> options : refused) {
                assertThatThrownBy(() -> client.transact(DlmtpTransaction.of(options, List.of(BOB), message)))
                    .as("%s", options).isInstanceOf(IllegalArgumentException.class);
            }
            assertThatThrownBy(() -> client.execute(DspamRequest.classify(List.of(BOB), new byte[0])))
                .isInstanceOf(DspamException.class)
                .satisfies(e -> assertThat(((DspamException) e).kind()).isEqualTo(DspamException.Kind.INVALID_REQUEST));
            assertThat(peer.connectionsAccepted()).isZero();
        }
    }
}

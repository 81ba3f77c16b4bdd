package io.jamesdspam.mailet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.james.core.Username;
import org.apache.james.json.DTOConverter;
import org.apache.james.mailbox.inmemory.InMemoryMailboxManager;
import org.apache.james.mailbox.inmemory.manager.InMemoryIntegrationResources;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.task.Hostname;
import org.apache.james.task.MemoryTaskManager;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.authentication.NoAuthenticationFilter;
import org.apache.james.webadmin.routes.TasksRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spark.Spark;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.readiness.LearnedMessagesReadiness;
import io.jamesdspam.mailet.route.DspamRoutes;
import io.jamesdspam.mailet.route.DspamWebAdminServer;
import io.jamesdspam.mailet.route.RouteLimits;
import io.jamesdspam.mailet.task.DspamCorpusTrainingTaskAdditionalInformationDTO;
import io.jamesdspam.mailet.task.DspamPurgeTaskAdditionalInformationDTO;
import io.jamesdspam.mailet.task.DspamTrainingTaskAdditionalInformationDTO;
import io.jamesdspam.mailet.testing.MemoryUsers;
import io.jamesdspam.mailet.testing.RecordingDspamBackend;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.InMemoryTrainingLedger;
import io.jamesdspam.mailet.training.TrainingRecord;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;

/** The admin command line, run in-process by picocli against the DSPAM routes on a WebAdmin test server. */
class DspamAdminTest {
    private static final Username BOB = Username.of("bob@example.org");
    private static final String JWT = "header.payload.signature";
    private static final int MAX_MESSAGE_SIZE = 10_000;

    @TempDir
    Path directory;

    private RecordingDspamBackend backend;
    /** The backend the routes serve: {@link #backend} unless a test serves another. */
    private DspamBackend served;
    private final InMemoryTrainingLedger ledger = new InMemoryTrainingLedger();
    private MemoryTaskManager taskManager;
    private WebAdminServer webAdminServer;
    private String url;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void setUp() throws Exception {
        backend = new RecordingDspamBackend().knowSignature("sig1");
        served = backend;
        start(new NoAuthenticationFilter());
    }

    private void start(AuthenticationFilter authentication) throws Exception {
        InMemoryMailboxManager mailboxManager = InMemoryIntegrationResources.defaultResources().getMailboxManager();
        MemoryUsersRepository usersRepository = MemoryUsers.repositoryWith(BOB, Username.of("robert@example.org"));
        mailboxManager.createMailbox(MailboxPath.forUser(BOB, "Spam"), mailboxManager.createSystemSession(BOB));
        taskManager = new MemoryTaskManager(new Hostname("foo"));
        JsonTransformer json = new JsonTransformer();
        DspamRoutes routes = new DspamRoutes(taskManager, json, mailboxManager, usersRepository, served,
            DspamUserMapping.recipient(), SpecialMailboxes.defaults(), new CorrectionTrainer(served, ledger),
            new LearnedMessagesReadiness(served), Clock.systemUTC(), new RouteLimits(MAX_MESSAGE_SIZE, 1_000_000),
            authentication);
        webAdminServer = DspamWebAdminServer.start(authentication, routes, new TasksRoutes(taskManager, json, DTOConverter.of(
            DspamTrainingTaskAdditionalInformationDTO.SERIALIZATION_MODULE,
            DspamPurgeTaskAdditionalInformationDTO.SERIALIZATION_MODULE,
            DspamCorpusTrainingTaskAdditionalInformationDTO.SERIALIZATION_MODULE)));
        url = "http://127.0.0.1:" + webAdminServer.getPort().getValue();
    }

    @AfterEach
    void tearDown() {
        webAdminServer.destroy();
        taskManager.stop();
    }

    private int admin(String... args) {
        return run(false, args);
    }

    private int run(boolean terminal, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--url", url));
        all.addAll(List.of(args));
        return DspamAdmin.execute(new PrintWriter(out), new PrintWriter(err), terminal, all.toArray(String[]::new));
    }

    private String output() {
        return out.toString();
    }

    private String errors() {
        return err.toString();
    }

    private Path messageDirectory(String name, int count) throws Exception {
        Path folder = Files.createDirectories(directory.resolve(name).resolve("cur"));
        for (int i = 0; i < count; i++) {
            Files.writeString(folder.resolve(name + i + ".eml"), "Subject: " + name + " " + i + "\r\n\r\nbody " + i + "\r\n");
        }
        return folder.getParent();
    }

    @Nested
    class Stats {
        @Test
        void printsDspamStatsLineAndTheAccuracy() {
            backend.setTotals(DspamUser.of("bob@example.org"), new DspamTotals(30, 70, 2, 1, 10, 20, 5, 5));

            assertThat(admin("stats", "bob@example.org")).isEqualTo(ExitCode.OK);

            // TP = 30 + 5 - 2 - 10, TN = 70 + 5 - 1 - 20; accuracy = 1 - 3 errors / 80 classified
            assertThat(output()).isEqualTo(
                "bob@example.org   TP:    23 TN:    54 FP:     1 FN:     2 SC:    10 NC:    20 accuracy: 96.25%\n");
        }

        @Test
        void longFormIsDspamStatsDashH() {
            assertThat(admin("stats", "-H", "bob@example.org")).isEqualTo(ExitCode.OK);

            assertThat(output()).startsWith("bob@example.org:\n").contains("TL Training Left:", "Accuracy (corrections):  -\n")
                .endsWith("        \n");
        }

        @Test
        void jsonIsTheRoutesAnswers() throws Exception {
            backend.setTotals(DspamUser.of("bob@example.org"), new DspamTotals(5, 7, 1, 0, 0, 0, 0, 0));

            assertThat(admin("stats", "--json", "bob@example.org")).isEqualTo(ExitCode.OK);

            JsonNode json = new ObjectMapper().readTree(output());
            assertThat(json.isArray()).isTrue();
            assertThat(json.get(0).get("spamLearned").asLong()).isEqualTo(5);
            assertThat(json.get(0).get("falseNegatives").asLong()).isEqualTo(1);
        }

        @Test
        void anUnknownUserIsReportedAndTheOthersStillShown() {
            assertThat(admin("stats", "nobody@example.org", "bob@example.org")).isEqualTo(ExitCode.REFUSED);

            assertThat(errors()).contains("nobody@example.org", "answered 404", "User 'nobody@example.org' does not exist");
            assertThat(output()).startsWith("bob@example.org ");
        }
    }

    @Nested
    class Train {
        @Test
        void directoriesArePostedMessageByMessageAlternatingTheClasses() throws Exception {
            Path spam = messageDirectory("spam", 2);
            Path ham = messageDirectory("ham", 3);

            assertThat(admin("train", "bob@example.org", "--spam", spam.toString(), "--innocent", ham.toString()))
                .isEqualTo(ExitCode.OK);

            assertThat(backend.describedRequests()).containsExactly(
                "TRAIN spam bob@example.org corpus",
                "TRAIN innocent bob@example.org corpus",
                "TRAIN spam bob@example.org corpus",
                "TRAIN innocent bob@example.org corpus",
                "TRAIN innocent bob@example.org corpus");
            assertThat(output()).contains("spam: 2 messages, 2 trained, 0 not trained, 0 too large",
                "innocent: 3 messages, 3 trained, 0 not trained, 0 too large");
            assertThat(errors()).isEmpty();
        }

        @Test
        void anMboxIsTrainedByTheCorpusTaskAndAwaited() throws Exception {
            Path mbox = Files.writeString(directory.resolve("ham.mbox"),
                "From a Mon Jan 1 00:00:00 2024\nSubject: one\n\nx\n\nFrom b Mon Jan 1 00:00:00 2024\nSubject: two\n\ny\n");

            assertThat(admin("train", "bob@example.org", "--innocent", mbox.toString())).isEqualTo(ExitCode.OK);

            assertThat(output()).contains("innocent: 2 messages, 2 trained");
            assertThat(backend.describedRequests()).containsExactly(
                "TRAIN innocent bob@example.org corpus", "TRAIN innocent bob@example.org corpus");
        }

        @Test
        void showsAProgressBarOnATerminal() throws Exception {
            Path spam = messageDirectory("spam", 3);

            assertThat(run(true, "train", "bob@example.org", "--spam", spam.toString())).isEqualTo(ExitCode.OK);

            assertThat(errors()).contains("\rtraining [", "] 0/3   0%", "] 3/3 100%").endsWith("\n");
        }

        @Test
        void showsNoProgressOutsideATerminal() throws Exception {
            Path spam = messageDirectory("spam", 3);

            assertThat(run(false, "train", "bob@example.org", "--spam", spam.toString())).isEqualTo(ExitCode.OK);

            assertThat(errors()).isEmpty();
        }

        @Test
        void aMessageOverTheLimitIsSkippedAndTheRestTrained() throws Exception {
            Path spam = messageDirectory("spam", 2);
            Files.writeString(spam.resolve("cur/big.eml"), "Subject: big\r\n\r\n" + "x".repeat(MAX_MESSAGE_SIZE));

            assertThat(admin("train", "bob@example.org", "--spam", spam.toString())).isEqualTo(ExitCode.REFUSED);

            assertThat(backend.describedRequests()).hasSize(2);
            assertThat(output()).contains("spam: 3 messages, 2 trained, 0 not trained, 1 too large");
            assertThat(errors()).contains("big.eml: skipped", "answered 413", "1 message(s) not trained");
        }

        @Test
        void aMissingFileIsALocalProblemFoundBeforeSending() throws Exception {
            Path spam = messageDirectory("spam", 1);

            assertThat(admin("train", "bob@example.org", "--spam", spam.toString(), "--innocent", "/nonexistent/ham"))
                .isEqualTo(ExitCode.LOCAL_FILE);

            assertThat(errors()).contains("/nonexistent/ham: no such file or directory").doesNotContain("reach");
            assertThat(backend.requests()).isEmpty();
        }

        @Test
        void aFileThatIsNoMboxIsALocalProblem() throws Exception {
            Path message = Files.writeString(directory.resolve("one.eml"), "Subject: one\r\n\r\nx\r\n");

            assertThat(admin("train", "bob@example.org", "--spam", message.toString())).isEqualTo(ExitCode.LOCAL_FILE);

            assertThat(errors()).contains("one.eml: neither a directory nor an mbox file");
        }

        @Test
        void anEmptyDirectoryIsALocalProblem() throws Exception {
            Path empty = Files.createDirectories(directory.resolve("empty"));

            assertThat(admin("train", "bob@example.org", "--spam", empty.toString())).isEqualTo(ExitCode.LOCAL_FILE);

            assertThat(errors()).contains("holds no message file");
        }

        @Test
        void anUnknownUserStopsTrainingWithJamesMessage() throws Exception {
            Path spam = messageDirectory("spam", 3);

            assertThat(admin("train", "nobody@example.org", "--spam", spam.toString())).isEqualTo(ExitCode.REFUSED);

            assertThat(errors()).contains("User 'nobody@example.org' does not exist");
            assertThat(backend.requests()).isEmpty();
        }

        @Test
        void needsACorpus() {
            assertThat(admin("train", "bob@example.org")).isEqualTo(ExitCode.USAGE);

            assertThat(errors()).contains("Give --spam DIR|MBOX, --innocent DIR|MBOX, or both");
        }
    }

    /** The routes served by an embedded engine (instead of the recording dspamd) that trained one spam for bob. */
    private EmbeddedDspam serveAnEngineThatTrainedBob() throws Exception {
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore());
        engine.execute(DspamRequest.train(List.of(DspamUser.of("bob@example.org")), TrainingClass.SPAM, TrainingSource.CORPUS,
            "Subject: pills\r\n\r\nBuy cheap pills now\r\n".getBytes(StandardCharsets.US_ASCII)));
        tearDown();
        served = engine;
        start(new NoAuthenticationFilter());
        return engine;
    }

    @Nested
    class Rename {
        @Test
        void movesWhatDspamLearnedToTheNewName() throws Exception {
            EmbeddedDspam engine = serveAnEngineThatTrainedBob();

            assertThat(admin("rename", "bob@example.org", "robert@example.org")).isEqualTo(ExitCode.OK);

            assertThat(output()).contains("moved DSPAM user bob@example.org to robert@example.org:", "token rows");
            assertThat(engine.totals(DspamUser.of("robert@example.org")).spamCorpusfed()).isEqualTo(1);
        }

        @Test
        void withADspamdTheLedgerMovesAlone() {
            ledger.record(DspamUser.of("bob@example.org"), "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));

            assertThat(admin("rename", "bob@example.org", "robert@example.org", "--ledger-only")).isEqualTo(ExitCode.OK);

            assertThat(output()).contains("moved the training ledger of DSPAM user bob@example.org to robert@example.org:"
                + " 1 trained messages");
            assertThat(ledger.find(DspamUser.of("robert@example.org"), "m1")).isPresent();
            assertThat(backend.requests()).isEmpty();
        }

        @Test
        void aDspamdBackendIsJamesRefusal() {
            assertThat(admin("rename", "bob@example.org", "robert@example.org")).isEqualTo(ExitCode.REFUSED);

            assertThat(errors()).contains("answered 501", "dspam_virtual_uids");
        }
    }

    @Nested
    class Delete {
        @Test
        void deletesWhatDspamLearnedForAUserJamesStillHasOnlyWhenForced() throws Exception {
            EmbeddedDspam engine = serveAnEngineThatTrainedBob();

            assertThat(admin("delete", "bob@example.org")).isEqualTo(ExitCode.REFUSED);
            assertThat(errors()).contains("answered 409", "still exists in James");
            assertThat(engine.totals(DspamUser.of("bob@example.org")).spamCorpusfed()).isEqualTo(1);

            assertThat(admin("delete", "bob@example.org", "--force")).isEqualTo(ExitCode.OK);

            assertThat(output()).contains("deleted DSPAM user bob@example.org:", "token rows", "0 trained messages");
            assertThat(engine.totals(DspamUser.of("bob@example.org")).spamCorpusfed()).isZero();
        }

        @Test
        void withADspamdTheLedgerGoesAlone() {
            ledger.record(DspamUser.of("bob@example.org"), "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));

            assertThat(admin("delete", "bob@example.org", "--force", "--ledger-only")).isEqualTo(ExitCode.OK);

            assertThat(output()).contains("deleted the training ledger of DSPAM user bob@example.org: 1 trained messages");
            assertThat(ledger.find(DspamUser.of("bob@example.org"), "m1")).isEmpty();
        }
    }

    @Nested
    class Retrain {
        @Test
        void retrainsBySignature() {
            assertThat(admin("retrain", "bob@example.org", "innocent", "sig1")).isEqualTo(ExitCode.OK);

            assertThat(backend.describedRequests()).containsExactly("RETRAIN innocent bob@example.org sig1");
            assertThat(output()).contains("retrained signature sig1 of bob@example.org as innocent");
        }

        @Test
        void anUnknownSignatureIsJamesRefusal() {
            assertThat(admin("retrain", "bob@example.org", "spam", "nope1")).isEqualTo(ExitCode.REFUSED);

            assertThat(errors()).contains("answered 404", "DSPAM does not know signature 'nope1'");
        }

        @Test
        void aBadClassIsAUsageError() {
            assertThat(admin("retrain", "bob@example.org", "ham?", "sig1")).isEqualTo(ExitCode.USAGE);

            assertThat(errors()).contains("CLASS", "ham?");
            assertThat(backend.requests()).isEmpty();
        }
    }

    @Nested
    class CleanAndFeed {
        @Test
        void cleanRunsThePurgeTaskToItsEnd() {
            assertThat(admin("clean", "--signature-age", "7d")).isEqualTo(ExitCode.OK);

            assertThat(backend.purges()).containsExactly(Duration.ofDays(7));
            assertThat(output()).contains("purge task ", " completed: ", "signaturesPurged 3");
        }

        @Test
        void cleanOfOneUser() {
            assertThat(admin("clean", "--user", "bob@example.org")).isEqualTo(ExitCode.OK);

            assertThat(backend.purgedUsers()).containsExactly(Optional.of(DspamUser.of("bob@example.org")));
            assertThat(output()).contains("purge task ", " completed: ", "usersPurged 2");
        }

        @Test
        void cleanWithTokenLimitsAsDspamCleanTakesThem() {
            assertThat(admin("clean", "--neutral-age", "30d", "--unused-ages", "60d,20d,5d,10d")).isEqualTo(ExitCode.OK);

            assertThat(backend.purgedTokenLimits()).containsExactly(new TokenPurgeLimits(OptionalInt.of(30),
                Optional.of(new TokenPurgeLimits.Unused(60, 20, 5, 10))));
            assertThat(output()).contains("(limits in days: signatures 14, neutral 30, unused 60,20,5,10)");
        }

        @Test
        void cleanWithDaysWithoutTheirUnitIsRefusedBeforeAnythingIsPurged() {
            assertThat(admin("clean", "--unused-ages", "90,30,15,15")).isNotEqualTo(ExitCode.OK);

            assertThat(errors()).contains("unusedAges", "a number alone is seconds");
            assertThat(backend.purges()).isEmpty();
        }

        @Test
        void feedWaitsForTheTrainingTask() {
            assertThat(admin("feed", "--user", "bob@example.org", "--since-last-run", "--dry-run", "--wait"))
                .isEqualTo(ExitCode.OK);

            assertThat(output()).contains("training task ", " completed: examined 0");
        }

        @Test
        void feedWithoutWaitPrintsTheTaskToFollow() {
            assertThat(admin("feed", "--dry-run")).isEqualTo(ExitCode.OK);

            assertThat(output()).containsPattern("training task \\S+ started; follow it with GET " + url + "/tasks/\\S+");
        }

        @Test
        void feedWithABadParameterShowsJamesReason() {
            assertThat(admin("feed", "--messages-per-second", "0")).isEqualTo(ExitCode.REFUSED);

            assertThat(errors()).contains("answered 400", "'messagesPerSecond' must be strictly positive");
        }
    }

    @Nested
    class Failures {
        @Test
        void anUnreachableServerIsNotAFileProblem() throws Exception {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = socket.getLocalPort();
            }
            url = "http://127.0.0.1:" + closedPort;

            assertThat(admin("stats", "bob@example.org")).isEqualTo(ExitCode.UNREACHABLE);

            assertThat(errors()).contains("cannot reach James's WebAdmin at " + url + ": connection refused")
                .doesNotContain("null");
        }

        @Test
        void aUrlThatIsNoUrlIsAUsageError() {
            url = "127.0.0.1:8000";

            assertThat(admin("stats", "bob@example.org")).isEqualTo(ExitCode.USAGE);

            assertThat(errors()).contains("--url '127.0.0.1:8000' is not an http:// or https:// URL with a host");
        }

        @Test
        void noCommandIsAUsageError() {
            assertThat(admin()).isEqualTo(ExitCode.USAGE);

            assertThat(errors()).contains("Usage: james-dspam-admin", "stats", "train", "retrain", "clean", "feed");
        }

        @Test
        void helpDocumentsTheExitCodes() {
            assertThat(admin("--help")).isEqualTo(ExitCode.OK);

            assertThat(output()).contains("Exit codes:", "James's WebAdmin cannot be reached", "a local file or directory");
        }

        @Test
        void urlMayFollowTheCommand() {
            String server = url;
            url = "http://127.0.0.1:1";

            assertThat(admin("stats", "bob@example.org", "--url", server)).isEqualTo(ExitCode.OK);
        }
    }

    @Nested
    class Token {
        @BeforeEach
        void requireTheToken() throws Exception {
            tearDown();
            start((AuthenticationFilter) (request, response) -> {
                if (!("Bearer " + JWT).equals(request.headers("Authorization"))) {
                    Spark.halt(401, "{\"statusCode\":401,\"type\":\"InvalidArgument\",\"message\":\"Bearer token required\"}");
                }
            });
        }

        @Test
        void isSentAsBearerAuthorization() {
            assertThat(admin("--token", JWT, "stats", "bob@example.org")).isEqualTo(ExitCode.OK);
        }

        @Test
        void withoutItJamesRefuses() {
            assertThat(admin("stats", "bob@example.org")).isEqualTo(ExitCode.REFUSED);

            assertThat(errors()).contains("answered 401: Bearer token required");
        }

        /**
         * The DSPAM routes read their bodies ahead of James's request logger, but only after James's
         * authentication: a client without the token that waits before sending its 3 GB (curl's
         * {@code Expect: 100-continue}) gets its 401 at once, never a "100 Continue" (which reading
         * the body first would have sent).
         */
        @Test
        void anUploadWithoutItIsAnsweredBeforeItsBodyIsSent() throws Exception {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), webAdminServer.getPort().getValue())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("POST /dspam/users/bob@example.org/corpus?class=spam HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nContent-Type: application/mbox\r\nContent-Length: 3000000000\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();

                String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);

                assertThat(answer).isEqualTo("HTTP/1.1 401");
            }
            assertThat(backend.describedRequests()).isEmpty();
        }
    }
}

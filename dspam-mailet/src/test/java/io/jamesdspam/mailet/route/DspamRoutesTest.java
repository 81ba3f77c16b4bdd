package io.jamesdspam.mailet.route;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.mail.Flags;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.apache.james.core.Username;
import org.apache.james.json.DTOConverter;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.inmemory.InMemoryMailboxManager;
import org.apache.james.mailbox.inmemory.manager.InMemoryIntegrationResources;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.task.Hostname;
import org.apache.james.task.MemoryTaskManager;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.james.webadmin.authentication.NoAuthenticationFilter;
import org.apache.james.webadmin.mdc.LoggingRequestFilter;
import org.apache.james.webadmin.routes.TasksRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.readiness.LearnedMessagesReadiness;
import io.jamesdspam.mailet.task.DspamCorpusTrainingTaskAdditionalInformationDTO;
import io.jamesdspam.mailet.task.DspamPurgeTask;
import io.jamesdspam.mailet.task.DspamPurgeTaskAdditionalInformationDTO;
import io.jamesdspam.mailet.task.DspamTrainingTask;
import io.jamesdspam.mailet.task.DspamTrainingTaskAdditionalInformationDTO;
import io.jamesdspam.mailet.testing.MemoryUsers;
import io.jamesdspam.mailet.testing.NoStatisticsBackend;
import io.jamesdspam.mailet.testing.RecordingDspamBackend;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.InMemoryTrainingLedger;
import io.jamesdspam.mailet.training.TrainingLedgerException;
import io.jamesdspam.mailet.training.TrainingRecord;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;

class DspamRoutesTest {
    private static final Username BOB = Username.of("bob@example.org");
    private static final Username ALICE = Username.of("alice@example.org");
    private static final DspamUser BOB_DSPAM = DspamUser.of("bob@example.org");
    private static final String BOB_PATH = "/users/bob@example.org";

    private InMemoryMailboxManager mailboxManager;
    private MemoryUsersRepository usersRepository;
    private MemoryTaskManager taskManager;
    private WebAdminServer webAdminServer;
    private RecordingDspamBackend backend;
    private InMemoryTrainingLedger ledger;
    private Instant now;
    private SpecialMailboxes specialMailboxes = SpecialMailboxes.defaults();
    private RouteLimits limits = new RouteLimits(10_000, 100_000);

    @BeforeEach
    void setUp() throws Exception {
        mailboxManager = InMemoryIntegrationResources.defaultResources().getMailboxManager();
        usersRepository = MemoryUsers.repositoryWith(BOB, ALICE);
        for (Username user : new Username[] {BOB, ALICE}) {
            MemoryUsers.createMailboxes(mailboxManager, user, "INBOX", "Spam", "Trash", "Archive");
        }
        backend = new RecordingDspamBackend().knowSignature("sig1");
        ledger = new InMemoryTrainingLedger();
        now = Instant.now();
        start(backend);
    }

    private void start(DspamBackend dspamBackend) {
        if (webAdminServer != null) {
            webAdminServer.destroy();
            taskManager.stop();
        }
        taskManager = new MemoryTaskManager(new Hostname("foo"));
        JsonTransformer jsonTransformer = new JsonTransformer();
        CorrectionTrainer trainer = new CorrectionTrainer(dspamBackend, ledger, Clock.systemUTC());
        DspamRoutes routes = new DspamRoutes(taskManager, jsonTransformer, mailboxManager, usersRepository, dspamBackend,
            DspamUserMapping.recipient(), specialMailboxes, trainer, new LearnedMessagesReadiness(dspamBackend, 2, 2),
            Clock.systemUTC(), limits, new NoAuthenticationFilter());
        TasksRoutes tasksRoutes = new TasksRoutes(taskManager, jsonTransformer, DTOConverter.of(
            DspamTrainingTaskAdditionalInformationDTO.SERIALIZATION_MODULE,
            DspamPurgeTaskAdditionalInformationDTO.SERIALIZATION_MODULE,
            DspamCorpusTrainingTaskAdditionalInformationDTO.SERIALIZATION_MODULE));
        webAdminServer = WebAdminUtils.createWebAdminServer(routes, tasksRoutes).start();
        RestAssured.requestSpecification = WebAdminUtils.buildRequestSpecification(webAdminServer)
            .setBasePath(DspamRoutes.BASE_PATH)
            .build();
    }

    @AfterEach
    void tearDown() {
        webAdminServer.destroy();
        taskManager.stop();
    }

    private void append(Username user, String mailbox, String content, Flags flags) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(user);
        mailboxManager.getMailbox(MailboxPath.forUser(user, mailbox), session)
            .appendMessage(MessageManager.AppendCommand.builder()
                .withFlags(flags)
                .withInternalDate(Date.from(now.minus(Duration.ofDays(2))))
                .build(content.getBytes(StandardCharsets.UTF_8)), session);
    }

    private static String message(String subject) {
        return "From: a@example.com\r\nSubject: " + subject + "\r\n\r\nbody of " + subject + "\r\n";
    }

    private static RequestSpecification tasks() {
        return given().basePath(TasksRoutes.BASE);
    }

    private String submit(RequestSpecification request, String path) {
        return request.post(path).then().statusCode(201).extract().jsonPath().getString("taskId");
    }

    @Nested
    class PeriodicTraining {
        @BeforeEach
        void mailboxes() throws Exception {
            append(BOB, "Spam", message("spam one"), new Flags());
            append(BOB, "INBOX", message("read ham"), new Flags(Flags.Flag.SEEN));
            append(BOB, "INBOX", message("unread ham"), new Flags());
            append(BOB, "Archive", message("archived read ham"), new Flags(Flags.Flag.SEEN));
            append(BOB, "Trash", message("trashed spam"), new Flags(Flags.Flag.SEEN));
            append(ALICE, "Spam", message("alice spam"), new Flags());
        }

        @Test
        void trainsSpamAndSettledReadInnocentOfOneUser() {
            String taskId = submit(given().queryParam("user", "bob@example.org").queryParam("gracePeriod", "0"), "/training");

            tasks().get(taskId + "/await").then()
                .body("status", is("completed"))
                .body("type", is(DspamTrainingTask.TASK_TYPE.asString()))
                .body("additionalInformation.examined", is(3))
                .body("additionalInformation.trainedSpam", is(1))
                .body("additionalInformation.trainedInnocent", is(2))
                .body("additionalInformation.skippedAlreadyTrained", is(0))
                .body("additionalInformation.failed", is(0))
                .body("additionalInformation.runningOptions.user", is("bob@example.org"));
            assertThat(backend.describedRequests()).containsExactlyInAnyOrder(
                "TRAIN spam bob@example.org corpus",
                "TRAIN innocent bob@example.org corpus",
                "TRAIN innocent bob@example.org corpus");
        }

        @Test
        void followsTheSpamMailboxesOfDspamProperties() {
            specialMailboxes = DspamConfiguration.of(Map.of("spamMailboxes", "Spam,Archive")).specialMailboxes();
            start(backend);

            String taskId = submit(given().queryParam("user", "bob@example.org").queryParam("gracePeriod", "0"), "/training");

            tasks().get(taskId + "/await").then()
                .body("status", is("completed"))
                .body("additionalInformation.trainedSpam", is(2))
                .body("additionalInformation.trainedInnocent", is(1));
        }

        @Test
        void allUsersByDefault() {
            String taskId = submit(given().queryParam("gracePeriod", "0"), "/training");

            tasks().get(taskId + "/await").then()
                .body("status", is("completed"))
                .body("additionalInformation.trainedSpam", is(2))
                .body("additionalInformation.trainedInnocent", is(2));
        }

        @Test
        void readMessagesWithinTheGracePeriodAreNotInnocentYet() {
            String taskId = submit(given().queryParam("user", "bob@example.org"), "/training");

            tasks().get(taskId + "/await").then()
                .body("status", is("completed"))
                .body("additionalInformation.examined", is(1))
                .body("additionalInformation.trainedSpam", is(1))
                .body("additionalInformation.trainedInnocent", is(0))
                .body("additionalInformation.runningOptions.gracePeriodInSeconds", is(86400));
        }

        @Test
        void aSecondRunSkipsWhatWasTrained() {
            tasks().get(submit(given().queryParam("user", "bob@example.org").queryParam("gracePeriod", "0"), "/training") + "/await");

            String second = submit(given().queryParam("user", "bob@example.org").queryParam("gracePeriod", "0"), "/training");

            tasks().get(second + "/await").then()
                .body("status", is("completed"))
                .body("additionalInformation.trainedSpam", is(0))
                .body("additionalInformation.trainedInnocent", is(0))
                .body("additionalInformation.skippedAlreadyTrained", is(3));
            assertThat(backend.requests()).hasSize(3);
        }

        @Test
        void sinceLastRunOnlyLooksAtNewArrivals() throws Exception {
            tasks().get(submit(given().queryParam("user", "bob@example.org").queryParam("gracePeriod", "0"), "/training") + "/await");
            assertThat(ledger.lastPeriodicRun(BOB_DSPAM)).isPresent();

            String second = submit(given().queryParam("user", "bob@example.org").queryParam("sinceLastRun", "true")
                .queryParam("gracePeriod", "0"), "/training");

            tasks().get(second + "/await").then()
                .body("status", is("completed"))
                .body("additionalInformation.examined", is(0));
        }

        @Test
        void dryRunTrainsNothingButCounts() {
            String taskId = submit(given().queryParam("user", "bob@example.org").queryParam("gracePeriod", "0")
                .queryParam("dryRun", "true"), "/training");

            tasks().get(taskId + "/await").then()
                .body("status", is("completed"))
                .body("additionalInformation.trainedSpam", is(1))
                .body("additionalInformation.trainedInnocent", is(2))
                .body("additionalInformation.runningOptions.dryRun", is(true));
            assertThat(backend.requests()).isEmpty();
            assertThat(ledger.lastPeriodicRun(BOB_DSPAM)).isEmpty();
        }

        @Test
        void backendFailuresAreCountedAndTheTaskFails() {
            backend.failNext(100);

            String taskId = submit(given().queryParam("user", "bob@example.org").queryParam("gracePeriod", "0"), "/training");

            tasks().get(taskId + "/await").then()
                .body("status", is("failed"))
                .body("additionalInformation.failed", is(3))
                .body("additionalInformation.trainedSpam", is(0));
            assertThat(ledger.lastPeriodicRun(BOB_DSPAM)).isEmpty();
        }

        @Test
        void samplingProbabilityZeroTrainsNothing() {
            String taskId = submit(given().queryParam("user", "bob@example.org").queryParam("gracePeriod", "0")
                .queryParam("samplingProbability", "0"), "/training");

            tasks().get(taskId + "/await").then()
                .body("status", is("completed"))
                .body("additionalInformation.examined", is(3))
                .body("additionalInformation.trainedSpam", is(0));
        }
    }

    @Nested
    class BadTrainingParameters {
        private void rejected(String name, String value, String detail) {
            given().queryParam(name, value).post("/training").then()
                .statusCode(400)
                .body("type", is("InvalidArgument"))
                .body("details", containsString(detail));
        }

        @Test
        void negativeMessagesPerSecond() {
            rejected("messagesPerSecond", "-1", "'messagesPerSecond' must be strictly positive");
        }

        private void refused(String name, String value, String message) {
            given().queryParam(name, value).post("/training").then()
                .statusCode(400)
                .body("type", is("InvalidArgument"))
                .body("message", containsString(message));
        }

        @Test
        void nonNumericMessagesPerSecond() {
            refused("messagesPerSecond", "fast", "'messagesPerSecond': expected a whole number, not 'fast'");
        }

        @Test
        void samplingProbabilityAboveOne() {
            rejected("samplingProbability", "1.5", "'samplingProbability' must be between 0.0 and 1.0");
        }

        @Test
        void unparsablePeriod() {
            refused("period", "soon", "'period': expected a duration");
        }

        @Test
        void nonBooleanDryRun() {
            refused("dryRun", "maybe", "'dryRun': expected true or false");
        }

        @Test
        void anUnknownParameterIsRefusedAndStartsNothing() {
            given().queryParam("dryrun", "true").post("/training").then()
                .statusCode(400)
                .body("message", containsString("Unknown query parameter 'dryrun'"))
                .body("message", containsString("dryRun"));

            assertThat(backend.describedRequests()).isEmpty();
            tasks().get().then().body("size()", is(0));
        }

        @Test
        void aRepeatedParameterIsRefused() {
            given().queryParam("user", "bob@example.org").queryParam("user", "alice@example.org").post("/training").then()
                .statusCode(400)
                .body("message", containsString("'user' is given more than once"));
        }

        @Test
        void aPeriodOrGracePeriodBeyondACenturyIsRefused() {
            given().queryParam("period", "PT9999999999999H").post("/training").then()
                .statusCode(400)
                .body("details", containsString("'period' must be at most a century"));
            given().queryParam("gracePeriod", "36501d").post("/training").then()
                .statusCode(400)
                .body("details", containsString("'gracePeriod' must be at most a century"));
        }

        @Test
        void periodWithSinceLastRun() {
            given().queryParam("period", "1d").queryParam("sinceLastRun", "true").post("/training").then()
                .statusCode(400)
                .body("details", containsString("'period' and 'sinceLastRun' exclude each other"));
        }

        @Test
        void unknownUser() {
            given().queryParam("user", "nobody@example.org").post("/training").then()
                .statusCode(404)
                .body("message", is("User 'nobody@example.org' does not exist"));
        }
    }

    @Nested
    class Purge {
        @Test
        void purgesWithDspamDefaultAge() {
            String taskId = submit(given(), "/purge");

            tasks().get(taskId + "/await").then()
                .body("status", is("completed"))
                .body("type", is(DspamPurgeTask.TASK_TYPE.asString()))
                .body("additionalInformation.signatureAgeInSeconds", is(14 * 86400))
                .body("additionalInformation.signaturesPurged", is(3))
                .body("additionalInformation.tokensPurged", is(7));
            assertThat(backend.purges()).containsExactly(Duration.ofDays(14));
        }

        @Test
        void withoutAnAgeTakesTheOneTheStoreIsConfiguredWith() {
            backend.configureSignatureAge(Duration.ofDays(30));

            tasks().get(submit(given(), "/purge") + "/await").then()
                .body("additionalInformation.signatureAgeInSeconds", is(30 * 86400));

            assertThat(backend.purges()).containsExactly(Duration.ofDays(30));
        }

        @Test
        void ofOneUserPurgesThatUserAndKeepsTheLedger() {
            DspamUser bob = BOB_DSPAM;
            ledger.record(bob, "old", TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("sig0"),
                Instant.now().minus(Duration.ofDays(30))));

            tasks().get(submit(given().queryParam("user", "bob@example.org"), "/purge") + "/await").then()
                .body("status", is("completed"))
                .body("additionalInformation.usersPurged", is(2));

            assertThat(backend.purgedUsers()).containsExactly(Optional.of(bob));
            assertThat(ledger.find(bob, "old")).as("the ledger is pruned by purges of every user").isPresent();
        }

        @Test
        void ofAnUnknownUserIsRefused() {
            given().queryParam("user", "nobody@example.org").post("/purge").then()
                .statusCode(404)
                .body("message", is("User 'nobody@example.org' does not exist"));
            assertThat(backend.purges()).isEmpty();
        }

        @Test
        void takesAnAge() {
            tasks().get(submit(given().queryParam("signatureAge", "2d"), "/purge") + "/await");

            assertThat(backend.purges()).containsExactly(Duration.ofDays(2));
        }

        @Test
        void forgetsTheLedgerEntriesOlderThanTheSignatureAge() {
            DspamUser bob = BOB_DSPAM;
            ledger.record(bob, "old", TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("sig0"),
                Instant.now().minus(Duration.ofDays(3))));
            ledger.record(bob, "recent", TrainingRecord.byMessage(TrainingClass.INNOCENT, Instant.now().minus(Duration.ofDays(1))));

            tasks().get(submit(given().queryParam("signatureAge", "2d"), "/purge") + "/await").then()
                .body("status", is("completed"));

            assertThat(ledger.find(bob, "old")).isEmpty();
            assertThat(ledger.find(bob, "recent")).isPresent();
        }

        @Test
        void badAge() {
            given().queryParam("signatureAge", "old").post("/purge").then()
                .statusCode(400)
                .body("message", containsString("'signatureAge': expected a duration"));
        }

        @Test
        void anAgeBelowZeroOrBeyondACenturyIsRefused() {
            for (String age : List.of("P-5D", "-5d", "36501d", "PT9999999999999H")) {
                given().queryParam("signatureAge", age).post("/purge").then()
                    .statusCode(400)
                    .body("message", containsString("'signatureAge'"));
            }
            assertThat(backend.purges()).isEmpty();
        }

        @Test
        void takesTokenLimitsAsDspamCleanDoes() {
            tasks().get(submit(given().queryParam("neutralAge", "30d").queryParam("unusedAges", "60d,20d,5d,10d"), "/purge")
                + "/await").then()
                .body("status", is("completed"));

            assertThat(backend.purgedTokenLimits()).containsExactly(new TokenPurgeLimits(OptionalInt.of(30),
                Optional.of(new TokenPurgeLimits.Unused(60, 20, 5, 10))));
        }

        @Test
        void withoutTokenLimitsTheConfiguredOnesApply() {
            tasks().get(submit(given(), "/purge") + "/await");

            assertThat(backend.purgedTokenLimits()).containsExactly(TokenPurgeLimits.CONFIGURED);
        }

        @Test
        void anAgeThatIsNotWholeDaysIsRefused() {
            // dspam_clean's "14" is days; in James's forms it is 14 seconds, which would purge everything
            for (Map.Entry<String, String> age : List.of(Map.entry("signatureAge", "14"), Map.entry("neutralAge", "36h"),
                Map.entry("unusedAges", "90,30,15,15"))) {
                given().queryParam(age.getKey(), age.getValue()).post("/purge").then()
                    .statusCode(400)
                    .body("message", allOf(containsString("'" + age.getKey() + "'"), containsString("whole days")));
            }
            assertThat(backend.purges()).isEmpty();
        }

        @Test
        void badUnusedAgesAreRefused() {
            for (String ages : List.of("90d,30d,15d", "90d,30d,15d,15d,1d", "90d,30d,,15d", "90d,30d,15d,-1d", "90d,30d,15d,36501d")) {
                given().queryParam("unusedAges", ages).post("/purge").then()
                    .statusCode(400)
                    .body("message", containsString("'unusedAges'"));
            }
            assertThat(backend.purges()).isEmpty();
        }

        @Test
        void backendWithoutMaintenance() {
            start(new NoStatisticsBackend());

            given().post("/purge").then()
                .statusCode(501)
                .body("message", containsString("offers no maintenance here"));
        }
    }

    @Nested
    class TrainMessages {
        @Test
        void trainsTheBodyAsTheGivenClass() {
            given().queryParam("class", "spam").body(message("x") .replace("\r\n\r\n", "\r\nX-DSPAM-Signature: forged\r\n\r\n"))
                .post(BOB_PATH + "/messages").then()
                .statusCode(200)
                .body("dspamUser", is("bob@example.org"))
                .body("class", is("spam"))
                .body("trained", is(true));

            assertThat(backend.describedRequests()).containsExactly("TRAIN spam bob@example.org corpus");
            assertThat(new String(backend.requests().get(0).message(), StandardCharsets.UTF_8)).doesNotContain("forged");
        }

        @Test
        void inoculation() {
            given().queryParam("class", "spam").queryParam("source", "inoculation").body(message("x"))
                .post(BOB_PATH + "/messages").then().statusCode(200);

            assertThat(backend.describedRequests()).containsExactly("TRAIN spam bob@example.org inoculation");
        }

        @Test
        void missingClass() {
            given().body(message("x")).post(BOB_PATH + "/messages").then()
                .statusCode(400)
                .body("message", is("'class' is missing: expected spam or innocent"));
        }

        @Test
        void unknownClass() {
            given().queryParam("class", "maybe").body(message("x")).post(BOB_PATH + "/messages").then()
                .statusCode(400)
                .body("message", containsString("Unknown training class 'maybe'"));
        }

        @Test
        void errorSourceNeedsASignature() {
            given().queryParam("class", "spam").queryParam("source", "error").body(message("x"))
                .post(BOB_PATH + "/messages").then()
                .statusCode(400)
                .body("message", containsString("use /retrain"));
        }

        @Test
        void emptyBody() {
            given().queryParam("class", "spam").post(BOB_PATH + "/messages").then()
                .statusCode(400)
                .body("message", containsString("body must hold"));
        }

        @Test
        void unknownUser() {
            given().queryParam("class", "spam").body(message("x")).post("/users/nobody@example.org/messages").then()
                .statusCode(404)
                .body("message", is("User 'nobody@example.org' does not exist"));
            assertThat(backend.requests()).isEmpty();
        }

        @Test
        void dspamDown() {
            backend.failNext(1);

            given().queryParam("class", "spam").body(message("x")).post(BOB_PATH + "/messages").then()
                .statusCode(503)
                .body("message", containsString("UNREACHABLE"));
        }

        @Test
        void corpusInMboxFormatIsATaskTrainingEachMessage() {
            String mbox = "From a@example.com Mon Jan  1 00:00:00 2024\n" + message("one").replace("\r\n", "\n")
                + "\n>From the quoted line\n\nFrom b@example.com Mon Jan  1 00:00:00 2024\n" + message("two").replace("\r\n", "\n");

            String taskId = submit(given().queryParam("class", "innocent").body(mbox), BOB_PATH + "/corpus");

            tasks().get(taskId + "/await").then()
                .body("status", is("completed"))
                .body("type", is("dspam-corpus-training"))
                .body("additionalInformation.dspamUser", is("bob@example.org"))
                .body("additionalInformation.trainingClass", is("innocent"))
                .body("additionalInformation.messages", is(2))
                .body("additionalInformation.trained", is(2))
                .body("additionalInformation.failed", is(0));
            assertThat(backend.describedRequests()).containsExactly(
                "TRAIN innocent bob@example.org corpus", "TRAIN innocent bob@example.org corpus");
            assertThat(new String(backend.requests().get(0).message(), StandardCharsets.UTF_8))
                .contains("body of one", "\nFrom the quoted line").doesNotContain("two");
        }

        @Test
        void aCorpusLargerThanTheMessageLimitIsStreamedAndItsOversizedMessagesSkipped() {
            StringBuilder mbox = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                mbox.append("From a@example.com Mon Jan  1 00:00:00 2024\n").append(message("m" + i).replace("\r\n", "\n"))
                    .append("x".repeat(500)).append("\n\n");
            }
            mbox.append("From big@example.com Mon Jan  1 00:00:00 2024\nSubject: big\n\n").append("y".repeat(20_000)).append("\n");
            assertThat(mbox.length()).isGreaterThan((int) limits.maxMessageSize());

            String taskId = submit(given().queryParam("class", "spam").contentType("text/plain").body(mbox.toString()),
                BOB_PATH + "/corpus");

            tasks().get(taskId + "/await").then()
                .body("status", is("failed"))
                .body("additionalInformation.messages", is(31))
                .body("additionalInformation.trained", is(30))
                .body("additionalInformation.tooLarge", is(1));
            assertThat(backend.describedRequests()).hasSize(30);
        }

        @Test
        void corpusThatIsNotMboxEndsThePartialTask() {
            String taskId = submit(given().queryParam("class", "spam").body("Subject: x\n\nbody"), BOB_PATH + "/corpus");

            tasks().get(taskId + "/await").then()
                .body("status", is("failed"))
                .body("additionalInformation.messages", is(0));
            assertThat(backend.describedRequests()).isEmpty();
        }

        @Test
        void aCorpusOverTheCorpusLimitIsRefusedWith413() {
            given().queryParam("class", "spam").body("From x\n" + "z".repeat(100_001)).post(BOB_PATH + "/corpus").then()
                .statusCode(413)
                .body("message", containsString("larger than 100000 bytes"))
                .body("message", containsString("webadmin.maxCorpusSize"));
        }
    }

    /** What plain curl sends, and every kind of bad input: never a 500. */
    @Nested
    class AnyClient {
        /** RestAssured re-encodes form bodies and refuses broken URLs: these requests go out as curl sends them. */
        private HttpResponse<String> raw(String pathAndQuery, String contentType, byte[] body) throws Exception {
            URI uri = URI.create("http://127.0.0.1:" + webAdminServer.getPort().getValue() + DspamRoutes.BASE_PATH + pathAndQuery);
            HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        }

        private static final String FORM = "application/x-www-form-urlencoded";
        private final byte[] eightBit = ("From: a@example.com\r\nSubject: caf\u00e9 100%\r\n\r\n"
            + "Pr\u00e9sentation: 50% off %zz %41 a=b&c=d\r\n").getBytes(StandardCharsets.ISO_8859_1);

        @Test
        void a8BitMailWithPercentSignsIsTrainedByteForByte() throws Exception {
            HttpResponse<String> response = raw(BOB_PATH + "/messages?class=spam", "message/rfc822", eightBit);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"trained\":true");
            assertThat(backend.requests()).hasSize(1);
            assertThat(backend.requests().get(0).message()).isEqualTo(eightBit);
        }

        /**
         * curl's default content type: James's request logger would have Jetty parse the mail as a
         * form before any route runs (8-bit bytes failed it, {@code a=b&c=d} became fields) —
         * {@link BodyGuard} keeps it the mail that was sent.
         */
        @Test
        void aMailSentAsAFormIsTrainedByteForByte() throws Exception {
            byte[] ascii = message("x").getBytes(StandardCharsets.US_ASCII);
            byte[] percents = message("%".repeat(2_000) + " %zz %4").getBytes(StandardCharsets.US_ASCII);
            for (byte[] body : List.of(ascii, eightBit, percents)) {
                HttpResponse<String> response = raw(BOB_PATH + "/messages?class=spam", FORM, body);

                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).contains("\"trained\":true");
            }
            assertThat(backend.requests()).extracting(DspamRequest::message).containsExactly(ascii, eightBit, percents);
        }

        /** James logs every WebAdmin request with its body: the DSPAM routes read theirs first, so no mail lands in its log. */
        @Test
        void aTrainedMailIsNotInJamesRequestLog() throws Exception {
            Logger requestLog = (Logger) LoggerFactory.getLogger(LoggingRequestFilter.class);
            ListAppender<ILoggingEvent> logged = new ListAppender<>();
            logged.start();
            Level level = requestLog.getLevel();
            requestLog.setLevel(Level.INFO);
            requestLog.addAppender(logged);
            try {
                HttpResponse<String> response = raw(BOB_PATH + "/messages?class=spam", "message/rfc822",
                    message("the secret body 7f3a").getBytes(StandardCharsets.US_ASCII));

                assertThat(response.statusCode()).isEqualTo(200);
            } finally {
                requestLog.detachAppender(logged);
                requestLog.setLevel(level);
            }
            assertThat(logged.list).extracting(event -> event.getMDCPropertyMap().get(LoggingRequestFilter.REQUEST_BODY))
                .containsExactly("");
        }

        @Test
        void aFormTypedParameterIsNotAQueryParameter() throws Exception {
            HttpResponse<String> response = raw(BOB_PATH + "/messages", FORM, "class=spam".getBytes(StandardCharsets.US_ASCII));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("class");
            assertThat(backend.requests()).isEmpty();
        }

        /**
         * A form-typed body over the limit is refused with 413 every time. Jetty used to stop reading
         * a form at 200,000 bytes and close the connection under the client still sending: about
         * one request in a hundred got a reset instead of the answer.
         */
        @Test
        void theAnswerToALargeFormReachesTheClientEveryTime() throws Exception {
            byte[] body = ("x".repeat(10) + "%".repeat(250_000)).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 100; i++) {
                HttpResponse<String> response = raw(BOB_PATH + "/messages?class=spam", FORM, body);

                assertThat(response.statusCode()).isEqualTo(413);
                assertThat(response.body()).contains("webadmin.maxMessageSize");
            }
            assertThat(backend.requests()).isEmpty();
        }

        @Test
        void aCorpusSentAsAFormIsTrained() throws Exception {
            byte[] mbox = ("From a@example.com Mon Jan  1 00:00:00 2024\n" + message("one 100% a=b&c").replace("\r\n", "\n")
                + "\nFrom b@example.com Mon Jan  1 00:00:00 2024\n" + message("two").replace("\r\n", "\n"))
                .getBytes(StandardCharsets.US_ASCII);

            HttpResponse<String> response = raw(BOB_PATH + "/corpus?class=spam", FORM, mbox);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            String taskId = JsonPath.from(response.body()).getString("taskId");
            tasks().get(taskId + "/await").then()
                .body("status", is("completed"))
                .body("additionalInformation.trained", is(2));
            assertThat(new String(backend.requests().get(0).message(), StandardCharsets.US_ASCII)).contains("one 100% a=b&c");
        }

        /** A corpus is spooled before the route runs: a refused one leaves no file behind. */
        @Test
        void aRefusedCorpusLeavesNoSpooledFile() throws Exception {
            byte[] mbox = "From a@example.com Mon Jan  1 00:00:00 2024\nSubject: a\n\nb\n".getBytes(StandardCharsets.US_ASCII);
            List<Path> before = spooledCorpora();

            assertThat(raw("/users/nobody@example.org/corpus?class=spam", "application/mbox", mbox).statusCode()).isEqualTo(404);
            assertThat(raw(BOB_PATH + "/corpus?class=sometimes", "application/mbox", mbox).statusCode()).isEqualTo(400);
            assertThat(raw(BOB_PATH + "/corpus?class=spam", "application/mbox", new byte[100_001]).statusCode()).isEqualTo(413);

            assertThat(spooledCorpora()).containsExactlyInAnyOrderElementsOf(before);
            assertThat(backend.requests()).isEmpty();
        }

        private List<Path> spooledCorpora() throws IOException {
            try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                return files.filter(file -> file.getFileName().toString().startsWith("dspam-corpus-")).collect(Collectors.toList());
            }
        }

        @Test
        void withoutSettingsTheRoutesKeepTheirDefaults() {
            RouteLimits defaults = RouteLimits.from(DspamConfiguration.defaults());

            assertThat(defaults.maxMessageSize()).isEqualTo(32L * 1024 * 1024);
            assertThat(defaults.maxCorpusSize()).isEqualTo(4L * 1024 * 1024 * 1024);
        }

        @Test
        void aMessageOverTheLimitIs413() {
            given().queryParam("class", "spam").body("x".repeat(10_001)).post(BOB_PATH + "/messages").then()
                .statusCode(413)
                .body("message", containsString("webadmin.maxMessageSize"));
            assertThat(backend.requests()).isEmpty();
        }

        @Test
        void theLimitsConfiguredInDspamPropertiesAnswer413() {
            limits = RouteLimits.from(DspamConfiguration.of(Map.of("webadmin.maxMessageSize", "1k", "webadmin.maxCorpusSize", "2k")));
            start(backend);

            given().queryParam("class", "spam").body(message("x".repeat(1_100))).post(BOB_PATH + "/messages").then()
                .statusCode(413)
                .body("message", containsString("larger than 1024 bytes"))
                .body("message", containsString("webadmin.maxMessageSize"));
            given().queryParam("class", "spam").body("From x\n" + "z".repeat(2_100)).post(BOB_PATH + "/corpus").then()
                .statusCode(413)
                .body("message", containsString("larger than 2048 bytes"));
            given().queryParam("class", "spam").body(message("x".repeat(400))).post(BOB_PATH + "/messages").then()
                .statusCode(200);
            assertThat(backend.requests()).hasSize(1);
        }

        @Test
        void aMissingClassIs400NamingIt() throws Exception {
            HttpResponse<String> response = raw(BOB_PATH + "/messages", "message/rfc822", eightBit);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("'class' is missing");
        }

        @Test
        void aBadClassIs400NamingIt() throws Exception {
            HttpResponse<String> response = raw(BOB_PATH + "/messages?class=maybe", "message/rfc822", eightBit);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("'class'");
        }

        @Test
        void unknownParametersAreRefusedOnEveryRoute() {
            given().queryParam("class", "spam").queryParam("bogus", "1").body(message("x")).post(BOB_PATH + "/messages").then()
                .statusCode(400).body("message", containsString("'bogus'"));
            given().queryParam("class", "spam").queryParam("bogus", "1").body("From x\n").post(BOB_PATH + "/corpus").then()
                .statusCode(400).body("message", containsString("'bogus'"));
            given().queryParam("class", "spam").queryParam("signature", "sig1").queryParam("bogus", "1")
                .post(BOB_PATH + "/retrain").then()
                .statusCode(400).body("message", containsString("'bogus'"));
            given().queryParam("bogus", "1").post("/purge").then()
                .statusCode(400).body("message", containsString("'bogus'"));
            given().queryParam("bogus", "1").get(BOB_PATH + "/statistics").then()
                .statusCode(400).body("message", containsString("this route takes none"));
            assertThat(backend.requests()).isEmpty();
        }

        @Test
        void aBrokenQueryStringIs400() throws Exception {
            // No URI class accepts '%zz': the request line is written by hand, as a hostile client would
            try (Socket socket = new Socket("127.0.0.1", webAdminServer.getPort().getValue())) {
                socket.getOutputStream().write(("POST " + DspamRoutes.BASE_PATH + "/training?user=%zz HTTP/1.1\r\n"
                    + "Host: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

                assertThat(answer).startsWith("HTTP/1.1 400").contains("cannot be parsed");
            }
        }

        @Test
        void badUsersAreNever500() {
            for (String user : new String[] {"..", "a@b@c", "%2e%2e", "bob@example.org%00", "x".repeat(300)}) {
                int status = given().urlEncodingEnabled(false).queryParam("class", "spam").body(message("x"))
                    .post("/users/" + user + "/messages").then().extract().statusCode();
                assertThat(status).as(user).isIn(400, 404);
            }
            assertThat(backend.requests()).isEmpty();
        }
    }

    @Nested
    class Retrain {
        @Test
        void retrainsByKnownSignature() {
            given().queryParam("class", "innocent").queryParam("signature", "sig1").post(BOB_PATH + "/retrain").then()
                .statusCode(200)
                .body("retrained", is(true))
                .body("signature", is("sig1"));

            assertThat(backend.describedRequests()).containsExactly("RETRAIN innocent bob@example.org sig1");
        }

        @Test
        void unknownSignatureIsNotFound() {
            given().queryParam("class", "spam").queryParam("signature", "purged1").post(BOB_PATH + "/retrain").then()
                .statusCode(404)
                .body("message", containsString("DSPAM does not know signature 'purged1'"));
        }

        @Test
        void missingSignature() {
            given().queryParam("class", "spam").post(BOB_PATH + "/retrain").then()
                .statusCode(400)
                .body("message", is("'signature' is missing: expected a DSPAM signature id"));
        }

        @Test
        void invalidSignature() {
            given().queryParam("class", "spam").queryParam("signature", "--class=innocent").post(BOB_PATH + "/retrain").then()
                .statusCode(400)
                .body("message", containsString("not a DSPAM signature id"));
            assertThat(backend.requests()).isEmpty();
        }
    }

    /** A ledger whose database is away while {@code failing[0]}: it cannot forget a user (the last step of a move or deletion). */
    private static InMemoryTrainingLedger ledgerForgettingNothingWhile(boolean[] failing) {
        return new InMemoryTrainingLedger() {
            @Override
            public void forgetUser(DspamUser user) {
                if (failing[0]) {
                    throw new TrainingLedgerException("the database is away", new SQLException("connection refused"));
                }
                super.forgetUser(user);
            }
        };
    }

    /** After James's rename of alice@example.org to bob@example.org (both exist here). */
    @Nested
    class MoveUser {
        @Test
        void whatAliceLearnedMovesToBob() {
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore());
            engine.execute(DspamRequest.train(List.of(DspamUser.of("alice@example.org")), TrainingClass.SPAM,
                TrainingSource.CORPUS, "Subject: pills\n\nBuy cheap pills now\n".getBytes(StandardCharsets.US_ASCII)));
            start(engine);

            given().post("/users/alice@example.org/rename/bob@example.org").then()
                .statusCode(200)
                .body("from", is("alice@example.org"))
                .body("to", is("bob@example.org"))
                .body("tokens", greaterThan(0))
                .body("merged", is(false));
            assertThat(engine.totals(BOB_DSPAM).spamCorpusfed()).isEqualTo(1);
            assertThat(engine.totals(DspamUser.of("alice@example.org"))).isEqualTo(DspamTotals.EMPTY);
        }

        @Test
        void anOldNameDspamHoldsNothingForIsNotFound() {
            start(EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore()));

            given().post("/users/nobody@example.org/rename/bob@example.org").then()
                .statusCode(404)
                .body("message", containsString("holds nothing"));
        }

        @Test
        void theNewNameMustBeAJamesUser() {
            given().post("/users/alice@example.org/rename/nobody@example.org").then()
                .statusCode(404);
        }

        @Test
        void aBackendThatCannotMoveUsersAnswers501() {
            given().post("/users/alice@example.org/rename/bob@example.org").then()
                .statusCode(501)
                .body("message", containsString("dspam_virtual_uids"));
        }

        @Test
        void parametersAreRefused() {
            given().queryParam("force", "true").post("/users/alice@example.org/rename/bob@example.org").then()
                .statusCode(400);
        }

        @Test
        void withADspamdTheLedgerMovesAlone() {
            DspamUser alice = DspamUser.of("alice@example.org");
            ledger.record(alice, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));

            given().queryParam("ledgerOnly", "true").post("/users/alice@example.org/rename/bob@example.org").then()
                .statusCode(200)
                .body("from", is("alice@example.org"))
                .body("to", is("bob@example.org"))
                .body("ledgerEntries", is(1))
                .body("tokens", nullValue());
            assertThat(ledger.find(BOB_DSPAM, "m1")).isPresent();
            assertThat(ledger.find(alice, "m1")).isEmpty();
            assertThat(backend.requests()).isEmpty();
        }

        @Test
        void aLedgerHoldingNothingForTheOldNameIsNotFound() {
            given().queryParam("ledgerOnly", "true").post("/users/alice@example.org/rename/bob@example.org").then()
                .statusCode(404)
                .body("message", containsString("training ledger holds nothing"));
        }

        @Test
        void theEmbeddedEngineRefusesToMoveTheLedgerAlone() {
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore());
            DspamUser alice = DspamUser.of("alice@example.org");
            engine.execute(DspamRequest.train(List.of(alice), TrainingClass.SPAM, TrainingSource.CORPUS,
                "Subject: pills\n\nBuy cheap pills now\n".getBytes(StandardCharsets.US_ASCII)));
            ledger.record(alice, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));
            start(engine);

            given().queryParam("ledgerOnly", "true").post("/users/alice@example.org/rename/bob@example.org").then()
                .statusCode(400)
                .body("message", containsString("leave out ledgerOnly"));
            assertThat(ledger.find(alice, "m1")).isPresent();
            assertThat(engine.totals(alice).spamCorpusfed()).isEqualTo(1);
        }

        @Test
        void aLedgerThatFailsAfterTheDictionaryMovedIsFinishedBySendingTheRequestAgain() {
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore());
            DspamUser alice = DspamUser.of("alice@example.org");
            engine.execute(DspamRequest.train(List.of(alice), TrainingClass.SPAM, TrainingSource.CORPUS,
                "Subject: pills\n\nBuy cheap pills now\n".getBytes(StandardCharsets.US_ASCII)));
            boolean[] failing = {true};
            ledger = ledgerForgettingNothingWhile(failing);
            ledger.record(alice, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));
            start(engine);

            given().post("/users/alice@example.org/rename/bob@example.org").then()
                .statusCode(503)
                .body("message", containsString("moved what it learned for alice@example.org to bob@example.org, but the"
                    + " training ledger of alice@example.org could not be moved (the database is away)"));
            assertThat(engine.totals(BOB_DSPAM).spamCorpusfed()).isEqualTo(1);

            failing[0] = false;
            given().post("/users/alice@example.org/rename/bob@example.org").then()
                .statusCode(200)
                .body("tokens", is(0));
            assertThat(ledger.find(BOB_DSPAM, "m1")).isPresent();
            assertThat(ledger.find(alice, "m1")).isEmpty();
            assertThat(engine.totals(BOB_DSPAM).spamCorpusfed()).isEqualTo(1);
        }

        @Test
        void aBadLedgerOnlyValueIsRefused() {
            given().queryParam("ledgerOnly", "maybe").post("/users/alice@example.org/rename/bob@example.org").then()
                .statusCode(400)
                .body("message", containsString("ledgerOnly"));
        }

        @Test
        void aLedgerThatFailsAnswers503AndSaysHowToFinish() {
            DspamUser alice = DspamUser.of("alice@example.org");
            ledger = ledgerForgettingNothingWhile(new boolean[] {true});
            ledger.record(alice, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));
            start(backend);

            given().queryParam("ledgerOnly", "true").post("/users/alice@example.org/rename/bob@example.org").then()
                .statusCode(503)
                .body("message", containsString("the database is away"))
                .body("message", containsString("send the same request again"));
        }
    }

    /** After James deleted alice@example.org (bob@example.org is still a James user here). */
    @Nested
    class DeleteUser {
        private final DspamUser alice = DspamUser.of("alice@example.org");

        private EmbeddedDspam trainedEngine() {
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore());
            for (DspamUser user : List.of(alice, BOB_DSPAM)) {
                engine.execute(DspamRequest.train(List.of(user), TrainingClass.SPAM, TrainingSource.CORPUS,
                    "Subject: pills\n\nBuy cheap pills now\n".getBytes(StandardCharsets.US_ASCII)));
            }
            return engine;
        }

        @Test
        void whatDspamLearnedForADeletedUserGoesWithItsLedger() throws Exception {
            usersRepository.removeUser(ALICE);
            EmbeddedDspam engine = trainedEngine();
            ledger.record(alice, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));
            start(engine);

            given().delete("/users/alice@example.org").then()
                .statusCode(200)
                .body("user", is("alice@example.org"))
                .body("tokens", greaterThan(0))
                .body("signatures", is(0))
                .body("ledgerEntries", is(1));
            assertThat(engine.totals(alice)).isEqualTo(DspamTotals.EMPTY);
            assertThat(engine.totals(BOB_DSPAM).spamCorpusfed()).isEqualTo(1);
            assertThat(ledger.find(alice, "m1")).isEmpty();

            given().delete("/users/alice@example.org").then()
                .statusCode(404)
                .body("message", containsString("holds nothing"));
        }

        @Test
        void aUserJamesStillHasIsDeletedOnlyWhenForced() {
            EmbeddedDspam engine = trainedEngine();
            start(engine);

            given().delete(BOB_PATH).then()
                .statusCode(409)
                .body("message", containsString("still exists in James"))
                .body("message", containsString("force=true"));
            assertThat(engine.totals(BOB_DSPAM).spamCorpusfed()).isEqualTo(1);

            given().queryParam("force", "true").delete(BOB_PATH).then()
                .statusCode(200)
                .body("tokens", greaterThan(0));
            assertThat(engine.totals(BOB_DSPAM)).isEqualTo(DspamTotals.EMPTY);
        }

        @Test
        void withADspamdTheLedgerGoesAloneWhenAskedTo() throws Exception {
            usersRepository.removeUser(ALICE);
            ledger.record(alice, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));

            given().delete("/users/alice@example.org").then()
                .statusCode(501)
                .body("message", containsString("ledgerOnly=true"));
            assertThat(ledger.find(alice, "m1")).isPresent();

            given().queryParam("ledgerOnly", "true").delete("/users/alice@example.org").then()
                .statusCode(200)
                .body("ledgerEntries", is(1))
                .body("tokens", nullValue());
            assertThat(ledger.find(alice, "m1")).isEmpty();
            assertThat(backend.requests()).isEmpty();
        }

        @Test
        void aLedgerThatFailsAfterTheDictionaryWentIsFinishedBySendingTheRequestAgain() throws Exception {
            usersRepository.removeUser(ALICE);
            EmbeddedDspam engine = trainedEngine();
            boolean[] failing = {true};
            ledger = ledgerForgettingNothingWhile(failing);
            ledger.record(alice, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));
            start(engine);

            given().delete("/users/alice@example.org").then()
                .statusCode(503)
                .body("message", containsString("DSPAM deleted what it learned for alice@example.org, but the training"
                    + " ledger of alice@example.org could not be deleted (the database is away)"));
            assertThat(engine.totals(alice)).isEqualTo(DspamTotals.EMPTY);

            failing[0] = false;
            given().delete("/users/alice@example.org").then()
                .statusCode(200)
                .body("tokens", is(0))
                .body("ledgerEntries", is(1));
            assertThat(ledger.find(alice, "m1")).isEmpty();
        }

        @Test
        void badParametersAreRefused() {
            given().queryParam("force", "yes please").delete(BOB_PATH).then()
                .statusCode(400)
                .body("message", containsString("force"));
            given().queryParam("purge", "true").delete(BOB_PATH).then()
                .statusCode(400)
                .body("message", containsString("purge"));
        }
    }

    @Nested
    class Statistics {
        @Test
        void totalsCorrectionsAccuracyAndReadiness() {
            backend.setTotals(BOB_DSPAM, new DspamTotals(40, 60, 3, 1, 10, 0, 0, 0));

            given().get(BOB_PATH + "/statistics").then()
                .statusCode(200)
                .body("user", is("bob@example.org"))
                .body("dspamUser", is("bob@example.org"))
                .body("spamLearned", is(40))
                .body("innocentLearned", is(60))
                .body("spamCorpusfed", is(10))
                .body("falsePositives", is(1))
                .body("falseNegatives", is(3))
                .body("messagesClassified", is(90))
                .body("accuracy", is((float) (86.0 / 90)))
                .body("ready", is(true));
        }

        @Test
        void aCorrectionMovedBackIsNoError() {
            backend.setTotals(BOB_DSPAM, new DspamTotals(40, 60, 3, 1, 10, 0, 0, 0));
            ledger.correctionUndone(BOB_DSPAM, TrainingClass.SPAM);
            ledger.correctionUndone(BOB_DSPAM, TrainingClass.INNOCENT);

            given().get(BOB_PATH + "/statistics").then()
                .statusCode(200)
                .body("spamMisclassified", is(3))
                .body("innocentMisclassified", is(1))
                .body("falsePositives", is(0))
                .body("falseNegatives", is(2))
                .body("correctionsUndone", is(2))
                .body("accuracy", is((float) (88.0 / 90)));
        }

        @Test
        void aNewUserIsNotReadyAndHasNoAccuracy() {
            given().get(BOB_PATH + "/statistics").then()
                .statusCode(200)
                .body("messagesClassified", is(0))
                .body("accuracy", nullValue())
                .body("ready", is(false))
                .body("spamLearned", notNullValue());
        }

        @Test
        void unknownUser() {
            given().get("/users/nobody@example.org/statistics").then()
                .statusCode(404);
        }

        @Test
        void backendWithoutStatistics() {
            start(new NoStatisticsBackend());

            given().get(BOB_PATH + "/statistics").then()
                .statusCode(501)
                .body("message", containsString("keeps no statistics here"));
        }
    }

    @Nested
    class Explain {
        private static final String SPAM_WORDS = "cheap viagra pills casino jackpot winner";

        @TempDir
        Path journal;
        private EmbeddedDspam engine;

        @BeforeEach
        void engineTrainedWithAFewMessages() {
            engine = EmbeddedDspam.create(EngineSettings.defaults(), JournalDspamStore.open(journal));
            for (int i = 0; i < 12; i++) {
                train(TrainingClass.SPAM, mail("Win big " + i, SPAM_WORDS + " claim prize now " + i));
                train(TrainingClass.INNOCENT, mail("Project meeting " + i, "agenda minutes budget review schedule " + i));
            }
            start(engine);
        }

        @AfterEach
        void closeEngine() {
            engine.close();
        }

        private void train(TrainingClass trainingClass, String message) {
            engine.execute(DspamRequest.train(List.of(BOB_DSPAM), trainingClass, TrainingSource.CORPUS,
                message.getBytes(StandardCharsets.UTF_8)));
        }

        private String mail(String subject, String body) {
            return "From: someone@example.com\r\nTo: bob@example.org\r\nSubject: " + subject + "\r\n\r\n" + body + "\r\n";
        }

        private RequestSpecification rfc822(String message) {
            return given().contentType("message/rfc822").body(message.getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void aSpamIsExplainedByItsSpammyTokensWithTheirWordsAndWritesNothing() {
            DspamTotals before = engine.totals(BOB_DSPAM);

            JsonPath explanation = rfc822(mail("Cheap offer", "viagra pills casino jackpot tonight"))
                .post(BOB_PATH + "/explain").then()
                .statusCode(200)
                .body("user", is("bob@example.org"))
                .body("basis", is("message"))
                .body("result", is("Spam"))
                .body("dspamClass", is("Spam"))
                .body("spamLearned", is(12))
                .body("innocentLearned", is(12))
                .extract().jsonPath();

            assertThat(explanation.getFloat("probability")).isGreaterThan(0.9f);
            assertThat(explanation.getString("confidenceText")).matches("\\d\\.\\d{4}");
            List<Map<String, Object>> tokens = explanation.getList("tokens");
            assertThat(tokens).isNotEmpty();
            Map<String, Object> top = tokens.get(0);
            assertThat(((Number) top.get("probability")).floatValue()).isGreaterThan(0.9f);
            assertThat((String) top.get("words")).containsAnyOf(SPAM_WORDS.split(" "));
            assertThat(((Number) top.get("spamHits")).longValue()).isPositive();
            assertThat(((Number) top.get("innocentHits")).longValue()).isZero();
            assertThat(tokens).noneSatisfy(token -> assertThat((String) token.get("words")).contains("meeting"));
            assertThat(engine.totals(BOB_DSPAM)).isEqualTo(before);
        }

        @Test
        void anInnocentIsExplainedByItsInnocentTokens() {
            JsonPath explanation = rfc822(mail("Project meeting", "agenda minutes budget review"))
                .post(BOB_PATH + "/explain").then()
                .statusCode(200)
                .body("result", is("Innocent"))
                .extract().jsonPath();

            Map<String, Object> top = explanation.<Map<String, Object>>getList("tokens").get(0);
            assertThat(((Number) top.get("probability")).floatValue()).isLessThan(0.1f);
        }

        @Test
        void aStoredSignatureIsExplainedByTokenIds() {
            Signature signature = engine.execute(DspamRequest.process(List.of(BOB_DSPAM),
                    mail("Jackpot", SPAM_WORDS).getBytes(StandardCharsets.UTF_8)))
                .resultFor(BOB_DSPAM).orElseThrow().signature().orElseThrow();

            JsonPath explanation = given().queryParam("signature", signature.asString())
                .post(BOB_PATH + "/explain").then()
                .statusCode(200)
                .body("basis", is("signature"))
                .body("signature", is(signature.asString()))
                .body("result", is("Spam"))
                .extract().jsonPath();

            assertThat(explanation.getList("tokens.id")).isNotEmpty().doesNotContainNull();
            assertThat(explanation.getList("tokens.words")).containsOnlyNulls();
        }

        @Test
        void anUnknownSignatureIs404() {
            given().queryParam("signature", "0123456789abcdef").post(BOB_PATH + "/explain").then()
                .statusCode(404)
                .body("message", containsString("DSPAM cannot explain signature '0123456789abcdef'"));
        }

        @Test
        void aBadSignatureIs400() {
            given().queryParam("signature", "--class=innocent").post(BOB_PATH + "/explain").then()
                .statusCode(400)
                .body("message", containsString("'signature': not a DSPAM signature id"));
        }

        @Test
        void neitherMessageNorSignatureIs400() {
            given().post(BOB_PATH + "/explain").then()
                .statusCode(400)
                .body("message", containsString("must hold the message to explain"));
        }

        @Test
        void bothMessageAndSignatureIs400() {
            rfc822(mail("x", "y")).queryParam("signature", "0123456789abcdef").post(BOB_PATH + "/explain").then()
                .statusCode(400)
                .body("message", containsString("not both"));
        }

        @Test
        void aMessageWithoutTokensIs400() {
            rfc822("\r\n").post(BOB_PATH + "/explain").then()
                .statusCode(400)
                .body("message", containsString("no verdict"));
        }

        @Test
        void unknownUserAndUnknownParameter() {
            rfc822(mail("x", "y")).post("/users/nobody@example.org/explain").then()
                .statusCode(404);
            rfc822(mail("x", "y")).queryParam("class", "spam").post(BOB_PATH + "/explain").then()
                .statusCode(400)
                .body("message", containsString("Unknown query parameter 'class'"));
        }

        @Test
        void aMessageSentAsAFormIsExplained() {
            given().contentType("application/x-www-form-urlencoded").body(mail("Cheap offer", "viagra pills casino jackpot tonight"))
                .post(BOB_PATH + "/explain").then()
                .statusCode(200)
                .body("result", is("Spam"));
        }

        @Test
        void backendWithoutExplaining() {
            start(new NoStatisticsBackend());

            rfc822(mail("x", "y")).post(BOB_PATH + "/explain").then()
                .statusCode(501)
                .body("message", containsString("cannot explain verdicts here"));
        }
    }
}

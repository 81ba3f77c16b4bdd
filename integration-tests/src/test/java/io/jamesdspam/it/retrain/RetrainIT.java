package io.jamesdspam.it.retrain;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.restassured.specification.RequestSpecification;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.core.Username;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.modules.MailboxProbeImpl;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.SMTPMessageSender;
import org.apache.james.utils.TestIMAPClient;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.model.DspamTotals;

/**
 * Users' corrections in a full James 3.8.1 server with the embedded engine: IMAP MOVE and COPY,
 * JMAP-style mailbox changes, Trash, server-side filing, double moves, missing and purged
 * signatures, DSPAM down during the move. Every assertion reads the DSPAM user's totals.
 */
class RetrainIT {
    private static final String DOMAIN = "example.org";
    private static final String PASSWORD = "secret";
    private static final ConditionFactory AWAIT = Awaitility.await().atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100));
    private static final SwitchableBackend BACKEND = new SwitchableBackend();

    @RegisterExtension
    static JamesServerExtension james = RetrainItServer.extension(BACKEND);

    private final TestIMAPClient imap = new TestIMAPClient();

    @AfterEach
    void tearDown() throws IOException {
        BACKEND.bringUp();
        imap.close();
    }

    private static String provision(GuiceJamesServer server, String localPart) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        if (!data.containsDomain(DOMAIN)) {
            data.addDomain(DOMAIN);
        }
        String user = localPart + "@" + DOMAIN;
        data.addUser(user, PASSWORD);
        MailboxProbeImpl mailboxes = server.getProbe(MailboxProbeImpl.class);
        for (String name : List.of("INBOX", "Spam", "Trash", "Archive")) {
            mailboxes.createMailbox(MailboxPath.forUser(Username.of(user), name));
        }
        return user;
    }

    private static void send(GuiceJamesServer server, String to, String subject, String body, String... extraHeaders) throws IOException {
        StringBuilder message = new StringBuilder();
        for (String header : extraHeaders) {
            message.append(header).append("\r\n");
        }
        message.append("From: someone@elsewhere.net\r\nSubject: ").append(subject).append("\r\n\r\n").append(body).append("\r\n");
        try (SMTPMessageSender smtp = new SMTPMessageSender(DOMAIN)
            .connect("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort())) {
            smtp.sendMessageWithHeaders("someone@elsewhere.net", List.of(to), message.toString());
        }
    }

    private TestIMAPClient login(GuiceJamesServer server, String user, String mailbox) throws IOException {
        imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(user, PASSWORD).select(mailbox)
            .awaitMessage(AWAIT);
        return imap;
    }

    private static DspamTotals totals(GuiceJamesServer server, String user) {
        return server.getProbe(RetrainProbe.class).totals(user);
    }

    private static DspamTotals awaitTotals(GuiceJamesServer server, String user, Predicate<DspamTotals> condition) {
        AWAIT.until(() -> condition.test(totals(server, user)));
        return totals(server, user);
    }

    private static RequestSpecification webAdmin(GuiceJamesServer server) {
        return given().port(server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue()).basePath("/");
    }

    /** One delivered message, classified innocent on a fresh dictionary (TEFT learns it: IL = 1). */
    private String deliverToInbox(GuiceJamesServer server, String localPart) throws Exception {
        String user = provision(server, localPart);
        send(server, user, "Meeting", "Shall we meet tomorrow at ten to review the budget figures?");
        login(server, user, "INBOX");
        assertThat(imap.readFirstMessageHeaders()).contains("X-DSPAM-Result: Innocent").contains("X-DSPAM-Signature: ");
        awaitTotals(server, user, t -> t.innocentLearned() == 1);
        return user;
    }

    @Test
    void imapMoveIntoSpamRetrainsBySignature(GuiceJamesServer server) throws Exception {
        String user = deliverToInbox(server, "mover");

        imap.moveFirstMessage("Spam");

        DspamTotals totals = awaitTotals(server, user, t -> t.spamMisclassified() == 1);
        assertThat(totals.spamLearned()).isEqualTo(1);
        assertThat(totals.innocentLearned()).isZero();
        assertThat(totals.spamCorpusfed()).isZero();
    }

    @Test
    void imapCopyIntoSpamRetrainsBySignature(GuiceJamesServer server) throws Exception {
        String user = deliverToInbox(server, "copier");

        imap.copyFirstMessage("Spam");

        DspamTotals totals = awaitTotals(server, user, t -> t.spamMisclassified() == 1);
        assertThat(totals.spamLearned()).isEqualTo(1);
        assertThat(imap.getMessageCount("INBOX")).isEqualTo(1);
    }

    @Test
    void jmapStyleMoveIntoSpamAndBackUndoesTheTraining(GuiceJamesServer server) throws Exception {
        String user = deliverToInbox(server, "jmap");
        RetrainProbe probe = server.getProbe(RetrainProbe.class);

        probe.setInMailbox(user, "INBOX", "Spam");
        awaitTotals(server, user, t -> t.spamMisclassified() == 1 && t.spamLearned() == 1);

        probe.setInMailbox(user, "Spam", "INBOX");
        DspamTotals totals = awaitTotals(server, user, t -> t.spamLearned() == 0);
        assertThat(totals.innocentMisclassified()).isZero();
    }

    @Test
    void imapDoubleMoveUndoesThenTrainsAgain(GuiceJamesServer server) throws Exception {
        String user = deliverToInbox(server, "double");

        imap.moveFirstMessage("Spam");
        awaitTotals(server, user, t -> t.spamLearned() == 1);
        imap.select("Spam").awaitMessage(AWAIT);
        imap.moveFirstMessage("INBOX");
        awaitTotals(server, user, t -> t.spamLearned() == 0);
        assertThat(totals(server, user).innocentMisclassified()).isZero();

        imap.select("INBOX").awaitMessage(AWAIT);
        imap.moveFirstMessage("Spam");

        DspamTotals totals = awaitTotals(server, user, t -> t.spamMisclassified() == 2);
        assertThat(totals.spamLearned()).isEqualTo(1);
    }

    @Test
    void serverFilingIntoSpamIsNoCorrectionAndMovingToTrashTrainsNothing(GuiceJamesServer server) throws Exception {
        String user = provision(server, "filed");
        send(server, user, "Newsletter", "Our monthly newsletter with the latest offers", "X-Test-File-Into-Spam: yes");
        login(server, user, "Spam");
        awaitTotals(server, user, t -> t.innocentLearned() == 1);

        imap.moveFirstMessage("Trash");
        // A later correction proves the listener has run; the filing and the Trash move left no trace.
        send(server, user, "Meeting", "Shall we meet tomorrow at ten to review the budget figures?");
        imap.select("INBOX").awaitMessage(AWAIT);
        imap.moveFirstMessage("Spam");

        DspamTotals totals = awaitTotals(server, user, t -> t.spamMisclassified() == 1);
        assertThat(totals.innocentMisclassified()).isZero();
        assertThat(totals.spamLearned()).isEqualTo(1);
        assertThat(totals.spamCorpusfed()).isZero();
        assertThat(totals.innocentCorpusfed()).isZero();
    }

    @Test
    void messageWithoutSignatureIsTrainedWhole(GuiceJamesServer server) throws Exception {
        String user = provision(server, "nosig");
        imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(user, PASSWORD)
            .append("INBOX", "From: a@elsewhere.net\r\nSubject: cheap pills\r\n\r\nBuy cheap pills now\r\n")
            .select("INBOX").awaitMessage(AWAIT);

        imap.moveFirstMessage("Spam");

        DspamTotals totals = awaitTotals(server, user, t -> t.spamCorpusfed() == 1);
        assertThat(totals.spamLearned()).isEqualTo(1);
        assertThat(totals.spamMisclassified()).isZero();
    }

    @Test
    void purgedSignatureFallsBackToTheWholeMessage(GuiceJamesServer server) throws Exception {
        String user = deliverToInbox(server, "purged");
        String taskId = webAdmin(server).queryParam("signatureAge", "0").post("/dspam/purge")
            .then().statusCode(201).extract().jsonPath().getString("taskId");
        webAdmin(server).get("/tasks/" + taskId + "/await").then().body("status", is("completed"));

        imap.moveFirstMessage("Spam");

        DspamTotals totals = awaitTotals(server, user, t -> t.spamCorpusfed() == 1);
        assertThat(totals.spamLearned()).isEqualTo(1);
        assertThat(totals.spamMisclassified()).isZero();
        assertThat(totals.innocentLearned()).isEqualTo(1);
    }

    @Test
    void dspamDownDuringTheMoveTrainsAfterRecovery(GuiceJamesServer server) throws Exception {
        String user = deliverToInbox(server, "outage");
        BACKEND.takeDown();

        imap.moveFirstMessage("Spam");

        assertThat(imap.getMessageCount("Spam")).isEqualTo(1);
        assertThat(totals(server, user).spamMisclassified()).isZero();
        BACKEND.bringUp();
        DspamTotals totals = awaitTotals(server, user, t -> t.spamMisclassified() == 1);
        assertThat(totals.spamLearned()).isEqualTo(1);
    }

    @Test
    void statisticsRouteReportsTheCorrections(GuiceJamesServer server) throws Exception {
        String user = deliverToInbox(server, "stats");
        imap.moveFirstMessage("Spam");
        awaitTotals(server, user, t -> t.spamMisclassified() == 1);

        webAdmin(server).get("/dspam/users/" + user + "/statistics").then()
            .statusCode(200)
            .body("falseNegatives", is(1))
            .body("falsePositives", is(0))
            .body("messagesClassified", is(1))
            .body("accuracy", is(0.0f))
            .body("ready", is(false));
    }

    @Test
    void periodicTrainingLearnsSpamFolderAndSkipsWhatDspamAlreadyGotRight(GuiceJamesServer server) throws Exception {
        String user = provision(server, "periodic");
        send(server, user, "Newsletter", "Our monthly newsletter with the latest offers", "X-Test-File-Into-Spam: yes");
        send(server, user, "Meeting", "Shall we meet tomorrow at ten to review the budget figures?");
        login(server, user, "INBOX");
        imap.setFlagsForAllMessagesInMailbox("\\Seen");
        awaitTotals(server, user, t -> t.innocentLearned() == 2);

        String taskId = webAdmin(server).queryParam("user", user).queryParam("gracePeriod", "0").post("/dspam/training")
            .then().statusCode(201).extract().jsonPath().getString("taskId");

        webAdmin(server).get("/tasks/" + taskId + "/await").then()
            .body("status", is("completed"))
            .body("additionalInformation.trainedSpam", is(1))
            .body("additionalInformation.trainedInnocent", is(0))
            .body("additionalInformation.skippedAlreadyTrained", is(1));
        DspamTotals totals = totals(server, user);
        assertThat(totals.spamMisclassified()).isEqualTo(1);
        assertThat(totals.spamLearned()).isEqualTo(1);
    }
}

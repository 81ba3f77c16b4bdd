package io.jamesdspam.it.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.it.reliability.ReliabilityReport;
import io.jamesdspam.model.DspamTotals;

/**
 * Reliability scenario "retrain listener, DSPAM down during 100 IMAP moves": the user's moves
 * never wait for DSPAM (MOVE latency measured), and once DSPAM is back every correction is
 * trained exactly once — counted from the DSPAM user's totals, which every training changes.
 * Corrections whose retries ran out while DSPAM was down are redelivered the operator's way,
 * through WebAdmin's dead-letter route.
 */
class RetrainOutageIT {
    private static final String USER = "outage100@example.org";
    private static final String PASSWORD = "secret";
    private static final int MOVES = 100;
    private static final ConditionFactory AWAIT = Awaitility.await().atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200));
    private static final SwitchableBackend BACKEND = new SwitchableBackend();

    @RegisterExtension
    static JamesServerExtension james = RetrainItServer.extension(BACKEND);

    private static void provision(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        if (!data.containsDomain("example.org")) {
            data.addDomain("example.org");
        }
        data.addUser(USER, PASSWORD);
        MailboxProbeImpl mailboxes = server.getProbe(MailboxProbeImpl.class);
        for (String name : List.of("INBOX", "Spam")) {
            mailboxes.createMailbox(MailboxPath.forUser(Username.of(USER), name));
        }
    }

    private static void deliver(GuiceJamesServer server) throws IOException {
        try (SMTPMessageSender smtp = new SMTPMessageSender("example.org")
            .connect("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort())) {
            for (int i = 1; i <= MOVES; i++) {
                smtp.sendMessageWithHeaders("someone@elsewhere.net", List.of(USER),
                    "From: someone@elsewhere.net\r\nSubject: offer " + i + "\r\n\r\nLimited offer number " + i
                        + ": cheap watches, pills and loans, reply today to claim prize " + i + "\r\n");
            }
        }
    }

    private static DspamTotals totals(GuiceJamesServer server) {
        return server.getProbe(RetrainProbe.class).totals(USER);
    }

    private static long percentile(List<Long> sortedMillis, int percent) {
        return sortedMillis.get(Math.max(0, (sortedMillis.size() * percent + 99) / 100 - 1));
    }

    @Test
    void movesSucceedAtOnceWhileDspamIsDownAndAreTrainedExactlyOnceAfter(GuiceJamesServer server) throws Exception {
        provision(server);
        deliver(server);
        AWAIT.until(() -> totals(server).innocentLearned() == MOVES);
        int webAdminPort = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();

        List<Long> moveMillis = new ArrayList<>();
        long spamBefore;
        long inboxAfter;
        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(USER, PASSWORD)
                .select("INBOX").awaitMessageCount(AWAIT, MOVES);
            BACKEND.takeDown();
            for (int i = 0; i < MOVES; i++) {
                long start = System.nanoTime();
                imap.moveFirstMessage("Spam");
                moveMillis.add((System.nanoTime() - start) / 1_000_000);
            }
            spamBefore = imap.getMessageCount("Spam");
            inboxAfter = imap.getMessageCount("INBOX");
        }
        long trainedWhileDown = totals(server).spamMisclassified();
        BACKEND.bringUp();
        // Corrections whose retries ran out during the outage wait as dead letters: redeliver them.
        new WebAdminDeadLetters(webAdminPort).startRedeliveringAll();
        AWAIT.until(() -> totals(server).spamMisclassified() >= MOVES);
        // Exactly once: the count stays at 100 while late retries and redeliveries would land.
        Awaitility.await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
            .until(() -> totals(server).spamMisclassified() == MOVES);
        DspamTotals after = totals(server);

        Collections.sort(moveMillis);
        long trainedTwice = Math.max(0, after.spamMisclassified() - MOVES);
        long untrained = Math.max(0, MOVES - after.spamMisclassified());
        new ReliabilityReport.Scenario("retrain-listener-dspam-down-100-imap-moves", ReliabilityReport.Kind.FAULT)
            .accepted(MOVES).delivered(spamBefore).lost(MOVES - spamBefore + untrained).duplicated(trainedTwice)
            .inputs(MOVES).crashes(0)
            .figure("moveLatencyP50Ms", percentile(moveMillis, 50))
            .figure("moveLatencyMaxMs", moveMillis.get(moveMillis.size() - 1))
            .figure("correctionsTrainedWhileDown", trainedWhileDown)
            .figure("correctionsTrainedAfterRecovery", after.spamMisclassified())
            .note("embedded engine behind a switch in an in-process James; DSPAM down during " + MOVES
                + " IMAP MOVEs INBOX->Spam, then up; lost = moves that did not land + corrections never trained,"
                + " duplicated = corrections trained twice (from the user's DSPAM totals)")
            .recordAndAssertClean();

        assertThat(spamBefore).isEqualTo(MOVES);
        assertThat(inboxAfter).isZero();
        assertThat(trainedWhileDown).isZero();
        assertThat(after.spamMisclassified()).isEqualTo(MOVES);
        assertThat(after.spamLearned()).isEqualTo(MOVES);
        assertThat(after.innocentLearned()).isZero();
    }
}

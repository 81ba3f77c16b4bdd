package io.jamesdspam.it.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.james.GuiceJamesServer;
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

import io.jamesdspam.it.reliability.ReliabilityReport;
import io.jamesdspam.mailet.configuration.RetrainListenerMode;
import io.jamesdspam.model.DspamTotals;

/**
 * How long an IMAP MOVE into Spam takes while DSPAM is down, per {@code listener.mode} and event
 * bus (the memory server's in-VM bus unless a subclass binds another; 8 retries from 50 ms, as
 * {@link RetrainItServer} sets them): the figures go to the reliability report, nothing is asserted about time. What is asserted is
 * the outcome: every move lands, and once DSPAM is back (dead letters redelivered through WebAdmin)
 * every correction is trained exactly once.
 */
abstract class MoveLatencyWithDspamDown {
    static final String PASSWORD = "secret";
    private static final ConditionFactory AWAIT = Awaitility.await().atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200));

    protected abstract RetrainListenerMode mode();

    protected abstract SwitchableBackend backend();

    protected abstract int moves();

    /** The event bus in the report's scenario name; the in-VM bus's scenarios keep their names. */
    protected String busScenarioName() {
        return "";
    }

    /** The event bus and its retries, for the report's note. */
    protected String busDescription() {
        return "in-VM event bus with 8 retries from 50 ms";
    }

    private String user() {
        return "latency-" + mode().name().toLowerCase() + "@example.org";
    }

    private void provision(GuiceJamesServer server) throws Exception {
        provision(server, user());
    }

    /** {@code user} (password {@link #PASSWORD}) with an INBOX and a Spam mailbox. */
    static void provision(GuiceJamesServer server, String user) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        if (!data.containsDomain("example.org")) {
            data.addDomain("example.org");
        }
        data.addUser(user, PASSWORD);
        MailboxProbeImpl mailboxes = server.getProbe(MailboxProbeImpl.class);
        for (String name : List.of("INBOX", "Spam")) {
            mailboxes.createMailbox(MailboxPath.forUser(Username.of(user), name));
        }
    }

    private void deliver(GuiceJamesServer server) throws IOException {
        deliver(server, user(), moves());
    }

    /** {@code count} offers to {@code user} over SMTP. */
    static void deliver(GuiceJamesServer server, String user, int count) throws IOException {
        try (SMTPMessageSender smtp = new SMTPMessageSender("example.org")
            .connect("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort())) {
            for (int i = 1; i <= count; i++) {
                smtp.sendMessageWithHeaders("someone@elsewhere.net", List.of(user),
                    "From: someone@elsewhere.net\r\nSubject: offer " + i + "\r\n\r\nLimited offer number " + i
                        + ": cheap watches, pills and loans, reply today to claim prize " + i + "\r\n");
            }
        }
    }

    private DspamTotals totals(GuiceJamesServer server) {
        return server.getProbe(RetrainProbe.class).totals(user());
    }

    @Test
    void movesLandWhileDspamIsDownAndAreTrainedOnceAfter(GuiceJamesServer server) throws Exception {
        provision(server);
        deliver(server);
        AWAIT.until(() -> totals(server).innocentLearned() == moves());

        List<Long> moveMillis = new ArrayList<>();
        long inSpam;
        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(user(), PASSWORD)
                .select("INBOX").awaitMessageCount(AWAIT, moves());
            backend().takeDown();
            for (int i = 0; i < moves(); i++) {
                long start = System.nanoTime();
                imap.moveFirstMessage("Spam");
                moveMillis.add((System.nanoTime() - start) / 1_000_000);
            }
            inSpam = imap.getMessageCount("Spam");
        }
        backend().bringUp();
        WebAdminDeadLetters deadLetters = new WebAdminDeadLetters(
            server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue());
        AWAIT.untilAsserted(() -> {
            deadLetters.startRedeliveringAll();
            assertThat(totals(server).spamMisclassified()).isGreaterThanOrEqualTo(moves());
        });
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
            .until(() -> totals(server).spamMisclassified() == moves());

        Collections.sort(moveMillis);
        long trained = totals(server).spamMisclassified();
        new ReliabilityReport.Scenario("retrain-listener-" + mode().name().toLowerCase() + busScenarioName()
            + "-imap-move-latency-dspam-down",
            ReliabilityReport.Kind.FAULT)
            .accepted(moves()).delivered(inSpam).lost(moves() - inSpam + Math.max(0, moves() - trained))
            .duplicated(Math.max(0, trained - moves())).inputs(moves()).crashes(0)
            .figure("moveLatencyP50Ms", moveMillis.get((moveMillis.size() - 1) / 2))
            .figure("moveLatencyMaxMs", moveMillis.get(moveMillis.size() - 1))
            .note("listener.mode=" + mode().name().toLowerCase() + ", " + busDescription() + "; "
                + moves() + " IMAP MOVEs INBOX->Spam while DSPAM is down, then up and dead letters redelivered")
            .recordAndAssertClean();
        System.out.println("listener.mode=" + mode() + ", " + busDescription() + ": IMAP MOVE with DSPAM down, ms "
            + moveMillis);

        assertThat(inSpam).isEqualTo(moves());
        assertThat(trained).isEqualTo(moves());
    }
}

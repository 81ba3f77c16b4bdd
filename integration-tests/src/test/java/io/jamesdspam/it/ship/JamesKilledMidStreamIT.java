package io.jamesdspam.it.ship;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.path.json.JsonPath;
import org.apache.james.util.Port;
import org.apache.james.utils.SMTPMessageSender;
import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.it.reliability.ReliabilityReport;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * Reliability scenario "James killed -9 mid-stream, restarted on the same home": a stock James
 * with the sample configuration (embedded engine, store and training ledger in {@code var/dspam})
 * in its own JVM receives a stream of mails over SMTP and a few IMAP corrections, and is killed
 * with SIGKILL while mails are in flight. The store then opens, its totals count an acknowledged
 * prefix of the stream, every message counted is whole (it learned once and kept its signature),
 * and after a restart on the same home no correction is trained a second time.
 */
class JamesKilledMidStreamIT {
    private static final String USER = "dave@example.org";
    private static final String PASSWORD = "secret";
    private static final int DELIVERED_FIRST = 30;
    private static final int CORRECTIONS = 10;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 40;
    private static final ConditionFactory AWAIT = Awaitility.await().atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200));

    private static String message(int number) {
        return "From: sender@example.com\r\nTo: " + USER + "\r\nSubject: stream " + number + "\r\n\r\n"
            + "Notes number " + number + " about the budget, the travel plans and the offer of the week.\r\n";
    }

    private static JsonPath statistics(int webAdminPort) {
        return given().port(webAdminPort).get("/dspam/users/" + USER + "/statistics")
            .then().statusCode(200).extract().jsonPath();
    }

    private static void prepareUser(int webAdminPort) {
        StockJames.createUser(webAdminPort, USER, PASSWORD);
        given().port(webAdminPort).put("/users/" + USER + "/mailboxes/Spam").then().statusCode(204);
    }

    @Test
    void storeHoldsAnAcknowledgedPrefixAndNoCorrectionTwice(@TempDir Path home) throws Exception {
        int smtpPort = FreePorts.next();
        int imapPort = FreePorts.next();
        int webAdminPort = FreePorts.next();
        StockJames.deployInto(home, smtpPort, imapPort, webAdminPort);

        AtomicInteger acknowledged = new AtomicInteger();
        String dspamUser;
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try (ExternalProcess james = StockJames.start(home)) {
            prepareUser(webAdminPort);
            try (SMTPMessageSender smtp = new SMTPMessageSender("example.com").connect("127.0.0.1", Port.of(smtpPort));
                 TestIMAPClient imap = new TestIMAPClient()) {
                for (int i = 1; i <= DELIVERED_FIRST; i++) {
                    smtp.sendMessageWithHeaders("sender@example.com", USER, message(i));
                    acknowledged.incrementAndGet();
                }
                imap.connect("127.0.0.1", imapPort).login(USER, PASSWORD).select(TestIMAPClient.INBOX)
                    .awaitMessageCount(AWAIT, DELIVERED_FIRST);
                for (int i = 0; i < CORRECTIONS; i++) {
                    imap.moveFirstMessage("Spam");
                }
            }
            AWAIT.until(() -> statistics(webAdminPort).getLong("spamMisclassified") == CORRECTIONS);
            dspamUser = statistics(webAdminPort).getString("dspamUser");

            CountDownLatch enoughAcknowledged = new CountDownLatch(1);
            Future<?> stream = sender.submit(() -> {
                try (SMTPMessageSender smtp = new SMTPMessageSender("example.com").connect("127.0.0.1", Port.of(smtpPort))) {
                    for (int i = DELIVERED_FIRST + 1; ; i++) {
                        smtp.sendMessageWithHeaders("sender@example.com", USER, message(i));
                        if (acknowledged.incrementAndGet() >= DELIVERED_FIRST + ACKNOWLEDGED_BEFORE_KILL) {
                            enoughAcknowledged.countDown();
                        }
                    }
                } catch (Exception killed) {
                    return null; // the stream ends when James dies
                }
            });
            assertThat(enoughAcknowledged.await(2, TimeUnit.MINUTES)).isTrue();
            james.signal("KILL");
            assertThat(james.awaitExit(Duration.ofMinutes(1))).isEqualTo(137);
            stream.get(1, TimeUnit.MINUTES);
        } finally {
            sender.shutdownNow();
        }
        long acknowledgedAtKill = acknowledged.get();
        // one connection, one mail at a time: James may have sent the 250 of one more mail that the
        // client had not read when James died
        long acknowledgedByJames = acknowledgedAtKill + 1;

        DspamTotals reopened;
        long signatures;
        try (JournalDspamStore store = JournalDspamStore.open(home.resolve("var/dspam"))) {
            reopened = store.totals(DspamUser.of(dspamUser));
            signatures = store.signatureCount(DspamUser.of(dspamUser));
        }
        // TEFT learns every classified message once and keeps its signature; a correction moves one
        // message from innocent to spam without changing the sum.
        long counted = reopened.spamLearned() + reopened.innocentLearned();

        long correctionsAfterRestart;
        long countedAfterRestart;
        try (ExternalProcess james = StockJames.start(home)) {
            prepareUser(webAdminPort);
            try (SMTPMessageSender smtp = new SMTPMessageSender("example.com").connect("127.0.0.1", Port.of(smtpPort))) {
                smtp.sendMessageWithHeaders("sender@example.com", USER, message(0));
            }
            AWAIT.until(() -> {
                JsonPath statistics = statistics(webAdminPort);
                return statistics.getLong("spamLearned") + statistics.getLong("innocentLearned") == counted + 1;
            });
            JsonPath statistics = statistics(webAdminPort);
            correctionsAfterRestart = statistics.getLong("spamMisclassified");
            countedAfterRestart = statistics.getLong("spamLearned") + statistics.getLong("innocentLearned");
        }

        long halfApplied = Math.abs(counted - signatures);
        new ReliabilityReport.Scenario("james-killed-9-mid-stream-embedded-store", ReliabilityReport.Kind.KILL)
            .accepted(acknowledgedAtKill).delivered(DELIVERED_FIRST).classified(counted)
            .lost(halfApplied + (counted < DELIVERED_FIRST || counted > acknowledgedByJames ? 1 : 0))
            .duplicated(Math.max(0, correctionsAfterRestart - CORRECTIONS)).crashes(0).inputs(acknowledgedAtKill)
            .figure("messagesInStoreAfterKill", counted)
            .figure("signaturesInStoreAfterKill", signatures)
            .figure("correctionsBeforeKill", CORRECTIONS)
            .figure("correctionsAfterRestart", correctionsAfterRestart)
            .note("stock James (memory server, sample conf, embedded engine) in its own JVM, SIGKILL after "
                + acknowledgedAtKill + " SMTP-acknowledged mails; the memory server's spool and mailboxes die with it,"
                + " so delivered counts only the first " + DELIVERED_FIRST + " mails seen over IMAP; lost = messages"
                + " half-applied in the store (learned count != signatures) or store totals outside the acknowledged"
                + " prefix; duplicated = corrections trained again after the restart")
            .recordAndAssertClean();

        assertThat(counted).isBetween((long) DELIVERED_FIRST, acknowledgedByJames);
        assertThat(signatures).isEqualTo(counted);
        assertThat(reopened.spamMisclassified()).isEqualTo(CORRECTIONS);
        assertThat(correctionsAfterRestart).isEqualTo(CORRECTIONS);
        assertThat(countedAfterRestart).isEqualTo(counted + 1);
    }
}

package io.jamesdspam.it.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.GuiceJamesServer;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.james.utils.SMTPMessageSender;
import org.awaitility.Awaitility;

import io.jamesdspam.it.mailet.MailetItMail;

/**
 * One reliability scenario's mail on one James server: its own recipient, numbered subjects sent
 * over SMTP, and at the end every figure counted from that recipient's mailboxes.
 */
final class MailPhase {
    private static final MailRepositoryUrl ERROR_REPOSITORY = MailRepositoryUrl.from("memory://var/mail/error/");

    private final GuiceJamesServer server;
    private final String name;
    private final String user;
    private final List<String> sent = new ArrayList<>();
    private final AtomicInteger numbers = new AtomicInteger();
    private final SMTPMessageSender smtp;
    private long recoveryMillis = -1;
    private String backendNote = "backend=dspamd via a fault proxy to dspam-tool serve in its own process; counted over IMAP";

    MailPhase(GuiceJamesServer server, String name) throws Exception {
        this.server = server;
        this.name = name;
        this.user = name + "@" + MailetItMail.DOMAIN;
        MailetItMail.provision(server, MailetItMail.DOMAIN, user);
        this.smtp = MailetItMail.smtp(server);
    }

    /** How the scenario's DSPAM is reached, for the report's notes (default: the dspamd rig). */
    MailPhase describedAs(String note) {
        this.backendNote = note;
        return this;
    }

    GuiceJamesServer server() {
        return server;
    }

    /** The phase's recipient (also its DSPAM user: the sample's recipient mapping). */
    String user() {
        return user;
    }

    /** Sends the next mail; it counts as accepted once James answered its DATA. */
    synchronized String send() throws IOException {
        String subject = "rel-" + name + "-" + numbers.incrementAndGet();
        MailetItMail.send(smtp, user, MailetItMail.textMessage(subject, "Meeting notes number " + numbers.get()
            + ": the quarterly figures, the travel plans and the lunch menu for " + name + "."));
        sent.add(subject);
        return subject;
    }

    void send(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            send();
        }
    }

    long deliveredSoFar() throws IOException {
        return MailetItMail.count(server, user, "INBOX") + MailetItMail.count(server, user, "Spam");
    }

    /**
     * Sends {@code perSecond} mails a second for {@code hang} while the peer hangs (the caller
     * stops and resumes it) and returns the mails delivered per second over that time (mail
     * delivered before it started not counted: let the spool drain first).
     */
    double deliveryRateWhile(Duration hang, int perSecond) throws Exception {
        long deliveredBefore = deliveredSoFar();
        int mails = (int) (hang.toSeconds() * perSecond);
        CountDownLatch paced = new CountDownLatch(mails);
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        try {
            ScheduledFuture<?> sending = pace.scheduleAtFixedRate(() -> {
                if (paced.getCount() > 0) {
                    try {
                        send();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    paced.countDown();
                }
            }, 0, 1000 / perSecond, TimeUnit.MILLISECONDS);
            if (!paced.await(hang.toSeconds() * 3, TimeUnit.SECONDS)) {
                throw new AssertionError("could not send " + mails + " mails during the hang");
            }
            sending.cancel(false);
            Awaitility.await().atMost(hang.multipliedBy(2)).until(() -> System.nanoTime() - start >= hang.toNanos());
            long delivered = deliveredSoFar() - deliveredBefore;
            return delivered / ((System.nanoTime() - start) / 1e9);
        } finally {
            pace.shutdownNow();
        }
    }

    /** Sent mails delivered with DSPAM's verdict so far (let the spool drain first). */
    long classifiedSoFar() throws IOException {
        DeliveryTally tally = DeliveryTally.read(server, user);
        return sent.stream().filter(tally::isClassified).count();
    }

    /** After a fault: mails sent one by one until one carries a verdict again (the breaker's probes included). */
    void awaitClassificationResumes() {
        long start = System.nanoTime();
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String subject = send();
            MailetItMail.awaitSpoolEmpty(server);
            return DeliveryTally.read(server, user).isClassified(subject);
        });
        recoveryMillis = (System.nanoTime() - start) / 1_000_000;
    }

    /** Waits for the spool to drain, then counts every sent subject into a new scenario entry. */
    ReliabilityReport.Scenario count(ReliabilityReport.Kind kind, String scenarioName, String note, long crashes)
            throws Exception {
        MailetItMail.awaitSpoolEmpty(server);
        smtp.close();
        ReliabilityReport.Scenario scenario = new ReliabilityReport.Scenario(scenarioName, kind).note(note)
            .note(backendNote);
        DeliveryTally.read(server, user).countInto(scenario, sent);
        long errors = server.getProbe(MailRepositoryProbeImpl.class).getRepositoryMailCount(ERROR_REPOSITORY);
        scenario.crashes(crashes).figure("mailsInErrorRepositorySoFar", errors);
        if (recoveryMillis >= 0) {
            scenario.figure("classifiedAgainAfterMs", recoveryMillis);
        }
        return scenario;
    }
}

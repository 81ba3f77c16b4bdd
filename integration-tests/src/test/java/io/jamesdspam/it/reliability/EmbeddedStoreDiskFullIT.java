package io.jamesdspam.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.it.mailet.MailetItMail;
import io.jamesdspam.it.mailet.MailetItServer;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.CapturedLogs;

/**
 * The embedded backend's store runs out of disk during delivery, then gets room back. The store
 * directory is a small tmpfs mounted for the test and filled with a ballast file: the tests run
 * as root, where a read-only mode (chmod) does not stop writes, while a full file system stops
 * root too, on the store's already-open journal as well as on new files. Mail keeps being
 * delivered, unclassified, each copy saying why ({@code X-DSPAM-Unclassified: store failure}), with
 * one stack trace in the log for the lot; classification resumes once the ballast is deleted.
 */
class EmbeddedStoreDiskFullIT {
    private static final String TMPFS_SIZE = "16m";
    private static final String USER = "diskfull@example.org";
    private static Path store;

    @RegisterExtension
    static JamesServerExtension james = MailetItServer.extension("reliability", () -> {
        try {
            store = Files.createTempDirectory("rel-embedded-store");
            run("mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE, "tmpfs", store.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("backend", "embedded", "embedded.directory", store.toString());
    });

    @AfterAll
    static void unmount() throws IOException {
        if (store != null) {
            // lazy: James (stopped after this method) may still hold the journal open
            run("umount", "-l", store.toString());
        }
    }

    private static void run(String... command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (the test needs root): " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fills the file system until it refuses a write; returns the ballast's size. */
    private static long fill(Path ballast) throws IOException {
        byte[] block = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(block);
                written += block.length;
                out.flush();
            }
        } catch (IOException full) {
            return written;
        }
    }

    /** Subject → the X-DSPAM-Unclassified header of its copy in INBOX or Spam. */
    private static Map<String, String> whyUnclassified(GuiceJamesServer server) throws IOException {
        Map<String, String> why = new HashMap<>();
        for (String mailbox : List.of("INBOX", "Spam")) {
            for (String block : MailetItMail.headersOfEveryMessage(server, USER, mailbox, "SUBJECT", "X-DSPAM-UNCLASSIFIED")) {
                List<String> subjects = MailetItMail.headerValues(block, "Subject");
                List<String> values = MailetItMail.headerValues(block, "X-DSPAM-Unclassified");
                if (!subjects.isEmpty() && !values.isEmpty()) {
                    why.put(subjects.get(0), values.get(0));
                }
            }
        }
        return why;
    }

    @Test
    void mailIsDeliveredUnclassifiedWhileTheStoreIsFullAndClassifiedAgainAfter() throws Exception {
        MailPhase phase = new MailPhase(james.getGuiceJamesServer(), "diskfull")
            .describedAs("backend=embedded, store on a " + TMPFS_SIZE + " tmpfs filled by a ballast file; counted over IMAP");
        phase.send(20);
        String before = phase.send();
        phase.awaitClassificationResumes();
        assertThat(DeliveryTally.read(phase.server(), USER).isClassified(before)).isTrue();

        Path ballast = store.resolve("ballast");
        long ballastBytes = fill(ballast);
        List<String> sentWhileFull = new ArrayList<>();
        List<ILoggingEvent> engineErrors;
        try (CapturedLogs logs = CapturedLogs.of(EmbeddedDspam.class.getName())) {
            for (int i = 0; i < 100; i++) {
                sentWhileFull.add(phase.send());
            }
            MailetItMail.awaitSpoolEmpty(phase.server());
            engineErrors = logs.errors();
        }
        DeliveryTally whileFull = DeliveryTally.read(phase.server(), USER);
        Map<String, String> whyUnclassified = whyUnclassified(phase.server());
        long unclassifiedWhileFull = sentWhileFull.stream()
            .filter(subject -> whileFull.copiesOf(subject) == 1 && !whileFull.isClassified(subject)).count();
        Files.delete(ballast);
        phase.awaitClassificationResumes();

        ReliabilityReport.Scenario scenario = phase.count(ReliabilityReport.Kind.FAULT, "embedded-store-disk-full",
            "100 mails sent while the embedded store's file system was full (ballast " + ballastBytes
                + " bytes), then room given back; the store reopened from disk after James stopped", 0);
        long classified = phase.classifiedSoFar();
        james.getGuiceJamesServer().stop();
        long learnedOnDisk;
        try (JournalDspamStore reopened = JournalDspamStore.open(store)) {
            DspamTotals totals = reopened.totals(DspamUser.of(USER));
            learnedOnDisk = totals.spamLearned() + totals.innocentLearned();
        }
        // TEFT learns every classified mail once: a mail that failed on the full disk left nothing behind
        scenario.figure("unclassifiedWhileFull", unclassifiedWhileFull).figure("classifiedMails", classified)
            .figure("learnedInStoreReopened", learnedOnDisk)
            .recordAndAssertClean();
        assertThat(learnedOnDisk).isEqualTo(classified);
        // the fault really hit: every mail sent while the disk was full went through unclassified
        assertThat(unclassifiedWhileFull).isEqualTo(sentWhileFull.size());
        // and each says why, on the copy its reader sees
        assertThat(sentWhileFull).allSatisfy(subject -> assertThat(whyUnclassified.get(subject)).as(subject)
            .isEqualTo("store failure"));
        // 100 failures of a kind (the store's write, perhaps another of its files): one stack trace
        // each, the rest counted (a summary line when the run crosses the minute on a slow machine)
        assertThat(engineErrors.stream().filter(event -> event.getThrowableProxy() != null).count()).isBetween(1L, 2L);
        assertThat(engineErrors).hasSizeLessThanOrEqualTo(4);
    }
}

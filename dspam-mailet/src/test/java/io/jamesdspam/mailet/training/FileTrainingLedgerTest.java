package io.jamesdspam.mailet.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;

class FileTrainingLedgerTest {
    private static final DspamUser BOB = DspamUser.of("bob@example.org");
    private static final DspamUser ALICE = DspamUser.of("alice@example.org");
    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");

    @TempDir
    Path directory;

    @Test
    void recordsSurviveAReopen() throws Exception {
        Path journal = directory.resolve("var/ledger.journal");
        FileTrainingLedger ledger = new FileTrainingLedger(journal);
        ledger.record(BOB, "id 1/x", TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("abc123"), NOW));
        ledger.record(BOB, "2", TrainingRecord.byMessage(TrainingClass.INNOCENT, NOW));
        ledger.record(ALICE, "2", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
        ledger.forget(BOB, "2");
        ledger.periodicRunCompleted(ALICE, NOW);

        FileTrainingLedger reopened = new FileTrainingLedger(journal);

        assertThat(reopened.find(BOB, "id 1/x"))
            .contains(TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("abc123"), NOW));
        assertThat(reopened.find(BOB, "2")).isEmpty();
        assertThat(reopened.find(ALICE, "2")).contains(TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
        assertThat(reopened.lastPeriodicRun(ALICE)).contains(NOW);
        assertThat(reopened.lastPeriodicRun(BOB)).isEmpty();
    }

    @Test
    void reopeningCompactsTheJournal() throws Exception {
        Path journal = directory.resolve("ledger.journal");
        FileTrainingLedger ledger = new FileTrainingLedger(journal);
        for (int i = 0; i < 10; i++) {
            ledger.record(BOB, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
            ledger.forget(BOB, "1");
        }

        new FileTrainingLedger(journal);

        assertThat(Files.readAllLines(journal)).isEmpty();
    }

    @Test
    void undoneCorrectionsAddUpAndSurviveReopeningAndPruning() throws Exception {
        Path journal = directory.resolve("ledger.journal");
        FileTrainingLedger ledger = new FileTrainingLedger(journal);
        ledger.correctionUndone(BOB, TrainingClass.SPAM);
        ledger.correctionUndone(BOB, TrainingClass.SPAM);
        ledger.correctionUndone(BOB, TrainingClass.INNOCENT);
        ledger.record(BOB, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW.minusSeconds(3600)));

        assertThat(new FileTrainingLedger(journal).undoneCorrections(BOB)).isEqualTo(new UndoneCorrections(2, 1));
        FileTrainingLedger reopened = new FileTrainingLedger(journal);
        reopened.pruneTrainedBefore(NOW);
        assertThat(new FileTrainingLedger(journal).undoneCorrections(BOB)).isEqualTo(new UndoneCorrections(2, 1));
        assertThat(new FileTrainingLedger(journal).undoneCorrections(DspamUser.of("alice"))).isEqualTo(UndoneCorrections.NONE);
    }

    @Test
    void aTornLineIsSkippedNotFatal() throws Exception {
        Path journal = directory.resolve("ledger.journal");
        new FileTrainingLedger(journal).record(BOB, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
        Files.write(journal, "R\tbob@example.org\t2\tspa".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        FileTrainingLedger reopened = new FileTrainingLedger(journal);

        assertThat(reopened.find(BOB, "1")).isPresent();
        assertThat(reopened.find(BOB, "2")).isEmpty();
    }

    @Test
    void pruningForgetsOlderEntriesAndTheJournalKeepsWritingAfterIt() throws Exception {
        Path journal = directory.resolve("ledger.journal");
        FileTrainingLedger ledger = new FileTrainingLedger(journal);
        ledger.record(BOB, "old", TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("abc123"), NOW.minusSeconds(60)));
        ledger.record(BOB, "recent", TrainingRecord.byMessage(TrainingClass.INNOCENT, NOW));
        ledger.periodicRunCompleted(ALICE, NOW.minusSeconds(3600));

        assertThat(ledger.pruneTrainedBefore(NOW)).isEqualTo(1);
        ledger.record(ALICE, "later", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));

        FileTrainingLedger reopened = new FileTrainingLedger(journal);
        assertThat(reopened.find(BOB, "old")).isEmpty();
        assertThat(reopened.find(BOB, "recent")).isPresent();
        assertThat(reopened.find(ALICE, "later")).isPresent();
        assertThat(reopened.lastPeriodicRun(ALICE)).contains(NOW.minusSeconds(3600));
        assertThat(Files.readAllLines(journal)).hasSize(3);
    }

    @Test
    void itLivesInTheDirectoryItIsGiven() throws Exception {
        FileTrainingLedger.in(directory.resolve("spamdb")).record(BOB, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));

        assertThat(directory.resolve("spamdb").resolve(FileTrainingLedger.FILE_NAME)).isRegularFile();
    }
}

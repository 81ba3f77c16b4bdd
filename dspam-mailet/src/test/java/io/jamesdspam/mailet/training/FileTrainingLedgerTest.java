package io.jamesdspam.mailet.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;

class FileTrainingLedgerTest extends TrainingLedgerContract {

    @TempDir
    Path directory;

    private FileTrainingLedger ledger;

    private Path journal() {
        return directory.resolve("var/ledger.journal");
    }

    @Override
    protected TrainingLedger ledger() throws Exception {
        if (ledger == null) {
            ledger = new FileTrainingLedger(journal());
        }
        return ledger;
    }

    @Override
    protected TrainingLedger reopened() throws Exception {
        return new FileTrainingLedger(journal());
    }

    @Test
    void reopeningCompactsTheJournal() throws Exception {
        TrainingLedger ledger = ledger();
        for (int i = 0; i < 10; i++) {
            ledger.record(BOB, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
            ledger.forget(BOB, "1");
        }

        reopened();

        assertThat(Files.readAllLines(journal())).isEmpty();
    }

    @Test
    void aTornLineIsSkippedNotFatal() throws Exception {
        ledger().record(BOB, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
        Files.write(journal(), "R\tbob@example.org\t2\tspa".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        TrainingLedger reopened = reopened();

        assertThat(reopened.find(BOB, "1")).isPresent();
        assertThat(reopened.find(BOB, "2")).isEmpty();
    }

    @Test
    void pruningRewritesTheJournalWhichKeepsWritingAfterIt() throws Exception {
        TrainingLedger ledger = ledger();
        ledger.record(BOB, "old", TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("abc123"), NOW.minusSeconds(60)));
        ledger.record(BOB, "recent", TrainingRecord.byMessage(TrainingClass.INNOCENT, NOW));
        ledger.periodicRunCompleted(ALICE, NOW.minusSeconds(3600));

        ledger.pruneTrainedBefore(NOW);
        ledger.record(ALICE, "later", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));

        assertThat(reopened().find(ALICE, "later")).isPresent();
        assertThat(Files.readAllLines(journal())).hasSize(3);
    }

    @Test
    void itLivesInTheDirectoryItIsGiven() throws Exception {
        FileTrainingLedger.in(directory.resolve("spamdb")).record(BOB, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));

        assertThat(directory.resolve("spamdb").resolve(FileTrainingLedger.FILE_NAME)).isRegularFile();
    }
}

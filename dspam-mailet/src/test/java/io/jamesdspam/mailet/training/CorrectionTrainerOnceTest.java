package io.jamesdspam.mailet.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * A named correction ({@code operation}: the event that asked for it) on a backend that applies a
 * named training at most once — the embedded engine, here on its in-memory store, which keeps
 * operation keys as SQL storage does. The window the ledger's claim used to leave open is closed:
 * a node that dies after DSPAM learned but before the ledger recorded it (here: the ledger fails
 * then) has the correction recorded, not learned again, when the event comes back.
 */
class CorrectionTrainerOnceTest {
    private static final DspamUser BOB = DspamUser.of("bob@example.org");

    private EmbeddedDspam engine;
    private FailingTrainingLedger ledger;
    private byte[] delivered;

    @BeforeEach
    void aDeliveredInnocentMessage() {
        engine = EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore());
        ledger = new FailingTrainingLedger();
        List<CorpusMessage> train = Corpus.load().trainSet();
        for (CorpusMessage message : train.subList(0, 20)) {
            engine.execute(DspamRequest.train(List.of(BOB), message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT,
                TrainingSource.CORPUS, message.bytes()));
        }
        CorpusMessage mail = Corpus.load().testSet().stream().filter(CorpusMessage::isSpam).findFirst().orElseThrow();
        DspamResult result = engine.execute(DspamRequest.process(List.of(BOB), mail.bytes())).outcomeFor(BOB)
            .flatMap(UserOutcome::result).orElseThrow();
        // As the Dspam mailet stores it: DSPAM's headers on top (the verdict is taken as innocent, a miss)
        String headers = "X-DSPAM-Result: Innocent\r\nX-DSPAM-Signature: " + result.signature().orElseThrow() + "\r\n";
        byte[] body = mail.bytes();
        delivered = new byte[headers.length() + body.length];
        System.arraycopy(headers.getBytes(StandardCharsets.US_ASCII), 0, delivered, 0, headers.length());
        System.arraycopy(body, 0, delivered, headers.length(), body.length);
    }

    @Test
    void aCorrectionWhoseLedgerEntryWasLostIsRecordedWhenAskedAgainWithoutBeingLearnedTwice() {
        CorrectionTrainer trainer = new CorrectionTrainer(engine, ledger);
        ledger.failNextRecords(1);

        assertThatThrownBy(() -> trainer.correct(BOB, "m1", delivered, TrainingClass.SPAM, Optional.of("move-1")))
            .isInstanceOf(TrainingLedgerException.class);
        DspamTotals learned = engine.totals(BOB);
        assertThat(learned.spamMisclassified()).isEqualTo(1);
        assertThat(ledger.find(BOB, "m1")).isEmpty();

        CorrectionTrainer.Outcome again = trainer.correct(BOB, "m1", delivered, TrainingClass.SPAM, Optional.of("move-1"));

        assertThat(again).isEqualTo(CorrectionTrainer.Outcome.TRAINED_BY_SIGNATURE);
        assertThat(engine.totals(BOB)).isEqualTo(learned);
        assertThat(ledger.find(BOB, "m1")).get().extracting(TrainingRecord::method).isEqualTo(TrainingRecord.Method.SIGNATURE);
        assertThat(trainer.correct(BOB, "m1", delivered, TrainingClass.SPAM, Optional.of("move-1")))
            .isEqualTo(CorrectionTrainer.Outcome.ALREADY_TRAINED);
    }

    @Test
    void anUndoWhoseLedgerEntryWasNotForgottenIsForgottenWhenAskedAgainWithoutUnlearningTwice() {
        CorrectionTrainer trainer = new CorrectionTrainer(engine, ledger);
        trainer.correct(BOB, "m1", delivered, TrainingClass.SPAM, Optional.of("move-1"));
        ledger.failNextForgets(1);

        assertThatThrownBy(() -> trainer.correct(BOB, "m1", delivered, TrainingClass.INNOCENT, Optional.of("move-2")))
            .isInstanceOf(TrainingLedgerException.class);
        DspamTotals unlearned = engine.totals(BOB);
        assertThat(ledger.find(BOB, "m1")).isPresent();

        CorrectionTrainer.Outcome again = trainer.correct(BOB, "m1", delivered, TrainingClass.INNOCENT, Optional.of("move-2"));

        assertThat(again).isEqualTo(CorrectionTrainer.Outcome.UNDONE);
        assertThat(engine.totals(BOB)).isEqualTo(unlearned);
        assertThat(ledger.find(BOB, "m1")).isEmpty();
        assertThat(ledger.undoneCorrections(BOB).spam()).isEqualTo(1);
    }

    @Test
    void twoNodesHandlingTheSameEventAtOnceLearnItOnce() throws Exception {
        int rounds = 20;
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                String key = "m" + round;
                String event = "move-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<CorrectionTrainer.Outcome>> outcomes = new ArrayList<>();
                for (int node = 0; node < 2; node++) {
                    // Each node its own trainer (its own locks), one engine and one ledger (the shared database)
                    CorrectionTrainer trainer = new CorrectionTrainer(engine, ledger);
                    outcomes.add(nodes.submit(() -> {
                        start.await();
                        return trainer.correct(BOB, key, delivered, TrainingClass.SPAM, Optional.of(event));
                    }));
                }
                start.countDown();
                for (Future<CorrectionTrainer.Outcome> outcome : outcomes) {
                    assertThat(outcome.get()).isIn(CorrectionTrainer.Outcome.TRAINED_BY_SIGNATURE,
                        CorrectionTrainer.Outcome.ALREADY_TRAINED);
                }
            }
        } finally {
            nodes.shutdownNow();
        }
        assertThat(engine.totals(BOB).spamMisclassified()).isEqualTo(rounds);
    }

    @Test
    void anOperationKeyTooLongForDspamIsHashed() {
        String key = CorrectionTrainer.operationKey("move-" + "e".repeat(100), "m".repeat(100));

        assertThat(key).startsWith("sha256:").hasSizeLessThanOrEqualTo(DspamRequest.MAX_OPERATION_KEY_LENGTH);
        assertThat(CorrectionTrainer.operationKey("move-1", "42")).isEqualTo("move-1:42");
    }
}

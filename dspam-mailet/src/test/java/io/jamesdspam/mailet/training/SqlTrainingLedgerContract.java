package io.jamesdspam.mailet.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jamesdspam.mailet.testing.RecordingDspamBackend;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.testing.TestDatabase;

/**
 * The ledger contract on a real database, each "node" with a pool of its own, plus what only a
 * shared ledger must do: two nodes racing for the same messages train each of them once.
 */
abstract class SqlTrainingLedgerContract extends TrainingLedgerContract {
    private final List<HikariDataSource> pools = new ArrayList<>();
    private TestDatabase database;
    private SqlTrainingLedger ledger;

    protected abstract TestDatabase.Kind kind();

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create(kind(), "sqlj_", "ledger");
    }

    @AfterEach
    void dropDatabase() {
        pools.forEach(HikariDataSource::close);
        database.close();
    }

    /** A James node's pool on the test database. */
    private HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(database.url());
        pool.setUsername(database.user());
        pool.setMaximumPoolSize(4);
        pools.add(pool);
        return pool;
    }

    @Override
    protected TrainingLedger ledger() {
        if (ledger == null) {
            ledger = SqlTrainingLedger.open(pool());
        }
        return ledger;
    }

    @Override
    protected TrainingLedger reopened() {
        return SqlTrainingLedger.open(pool());
    }

    @Test
    void itsTablesAreJamesOwnAndOpeningTwiceKeepsThem() throws Exception {
        ledger().record(BOB, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
        reopened();

        assertThat(database.queryLong("SELECT COUNT(*) FROM james_dspam_trained")).isEqualTo(1);
        assertThat(database.queryLong("SELECT COUNT(*) FROM james_dspam_periodic_runs")).isZero();
        assertThat(database.queryLong("SELECT COUNT(*) FROM james_dspam_undone")).isZero();
    }

    /** Nodes starting together on an empty database: PostgreSQL's concurrent CREATE TABLE IF NOT EXISTS failed all but one. */
    @Test
    void nodesOpeningTogetherOnAnEmptyDatabaseAllStart() throws Exception {
        int nodes = 6;
        List<HikariDataSource> nodePools = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            nodePools.add(pool());
        }
        ExecutorService threads = Executors.newFixedThreadPool(nodes);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<SqlTrainingLedger>> opened = new ArrayList<>();
        try {
            for (HikariDataSource nodePool : nodePools) {
                opened.add(threads.submit(() -> {
                    start.await();
                    return SqlTrainingLedger.open(nodePool);
                }));
            }
            start.countDown();
            for (Future<SqlTrainingLedger> open : opened) {
                open.get(60, TimeUnit.SECONDS).record(BOB, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
            }

            assertThat(database.queryLong("SELECT COUNT(*) FROM james_dspam_trained")).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void twoNodesRacingForTheSameMessagesTrainEachOnce() throws Exception {
        int messages = 40;
        RecordingDspamBackend dspam = new RecordingDspamBackend();
        CorrectionTrainer nodeA = new CorrectionTrainer(dspam, ledger());
        CorrectionTrainer nodeB = new CorrectionTrainer(dspam, reopened());
        byte[] message = "From: a@example.org\nSubject: offer\n\nBuy now\n".getBytes(StandardCharsets.US_ASCII);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<CorrectionTrainer.Outcome>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < messages; i++) {
                String key = "message-" + i;
                for (CorrectionTrainer node : List.of(nodeA, nodeB)) {
                    outcomes.add(threads.submit(() -> {
                        start.await();
                        return node.correct(BOB, key, message, TrainingClass.SPAM);
                    }));
                }
            }
            start.countDown();
            long trained = 0;
            for (Future<CorrectionTrainer.Outcome> outcome : outcomes) {
                if (outcome.get(60, TimeUnit.SECONDS) == CorrectionTrainer.Outcome.TRAINED_BY_MESSAGE) {
                    trained++;
                }
            }

            assertThat(trained).isEqualTo(messages);
            assertThat(dspam.requests()).hasSize(messages).allMatch(request -> request.operation() == DspamRequest.Operation.TRAIN);
            assertThat(database.queryLong("SELECT COUNT(*) FROM james_dspam_trained")).isEqualTo(messages);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFailedTrainingReleasesItsClaimSoTheRetryTrains() {
        RecordingDspamBackend dspam = new RecordingDspamBackend();
        CorrectionTrainer trainer = new CorrectionTrainer(dspam, ledger());
        byte[] message = "From: a@example.org\nSubject: offer\n\nBuy now\n".getBytes(StandardCharsets.US_ASCII);
        dspam.failNext(1);

        try {
            trainer.correct(BOB, "1", message, TrainingClass.SPAM);
        } catch (RuntimeException expected) {
            // DSPAM down: nothing recorded
        }

        assertThat(reopened().find(BOB, "1")).isEmpty();
        assertThat(trainer.correct(BOB, "1", message, TrainingClass.SPAM)).isEqualTo(CorrectionTrainer.Outcome.TRAINED_BY_MESSAGE);
        assertThat(reopened().find(BOB, "1")).isPresent();
    }
}

package io.jamesdspam.engine.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.StoreContents;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;
import io.jamesdspam.testing.TestDatabase;

/**
 * A training named by an operation key is applied at most once per user on the real MariaDB and
 * PostgreSQL, by one node or by several racing: the key is written by the training's own
 * transaction, so that a repetition (a redelivered event after a crash) changes nothing and says so.
 */
class SqlOperationKeyTest {
    private static final DspamUser ALICE = DspamUser.of("alice@example.org");
    private static final DspamUser BOB = DspamUser.of("bob@example.org");

    private static Signature processed(EmbeddedDspam engine, DspamUser user, CorpusMessage message) {
        return engine.execute(DspamRequest.process(List.of(user), message.bytes())).outcomeFor(user)
            .flatMap(UserOutcome::result).flatMap(result -> result.signature()).orElseThrow();
    }

    private static UserOutcome outcome(EmbeddedDspam engine, DspamUser user, DspamRequest request) {
        return engine.execute(request).outcomeFor(user).orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aKeyedTrainingIsAppliedOnceAndItsRepetitionSaysSo(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "opkey");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            assertThat(store.appliesOperationsOnce()).isTrue();
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store);
            assertThat(engine.appliesOperationsOnce()).isTrue();
            List<CorpusMessage> mail = Corpus.load().trainSet();
            for (CorpusMessage message : mail.subList(0, 20)) {
                outcome(engine, ALICE, DspamRequest.train(List.of(ALICE), message.isSpam() ? TrainingClass.SPAM
                    : TrainingClass.INNOCENT, TrainingSource.CORPUS, message.bytes()));
            }
            Signature signature = processed(engine, ALICE, mail.get(30));
            DspamRequest retrain = DspamRequest.retrain(List.of(ALICE), TrainingClass.SPAM, signature).once("event-1:m1");

            UserOutcome first = outcome(engine, ALICE, retrain);
            StoreContents afterFirst = StoreContents.of(store, ALICE);
            UserOutcome again = outcome(engine, ALICE, retrain);

            assertThat(first.isClassified()).isTrue();
            assertThat(again.isAlreadyApplied()).as(again.toString()).isTrue();
            assertThat(again.reason()).get().asString().contains("event-1:m1");
            assertThat(StoreContents.of(store, ALICE)).isEqualTo(afterFirst);
            assertThat(afterFirst.totals().spamMisclassified()).isEqualTo(1);

            // The same key is another operation for another user; another key is another operation
            Signature bobs = processed(engine, BOB, mail.get(31));
            assertThat(outcome(engine, BOB, DspamRequest.retrain(List.of(BOB), TrainingClass.SPAM, bobs)
                .once("event-1:m1")).isClassified()).isTrue();
            assertThat(outcome(engine, ALICE, DspamRequest.unlearn(List.of(ALICE), TrainingClass.SPAM, signature)
                .once("event-2:m1")).isClassified()).isTrue();
            DspamRequest byMessage = DspamRequest.train(List.of(ALICE), TrainingClass.SPAM, TrainingSource.CORPUS,
                mail.get(32).bytes()).once("event-3:m2");
            assertThat(outcome(engine, ALICE, byMessage).isClassified()).isTrue();
            DspamTotals trained = store.totals(ALICE);
            assertThat(outcome(engine, ALICE, byMessage).isAlreadyApplied()).isTrue();
            assertThat(store.totals(ALICE)).isEqualTo(trained);

            // Keys go with the signatures when those are purged: the key is free again
            store.purgeSignatures(ALICE, LocalDate.now().plusDays(1));
            assertThat(outcome(engine, ALICE, byMessage).isClassified()).isTrue();
            assertThat(database.queryLong("SELECT COUNT(*) FROM " + SqlOperations.TABLE)).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void nodesRacingWithTheSameKeysApplyEachOnce(TestDatabase.Kind kind) throws Exception {
        int nodes = 3;
        int operations = 30;
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "opkey_race")) {
            List<SqlDspamStore> stores = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(nodes);
            try {
                for (int i = 0; i < nodes; i++) {
                    stores.add(SqlDspamStore.open(TestStoreOptions.of(database).withPoolSize(2)));
                }
                List<CorpusMessage> mail = Corpus.load().trainSet().subList(0, operations);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<int[]>> done = new ArrayList<>();
                for (SqlDspamStore store : stores) {
                    EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store);
                    done.add(pool.submit(() -> {
                        start.await();
                        int[] counts = new int[2];
                        for (int i = 0; i < operations; i++) {
                            UserOutcome outcome = outcome(engine, ALICE, DspamRequest.train(List.of(ALICE),
                                TrainingClass.SPAM, TrainingSource.CORPUS, mail.get(i).bytes()).once("event-" + i));
                            counts[outcome.isClassified() ? 0 : 1]++;
                            assertThat(outcome.isClassified() || outcome.isAlreadyApplied()).as(outcome.toString()).isTrue();
                        }
                        return counts;
                    }));
                }
                start.countDown();
                int applied = 0;
                int repeated = 0;
                for (Future<int[]> node : done) {
                    int[] counts = node.get();
                    applied += counts[0];
                    repeated += counts[1];
                }
                assertThat(applied).isEqualTo(operations);
                assertThat(repeated).isEqualTo((nodes - 1) * operations);
                assertThat(stores.get(0).totals(ALICE).spamLearned()).isEqualTo(operations);
            } finally {
                pool.shutdownNow();
                stores.forEach(SqlDspamStore::close);
            }
        }
    }
}

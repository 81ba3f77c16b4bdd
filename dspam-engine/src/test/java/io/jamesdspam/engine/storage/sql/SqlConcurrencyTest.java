package io.jamesdspam.engine.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;
import io.jamesdspam.testing.TestDatabase;

/**
 * Several writers on one user at the same time — each with its own engine and connection pool, as
 * separate James nodes would be — lose no update: the totals are the sums and every token row
 * equals what one writer training all the messages produces.
 */
class SqlConcurrencyTest {
    private static final DspamUser USER = DspamUser.of("shared@example.org");
    private static final int WRITERS = 4;
    private static final int MESSAGES_PER_WRITER = 40;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void concurrentCorpusTrainingOfOneUserLosesNoUpdate(TestDatabase.Kind kind) throws Exception {
        writeConcurrently(kind, false);
    }

    /**
     * Each writer's messages written together, ten at a time: a batch reads rows that other
     * writers change before it writes its own changes, which are relative, so nothing is lost.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void concurrentBatchesOfOneUserLoseNoUpdate(TestDatabase.Kind kind) throws Exception {
        writeConcurrently(kind, true);
    }

    private void writeConcurrently(TestDatabase.Kind kind, boolean together) throws Exception {
        List<CorpusMessage> messages = Corpus.load().trainSet().subList(0, WRITERS * MESSAGES_PER_WRITER);
        EngineSettings settings = EngineSettings.defaults().toBuilder().trainingMode(TrainingMode.TEFT).build();
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "concurrency")) {
            List<SqlDspamStore> nodes = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            try {
                for (int i = 0; i < WRITERS; i++) {
                    nodes.add(SqlDspamStore.open(TestStoreOptions.of(database).withPoolSize(2)));
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> done = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    EmbeddedDspam engine = EmbeddedDspam.create(settings, nodes.get(w));
                    List<CorpusMessage> share = messages.subList(w * MESSAGES_PER_WRITER, (w + 1) * MESSAGES_PER_WRITER);
                    done.add(pool.submit(() -> {
                        start.await();
                        if (together) {
                            return trainTogether(engine, share);
                        }
                        int trained = 0;
                        for (CorpusMessage message : share) {
                            trained += train(engine, message) ? 1 : 0;
                        }
                        return trained;
                    }));
                }
                start.countDown();
                for (Future<Integer> writer : done) {
                    assertThat(writer.get(5, TimeUnit.MINUTES)).isEqualTo(MESSAGES_PER_WRITER);
                }

                InMemoryDspamStore alone = new InMemoryDspamStore();
                EmbeddedDspam single = EmbeddedDspam.create(settings, alone);
                messages.forEach(message -> train(single, message));

                DspamTotals shared = nodes.get(0).totals(USER);
                assertThat(shared).isEqualTo(alone.totals(USER));
                assertThat(shared.spamLearned() + shared.innocentLearned()).isEqualTo(WRITERS * MESSAGES_PER_WRITER);
                assertThat(rows(nodes.get(0))).isEqualTo(rows(alone));
            } finally {
                pool.shutdownNow();
                nodes.forEach(SqlDspamStore::close);
            }
        }
    }

    private static boolean train(EmbeddedDspam engine, CorpusMessage message) {
        TrainingClass truth = message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT;
        return engine.execute(DspamRequest.train(List.of(USER), truth, TrainingSource.CORPUS, message.bytes()))
            .resultFor(USER).isPresent();
    }

    private static int trainTogether(EmbeddedDspam engine, List<CorpusMessage> messages) {
        int trained = 0;
        for (int from = 0; from < messages.size(); from += 10) {
            List<DspamRequest> batch = messages.subList(from, Math.min(messages.size(), from + 10)).stream()
                .map(message -> DspamRequest.train(List.of(USER), message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT,
                    TrainingSource.CORPUS, message.bytes()))
                .collect(Collectors.toList());
            trained += (int) engine.executeTogether(USER, batch).stream().filter(UserOutcome::isClassified).count();
        }
        return trained;
    }

    private static Map<Long, String> rows(DspamStore store) {
        Map<Long, String> rows = new HashMap<>();
        store.forEachToken(USER, (id, statistics) -> rows.put(id, statistics.spamHits() + "/" + statistics.innocentHits()));
        return rows;
    }
}

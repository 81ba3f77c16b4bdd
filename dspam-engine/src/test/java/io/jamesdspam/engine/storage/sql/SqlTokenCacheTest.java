package io.jamesdspam.engine.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.TokenRows;
import io.jamesdspam.engine.storage.TotalsAndTokens;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;
import io.jamesdspam.testing.TestDatabase;

/**
 * The SQL store's copy of token rows ({@link io.jamesdspam.engine.storage.SharedTokenCache}) on the
 * machine's real databases: whatever other nodes write, a node with the copy reads exactly what a
 * node without one reads — rows, totals and verdicts.
 */
class SqlTokenCacheTest {
    private static final DspamUser USER = DspamUser.of("cached@example.org");
    private static final EngineSettings TEFT = EngineSettings.defaults().toBuilder().trainingMode(TrainingMode.TEFT).build();
    /** Ids no message has: the copy remembers rows the database does not have too. */
    private static final long[] UNKNOWN_IDS = {1L, 2L, -3L, Long.MIN_VALUE + 5};

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aNodeReadsEveryWriteOfAnotherNodeExactly(TestDatabase.Kind kind) throws Exception {
        List<CorpusMessage> train = Corpus.load().trainSet().subList(0, 90);
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "cache_nodes");
             SqlDspamStore nodeA = SqlDspamStore.open(TestStoreOptions.of(database));
             SqlDspamStore nodeB = SqlDspamStore.open(TestStoreOptions.of(database));
             SqlDspamStore uncached = SqlDspamStore.open(TestStoreOptions.of(database).withTokenCache(0, Duration.ZERO))) {
            EmbeddedDspam engineA = EmbeddedDspam.create(TEFT, nodeA);
            EmbeddedDspam engineB = EmbeddedDspam.create(TEFT, nodeB);
            Random chooser = new Random(7);
            for (int i = 0; i < train.size(); i++) {
                CorpusMessage message = train.get(i);
                EmbeddedDspam writer = chooser.nextBoolean() ? engineA : engineB;
                if (i % 3 == 0) {
                    corpus(writer, message);
                } else {
                    // Processed on one node, corrected on the other by its signature when it was wrong
                    DspamResult result = process(writer, message);
                    if (result.isSpam() != message.isSpam() && result.signature().isPresent()) {
                        (writer == engineA ? engineB : engineA).execute(DspamRequest.retrain(List.of(USER),
                            message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT, result.signature().get()));
                    }
                }
                if (i % 10 == 9) {
                    assertSameRows(nodeA, uncached);
                    assertSameRows(nodeB, uncached);
                }
            }
            assertSameRows(nodeA, uncached);
            EmbeddedDspam plain = EmbeddedDspam.create(TEFT, uncached);
            for (CorpusMessage message : Corpus.load().testSet().subList(0, 40)) {
                assertSameVerdict(classify(engineA, message), classify(plain, message));
            }
            // 40 messages on one node: its copy was read whole meanwhile, and answers for ids without a row too
            assertSameRows(nodeA, uncached);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void messagesOfOneUserProcessedTogetherOnOneNodeKeepItsCopyExact(TestDatabase.Kind kind) throws Exception {
        List<CorpusMessage> train = Corpus.load().trainSet().subList(0, 160);
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "cache_threads");
             SqlDspamStore node = SqlDspamStore.open(TestStoreOptions.of(database).withPoolSize(4));
             SqlDspamStore uncached = SqlDspamStore.open(TestStoreOptions.of(database).withTokenCache(0, Duration.ZERO))) {
            EmbeddedDspam engine = EmbeddedDspam.create(TEFT, node);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    List<CorpusMessage> share = train.subList(t * 40, (t + 1) * 40);
                    done.add(threads.submit(() -> share.forEach(message -> {
                        if (message.bytes().length % 2 == 0) {
                            corpus(engine, message);
                        } else {
                            process(engine, message);
                        }
                    })));
                }
                for (Future<?> thread : done) {
                    thread.get(5, TimeUnit.MINUTES);
                }
            } finally {
                threads.shutdownNow();
            }
            assertSameRows(node, uncached);
            assertThat(node.totals(USER).spamLearned() + node.totals(USER).innocentLearned()).isEqualTo(160);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aPurgeOfThisNodeIsSeenAtOnceAndAnotherWritersAfterTheCopysAge(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "cache_purge");
             SqlDspamStore node = SqlDspamStore.open(TestStoreOptions.of(database)
                 .withTokenCache(64L << 20, Duration.ofMillis(300)));
             SqlDspamStore uncached = SqlDspamStore.open(TestStoreOptions.of(database).withTokenCache(0, Duration.ZERO))) {
            EmbeddedDspam engine = EmbeddedDspam.create(TEFT, node);
            Corpus.load().trainSet().subList(0, 20).forEach(message -> corpus(engine, message));
            assertSameRows(node, uncached);

            long purged = node.purgeTokens(USER, (id, statistics) -> statistics.spamHits() + statistics.innocentHits() == 1);
            assertThat(purged).isPositive();
            assertSameRows(node, uncached);

            // DSPAM's nightly purge.sql, say: rows go, the totals stay
            assertThat(ids(uncached).length).isGreaterThan(100);
            database.execute("DELETE FROM dspam_token_data WHERE spam_hits + innocent_hits = 2");
            // Seen once the node's copy is older than its age (300 ms), whenever that is on this machine
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertSameRows(node, uncached));
        }
    }

    /** Every row of the user (and a few ids without one), read through each store, are equal, as are the totals. */
    private static void assertSameRows(DspamStore cached, DspamStore uncached) {
        long[] ids = ids(uncached);
        TotalsAndTokens expected = uncached.loadWithTotals(USER, ids);
        TotalsAndTokens actual = cached.loadWithTotals(USER, ids);
        assertThat(actual.totals()).isEqualTo(expected.totals());
        assertThat(describe(ids, actual.rows())).isEqualTo(describe(ids, expected.rows()));
    }

    private static long[] ids(DspamStore store) {
        List<Long> ids = new ArrayList<>();
        store.forEachToken(USER, (id, statistics) -> ids.add(id));
        long[] all = new long[ids.size() + UNKNOWN_IDS.length];
        for (int i = 0; i < ids.size(); i++) {
            all[i] = ids.get(i);
        }
        System.arraycopy(UNKNOWN_IDS, 0, all, ids.size(), UNKNOWN_IDS.length);
        return all;
    }

    private static List<String> describe(long[] ids, TokenRows rows) {
        List<String> described = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            described.add(Long.toUnsignedString(ids[i]) + "=" + (rows.found(i) ? rows.spamHits(i) + "/" + rows.innocentHits(i) : "-"));
        }
        return described;
    }

    private static void assertSameVerdict(DspamResult actual, DspamResult expected) {
        assertThat(actual.dspamClass()).isEqualTo(expected.dspamClass());
        assertThat(actual.probability()).isEqualTo(expected.probability());
        assertThat(actual.confidence()).isEqualTo(expected.confidence());
    }

    private static void corpus(EmbeddedDspam engine, CorpusMessage message) {
        TrainingClass truth = message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT;
        engine.execute(DspamRequest.train(List.of(USER), truth, TrainingSource.CORPUS, message.bytes()));
    }

    private static DspamResult process(EmbeddedDspam engine, CorpusMessage message) {
        return engine.execute(DspamRequest.process(List.of(USER), message.bytes())).resultFor(USER).orElseThrow();
    }

    private static DspamResult classify(EmbeddedDspam engine, CorpusMessage message) {
        return engine.execute(DspamRequest.classify(List.of(USER), message.bytes())).resultFor(USER).orElseThrow();
    }
}

package io.jamesdspam.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.engine.storage.sql.SqlDspamStore;
import io.jamesdspam.engine.storage.sql.SqlStoreOptions;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;
import io.jamesdspam.testing.DirectoryTrees;

/**
 * Training and classification throughput of the SQL store on the machine's PostgreSQL and MariaDB
 * (with the node's copy of token rows, and without it: {@code -uncached}) against the journal store,
 * measured in the same run, with 1 and 4 threads (each thread its own
 * user, as concurrent mail for different recipients). Each store starts empty; every thread
 * corpus-trains its share of the TRAIN fold one message at a time, then the same messages into
 * another user written together ({@link EmbeddedDspam#executeTogether}, {@code -Dbench.trainBatch}
 * at a time, as many as dspam-tool by default; the journal store writes them one by one), then classifies PUBTEST
 * messages. "× journal" of both trainings is against the journal store's one-by-one training. A journal pass
 * before the measured ones warms the JIT up (else the first store measured pays for it). The
 * machine's load average is printed with the figures.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.jamesdspam.benchmarks.SqlStoreHarness [messagesPerThread]</pre>
 *
 * Databases {@code bench_postgresql} and {@code bench_mariadb} are dropped and created
 * (root/postgres on loopback, as the tests use; {@code -Dbench.mariadb.url}, {@code -Dbench.postgres.url}
 * name other servers).
 */
public final class SqlStoreHarness {
    private static final String MARIADB_SERVER = System.getProperty("bench.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
    private static final String POSTGRES_SERVER = System.getProperty("bench.postgres.url",
        "jdbc:postgresql://127.0.0.1:5432/");
    private static final int[] THREADS = {1, 4};
    /** Messages per {@link EmbeddedDspam#executeTogether} call in the "together" training phase. */
    private static final int TRAIN_BATCH = Integer.getInteger("bench.trainBatch", EmbeddedDspam.TRAINING_BATCH);

    private SqlStoreHarness() {
    }

    /** Throughput of one store with one thread count. */
    private static final class Figures {
        final double trainPerSecond;
        final double trainTogetherPerSecond;
        final double classifyPerSecond;

        Figures(double trainPerSecond, double trainTogetherPerSecond, double classifyPerSecond) {
            this.trainPerSecond = trainPerSecond;
            this.trainTogetherPerSecond = trainTogetherPerSecond;
            this.classifyPerSecond = classifyPerSecond;
        }
    }

    public static void main(String[] args) throws Exception {
        int perThread = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        List<CorpusMessage> train = Corpus.load().trainSet();
        List<CorpusMessage> test = Corpus.load().testSet();
        EngineSettings settings = EngineSettings.defaults().toBuilder().trainingMode(TrainingMode.TEFT).build();
        // Warm-up, not reported: the JIT compiles the engine before the first measured store (journal/1) runs
        Path warmUp = Files.createTempDirectory("dspam-bench-warm-up");
        try {
            measure(() -> JournalDspamStore.open(warmUp), settings, 1, perThread, train, test);
        } finally {
            DirectoryTrees.delete(warmUp);
        }
        Map<String, Figures> results = new LinkedHashMap<>();
        for (int threads : THREADS) {
            Path journal = Files.createTempDirectory("dspam-bench-journal");
            try {
                results.put("journal/" + threads, measure(() -> JournalDspamStore.open(journal), settings, threads,
                    perThread, train, test));
            } finally {
                DirectoryTrees.delete(journal);
            }
            for (boolean cached : new boolean[] {false, true}) {
                String suffix = (cached ? "" : "-uncached") + "/" + threads;
                results.put("postgresql" + suffix, measure(() -> SqlDspamStore.open(cached(cached,
                    freshDatabase(POSTGRES_SERVER, "postgres", "bench_postgresql"))), settings, threads, perThread, train, test));
                results.put("mariadb" + suffix, measure(() -> SqlDspamStore.open(cached(cached,
                    freshDatabase(MARIADB_SERVER, "root", "bench_mariadb"))), settings, threads, perThread, train, test));
            }
        }
        System.out.println(report(results, perThread));
        System.out.printf(Locale.ROOT, "load average at the end: %.2f (%d cores)%n",
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
    }

    private static Figures measure(Supplier<DspamStore> opener, EngineSettings settings, int threads, int perThread,
                                   List<CorpusMessage> train, List<CorpusMessage> test) throws Exception {
        try (DspamStore store = opener.get()) {
            EmbeddedDspam engine = EmbeddedDspam.create(settings, store);
            double trainRate = timed(threads, perThread, thread -> {
                DspamUser user = DspamUser.of("bench" + thread);
                for (int i = 0; i < perThread; i++) {
                    CorpusMessage message = train.get((thread * perThread + i) % train.size());
                    TrainingClass truth = message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT;
                    engine.execute(DspamRequest.train(List.of(user), truth, TrainingSource.CORPUS, message.bytes()));
                }
            });
            // The same messages into users of their own, TRAIN_BATCH at a time written together
            double trainTogetherRate = timed(threads, perThread, thread -> {
                DspamUser user = DspamUser.of("together" + thread);
                List<DspamRequest> batch = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    CorpusMessage message = train.get((thread * perThread + i) % train.size());
                    TrainingClass truth = message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT;
                    batch.add(DspamRequest.train(List.of(user), truth, TrainingSource.CORPUS, message.bytes()));
                    if (batch.size() == TRAIN_BATCH || i == perThread - 1) {
                        engine.executeTogether(user, batch);
                        batch.clear();
                    }
                }
            });
            double classifyRate = timed(threads, perThread, thread -> {
                DspamUser user = DspamUser.of("bench" + thread);
                for (int i = 0; i < perThread; i++) {
                    engine.execute(DspamRequest.classify(List.of(user), test.get((thread * perThread + i) % test.size()).bytes()));
                }
            });
            return new Figures(trainRate, trainTogetherRate, classifyRate);
        }
    }

    /** One thread's work. */
    @FunctionalInterface
    private interface ThreadWork {
        void run(int thread) throws Exception;
    }

    /** Messages per second of {@code threads} threads doing {@code perThread} messages each. */
    private static double timed(int threads, int perThread, ThreadWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                tasks.add(() -> {
                    work.run(thread);
                    return null;
                });
            }
            long start = System.nanoTime();
            for (Future<Void> done : pool.invokeAll(tasks)) {
                done.get();
            }
            return threads * perThread / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The store's default node-side copy of token rows, or none (the store before it had one). */
    private static SqlStoreOptions cached(boolean cached, SqlStoreOptions options) {
        return cached ? options : options.withTokenCache(0, Duration.ZERO);
    }

    private static SqlStoreOptions freshDatabase(String serverUrl, String user, String name) {
        try (Connection connection = DriverManager.getConnection(serverUrl + (serverUrl.contains("postgresql") ? "postgres" : ""),
            user, null); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create " + name + " at " + serverUrl + ": " + e.getMessage(), e);
        }
        return SqlStoreOptions.of(serverUrl + name).withCredentials(user, null);
    }

    private static String report(Map<String, Figures> results, int perThread) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
            "SQL store throughput, %d messages per thread (train: corpus, TEFT, one by one and %d at a time written"
                + " together; classify: PUBTEST), same run:%n"
                + "%-22s %12s %10s %15s %10s %14s %10s%n", perThread, TRAIN_BATCH, "store/threads", "train msg/s", "× journal",
            "together msg/s", "× journal", "classify msg/s", "× journal"));
        results.forEach((name, figures) -> {
            Figures journal = results.get("journal/" + name.substring(name.indexOf('/') + 1));
            out.append(String.format(Locale.ROOT, "%-22s %12.1f %10.3f %15.1f %10.3f %14.1f %10.3f%n", name,
                figures.trainPerSecond, figures.trainPerSecond / journal.trainPerSecond, figures.trainTogetherPerSecond,
                figures.trainTogetherPerSecond / journal.trainPerSecond, figures.classifyPerSecond,
                figures.classifyPerSecond / journal.classifyPerSecond));
        });
        return out.toString();
    }
}

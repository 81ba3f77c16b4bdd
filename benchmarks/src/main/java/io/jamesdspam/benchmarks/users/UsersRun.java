package io.jamesdspam.benchmarks.users;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.jamesdspam.benchmarks.CorpusMessages;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;

/**
 * One measurement in a JVM of its own (so that its heap is its own): the store as a restarted
 * server finds it, then mail for {@code users} users drawn from a Zipf distribution, in process
 * mode (what the Dspam mailet does by default), one message at a time.
 *
 * <ol>
 *   <li>Warm-up: {@code warmup} messages (JIT, and the store's working set).</li>
 *   <li>Restart: the store is closed and opened again; the first classification of up to
 *   {@code restartUsers} users is timed, then a second one of the same users (warm).</li>
 *   <li>Second warm-up, then {@code messages} timed messages: msg/s and each latency.</li>
 *   <li>Heap used after a full GC, with everything still open.</li>
 * </ol>
 */
@Command(name = "users-run", mixinStandardHelpOptions = true)
public final class UsersRun implements Callable<Integer> {
    @Option(names = "--directory", required = true)
    Path directory;
    @Option(names = "--users", required = true)
    int users;
    @Mixin
    RunOptions options;
    @Option(names = "--output", required = true)
    Path output;

    private final List<byte[]> mail = CorpusMessages.testFold();
    private final TreeSet<Integer> touched = new TreeSet<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new UsersRun()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        BenchmarkStore kind = BenchmarkStore.named(options.storeName);
        ZipfDistribution zipf = new ZipfDistribution(users, options.zipfExponent);
        SplittableRandom random = new SplittableRandom(options.seed);
        UsersRunResult result = new UsersRunResult();
        result.store = options.storeName;
        result.users = users;
        result.messages = options.messages;

        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), kind.open(directory, options.storeOptions));
        run(engine, zipf, random, options.warmup, null);
        engine.close();

        engine = EmbeddedDspam.create(EngineSettings.defaults(), kind.open(directory, options.storeOptions));
        measureRestart(engine, random, result);
        run(engine, zipf, random, options.warmup, null);
        Latencies latencies = new Latencies(options.messages);
        long start = System.nanoTime();
        run(engine, zipf, random, options.messages, latencies);
        long elapsed = System.nanoTime() - start;
        result.messagesPerSecond = options.messages / (elapsed / 1e9);
        result.p50Millis = latencies.percentileMillis(0.50);
        result.p90Millis = latencies.percentileMillis(0.90);
        result.p99Millis = latencies.percentileMillis(0.99);
        result.maxMillis = latencies.percentileMillis(1.0);
        result.latenciesMillis = latencies.millis();
        result.loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        result.heapAfterGcBytes = memory.getHeapMemoryUsage().getUsed();
        result.maxHeapBytes = memory.getHeapMemoryUsage().getMax();
        engine.close();

        result.distinctUsersMailed = touched.size();
        result.touchedUsers = touched.stream().mapToInt(Integer::intValue).toArray();
        new ObjectMapper().writeValue(output.toFile(), result);
        return 0;
    }

    private void run(EmbeddedDspam engine, ZipfDistribution zipf, SplittableRandom random, int count,
                     Latencies latencies) {
        for (int i = 0; i < count; i++) {
            int index = zipf.next(random);
            byte[] message = mail.get(random.nextInt(mail.size()));
            DspamUser user = UserDictionaries.user(index);
            long before = System.nanoTime();
            engine.execute(DspamRequest.process(List.of(user), message));
            if (latencies != null) {
                latencies.record(System.nanoTime() - before);
            }
            touched.add(index);
        }
    }

    /** The first classification of users after the store was opened, then a second (warm) one. */
    private void measureRestart(EmbeddedDspam engine, SplittableRandom random, UsersRunResult result) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            indexes.add(i);
        }
        Collections.shuffle(indexes, new Random(options.seed));
        int count = Math.min(options.restartUsers, users);
        Latencies first = new Latencies(count);
        Latencies warm = new Latencies(count);
        for (int i = 0; i < count; i++) {
            DspamUser user = UserDictionaries.user(indexes.get(i));
            byte[] message = mail.get(random.nextInt(mail.size()));
            long before = System.nanoTime();
            engine.execute(DspamRequest.classify(List.of(user), message));
            first.record(System.nanoTime() - before);
            before = System.nanoTime();
            engine.execute(DspamRequest.classify(List.of(user), message));
            warm.record(System.nanoTime() - before);
        }
        result.restartUsers = count;
        result.firstClassificationP50Millis = first.percentileMillis(0.50);
        result.firstClassificationP99Millis = first.percentileMillis(0.99);
        result.warmClassificationP50Millis = warm.percentileMillis(0.50);
    }
}

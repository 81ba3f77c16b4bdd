package io.jamesdspam.benchmarks.users;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.benchmarks.CorpusMessages;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.testing.Corpus;

/**
 * What James's nightly purge ({@code purge.daily}) costs a server of many mailboxes, journal
 * store, James's store defaults: every user's signatures and tokens gone through under its lock,
 * while mail keeps arriving. The users are the users benchmark's, each with 14 days of signatures,
 * the clock one day on (so the purge deletes a day's signatures, as each night). Measured in one
 * JVM, in order: Zipf-drawn mail alone (the baseline), the purge alone, and the same mail while a
 * second purge runs (that one finds nothing to delete: the cost of going through the users);
 * ratios to the baseline of the same run. Set-up (generating the store) is not measured.
 *
 * <pre>java -Xmx512m -cp benchmarks/target/benchmarks.jar io.jamesdspam.benchmarks.users.PurgeHarness USERS SIGNATURES MESSAGES DAYS
 * java -Xmx512m -cp benchmarks/target/benchmarks.jar io.jamesdspam.benchmarks.users.PurgeHarness 10000 1400 4000 1</pre>
 */
public final class PurgeHarness {
    private static final int MESSAGES_PER_BASE = 300;
    private static final double MINIMUM_SHARE = 0.03;

    private PurgeHarness() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int signatures = args.length > 1 ? Integer.parseInt(args[1]) : 1_400;
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 4_000;
        // Each run deletes the signatures of the day it moves the clock past: a second run of the same
        // store takes 2 to delete the next day's, and so on; 0 generates the store only
        int daysAhead = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Path target = Paths.get(System.getProperty("dspam.root", "."), "benchmarks", "target");
        Path directory = target.resolve("user-stores").resolve("purge-" + users + "-signatures-" + signatures);
        BenchmarkStore kind = BenchmarkStore.named(JournalBenchmarkStore.NAME);
        new UserDictionaries(users, MESSAGES_PER_BASE, MINIMUM_SHARE, signatures, 0)
            .ensure(kind, directory, Corpus.load().trainSet());
        if (daysAhead == 0) {
            return;
        }

        Clock nextDay = Clock.offset(Clock.system(ZoneId.systemDefault()), Duration.ofDays(daysAhead));
        try (EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), kind.open(directory, Map.of()), nextDay)) {
            Mail mail = new Mail(engine, users);
            mail.deliver(messages, null);
            Latencies alone = new Latencies(messages);
            double aloneRate = mail.deliver(messages, alone);

            long start = System.nanoTime();
            DspamMaintenance.PurgeReport nightly = engine.purge(DspamMaintenance.DEFAULT_SIGNATURE_AGE);
            double nightlySeconds = (System.nanoTime() - start) / 1e9;

            int mostDuring = 400_000;
            Latencies during = new Latencies(mostDuring);
            long secondStart = System.nanoTime();
            CompletableFuture<Double> second = CompletableFuture.supplyAsync(() -> {
                engine.purge(DspamMaintenance.DEFAULT_SIGNATURE_AGE);
                return (System.nanoTime() - secondStart) / 1e9;
            });
            int delivered = 0;
            long deliveringStart = System.nanoTime();
            while (!second.isDone() && delivered + 100 <= mostDuring) {
                mail.deliver(100, during);
                delivered += 100;
            }
            double duringRate = delivered / ((System.nanoTime() - deliveringStart) / 1e9);
            double secondSeconds = second.get();

            System.out.printf(Locale.ROOT, "users %d, %d signatures each, load %.1f%n", users, signatures,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf(Locale.ROOT, "nightly purge alone: %.1f s (%.2f ms per user), %d signatures and %d tokens"
                + " deleted%n", nightlySeconds, nightlySeconds * 1000 / users, nightly.signaturesPurged(), nightly.tokensPurged());
            System.out.printf(Locale.ROOT, "second purge (nothing to delete) under mail: %.1f s (%.2f ms per user)%n",
                secondSeconds, secondSeconds * 1000 / users);
            System.out.printf(Locale.ROOT, "mail alone:          %.0f msg/s, p50 %.2f ms, p99 %.2f ms%n", aloneRate,
                alone.percentileMillis(0.50), alone.percentileMillis(0.99));
            System.out.printf(Locale.ROOT, "mail during a purge: %.0f msg/s (%.3f x), p50 %.2f ms, p99 %.2f ms (%d messages)%n",
                duringRate, duringRate / aloneRate, during.percentileMillis(0.50), during.percentileMillis(0.99), delivered);
        }
    }

    /** Process-mode mail for Zipf-drawn users, as the users benchmark sends it. */
    private static final class Mail {
        private final EmbeddedDspam engine;
        private final ZipfDistribution zipf;
        private final SplittableRandom random = new SplittableRandom(16);
        private final List<byte[]> messages = CorpusMessages.testFold();

        Mail(EmbeddedDspam engine, int users) {
            this.engine = engine;
            this.zipf = new ZipfDistribution(users, 1.0);
        }

        /** Delivers {@code count} messages; their rate in msg/s. */
        double deliver(int count, Latencies latencies) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                byte[] message = messages.get(random.nextInt(messages.size()));
                long before = System.nanoTime();
                engine.execute(DspamRequest.process(List.of(UserDictionaries.user(zipf.next(random))), message));
                if (latencies != null) {
                    latencies.record(System.nanoTime() - before);
                }
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }
}

package io.jamesdspam.benchmarks.users;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * The users benchmark (issue #16): how throughput, latency, heap and disk grow with the number of
 * users, each with a dictionary of its own, mail drawn from a Zipf distribution. Each number of
 * users runs in a fresh JVM with the same heap limit ({@link UsersRun}); the single-user run of
 * the same invocation is the baseline of every ratio. Between runs the users a run wrote to get
 * their generated dictionaries back, so every run starts from the same store.
 *
 * <p>With {@code --passes N} the user counts are measured in turn N times; each pass's ratios are to
 * its own single-user run, a minute or two apart, and the median of the passes' ratios is printed:
 * this machine's speed drifts by a third within minutes, which moved the ratio of single passes
 * from 0.30 to 0.51 for the same jar (the single-user run's drift, mostly).
 *
 * <pre>benchmarks/run-users.sh --users 1,100,1000,10000 --messages 3000</pre>
 */
@Command(name = "users-benchmark", mixinStandardHelpOptions = true)
public final class UsersBenchmark implements Callable<Integer> {
    @Option(names = "--users", split = ",", defaultValue = "1,100,1000,10000")
    int[] userCounts;
    @Option(names = "--heap", defaultValue = "512m", description = "-Xmx of every measuring JVM")
    String heap;
    @Option(names = "--messages-per-base", defaultValue = "300", description = "corpus messages each base dictionary is trained on")
    int messagesPerBase;
    @Option(names = "--minimum-share", defaultValue = "0.03", description = "smallest share of a base dictionary's rows a user gets")
    double minimumShare;
    @Option(names = "--signatures", defaultValue = "0",
        description = "signatures every generated user holds, dated over the last 14 days (a store of its own)")
    int signaturesPerUser;
    @Option(names = "--journal-messages", defaultValue = "0",
        description = "messages every generated user is mailed after its dictionary was settled (a store of its own)")
    int messagesSinceSettled;
    @Option(names = "--passes", defaultValue = "1", description = "times the user counts are measured in turn (median ratio printed)")
    int passes;
    @Mixin
    RunOptions options;
    @Option(names = "--directory", description = "where the generated store is kept (default benchmarks/target/user-stores/STORE, STORE-signatures-N, -journal-messages-N with those options)")
    Path directory;
    @Option(names = "--output", description = "results as JSON (default benchmarks/target/benchmark-report/users-STORE.json)")
    Path output;

    public static void main(String[] args) {
        System.exit(new CommandLine(new UsersBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path target = Paths.get(System.getProperty("dspam.root", "."), "benchmarks", "target");
        String storeName = options.storeName + (signaturesPerUser == 0 ? "" : "-signatures-" + signaturesPerUser)
            + (messagesSinceSettled == 0 ? "" : "-journal-messages-" + messagesSinceSettled);
        Path storeDirectory = directory != null ? directory : target.resolve("user-stores").resolve(storeName);
        Path results = output != null ? output : target.resolve("benchmark-report").resolve("users-" + storeName + ".json");
        Files.createDirectories(storeDirectory);
        Files.createDirectories(results.getParent());

        BenchmarkStore kind = BenchmarkStore.named(options.storeName);
        int largest = Arrays.stream(userCounts).max().orElseThrow();
        List<CorpusMessage> training = Corpus.load().trainSet();
        UserDictionaries dictionaries = new UserDictionaries(largest, messagesPerBase, minimumShare, signaturesPerUser,
            messagesSinceSettled);
        dictionaries.ensure(kind, storeDirectory, training);
        long diskBytes = kind.diskBytes(storeDirectory);

        List<UsersRunResult> runs = new ArrayList<>();
        Map<Integer, List<Double>> ratiosByPass = new LinkedHashMap<>();
        for (int pass = 1; pass <= passes; pass++) {
            List<UsersRunResult> thisPass = new ArrayList<>();
            for (int users : userCounts) {
                UsersRunResult measured = measure(storeDirectory, users, results.resolveSibling("users-run.json"));
                dictionaries.reset(kind, storeDirectory, Arrays.stream(measured.touchedUsers).boxed().collect(Collectors.toList()),
                    training);
                thisPass.add(measured);
                ratiosByPass.computeIfAbsent(users, count -> new ArrayList<>())
                    .add(measured.messagesPerSecond / thisPass.get(0).messagesPerSecond);
                System.out.println((passes > 1 ? "[pass " + pass + "] " : "") + line(measured, thisPass.get(0)));
            }
            if (pass == 1) {
                runs = thisPass;
            }
        }
        if (passes > 1) {
            ratiosByPass.forEach((users, ratios) -> System.out.printf(Locale.ROOT,
                "users %6d: median ratio %.3f over %d passes (%s)%n", users, UsersReport.median(ratios), ratios.size(),
                UsersReport.passRatios(ratios)));
        }
        UsersReport report = new UsersReport();
        report.store = options.storeName;
        report.heap = heap;
        report.zipfExponent = options.zipfExponent;
        report.storeUsers = largest;
        report.diskBytesPerUser = diskBytes / largest;
        report.signaturesPerUser = signaturesPerUser;
        report.journalMessagesPerUser = messagesSinceSettled;
        report.storeOptions = options.storeOptions;
        report.runs = runs;
        report.ratiosByPass = ratiosByPass;
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(results.toFile(), report);
        System.out.printf(Locale.ROOT, "%nstore %s, %d users generated, %,d disk bytes per user; results in %s%n",
            options.storeName, largest, report.diskBytesPerUser, results);
        return 0;
    }

    private UsersRunResult measure(Path storeDirectory, int users, Path runOutput) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx" + heap, "-Xms" + heap));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(argument -> argument.startsWith("-Ddspam.")).collect(Collectors.toList()));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), UsersRun.class.getName(),
            "--directory", storeDirectory.toString(), "--users", Integer.toString(users), "--output", runOutput.toString()));
        command.addAll(options.asArguments());
        Process process = new ProcessBuilder(command).inheritIO().start();
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException("The run with " + users + " users failed (exit " + exit + ")");
        }
        File file = runOutput.toFile();
        UsersRunResult result = new ObjectMapper().readValue(file, UsersRunResult.class);
        Files.delete(runOutput);
        return result;
    }

    private static String line(UsersRunResult run, UsersRunResult baseline) {
        return String.format(Locale.ROOT, "users %6d: %7.1f msg/s (ratio %.3f to %d user(s)), p50 %.2f ms, p99 %.2f ms,"
                + " max %.1f ms, heap after GC %,d KB, first classification after restart p50 %.2f / p99 %.2f ms"
                + " (warm %.2f ms), %d users mailed, load %.2f",
            run.users, run.messagesPerSecond, run.messagesPerSecond / baseline.messagesPerSecond, baseline.users,
            run.p50Millis, run.p99Millis, run.maxMillis, run.heapAfterGcBytes / 1024,
            run.firstClassificationP50Millis, run.firstClassificationP99Millis, run.warmClassificationP50Millis,
            run.distinctUsersMailed, run.loadAverage);
    }
}

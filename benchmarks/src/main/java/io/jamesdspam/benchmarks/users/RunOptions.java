package io.jamesdspam.benchmarks.users;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;

/** The options of one measuring run, shared by the benchmark and the JVM it starts per run. */
final class RunOptions {
    @Option(names = "--store", defaultValue = JournalBenchmarkStore.NAME, description = "store kind (journal, postgresql)")
    String storeName;
    @Option(names = "--messages", defaultValue = "20000", description = "timed messages per run")
    int messages;
    @Option(names = "--warmup", defaultValue = "3000", description = "untimed messages before the restart and again after it")
    int warmup;
    @Option(names = "--restart-users", defaultValue = "100", description = "users whose first classification after a restart is timed")
    int restartUsers;
    @Option(names = "--zipf", defaultValue = "1.0", description = "Zipf exponent of mail per user")
    double zipfExponent;
    @Option(names = "--seed", defaultValue = "16")
    long seed;
    @Option(names = "--store-option", description = "key=value passed to the store (journal: maximumLoadedUsers, dictionaryCacheBytes, backgroundCompaction; postgresql: cacheBytes, poolSize)")
    Map<String, String> storeOptions = Map.of();

    /** These options as command-line arguments, for the measuring JVM. */
    List<String> asArguments() {
        List<String> arguments = new ArrayList<>(List.of("--store", storeName, "--messages", Integer.toString(messages),
            "--warmup", Integer.toString(warmup), "--restart-users", Integer.toString(restartUsers),
            "--zipf", Double.toString(zipfExponent), "--seed", Long.toString(seed)));
        storeOptions.forEach((key, value) -> arguments.addAll(List.of("--store-option", key + "=" + value)));
        return arguments;
    }
}

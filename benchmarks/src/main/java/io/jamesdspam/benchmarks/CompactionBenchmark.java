package io.jamesdspam.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.DirectoryTrees;

/**
 * A journal-store compaction of a {@link LargeDictionary} (2 M rows, 400,000 of them changed since
 * its snapshot). Before each operation the changes are written (not
 * measured); {@code compact} folds them into a new snapshot (merge, write, force to disk);
 * {@code baseline} counts the user's rows, the first step of a compaction (the changed ids sorted,
 * then looked for in the snapshot), so the ratio is what the merge and the write add to it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class CompactionBenchmark {
    private static final DspamUser USER = DspamUser.of("busy");

    private Path directory;
    private JournalDspamStore store;
    private LargeDictionary dictionary;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        dictionary = LargeDictionary.generate(new SplittableRandom(11));
        directory = Files.createTempDirectory("compaction-benchmark");
        // No heap copy and no compaction thread: the benchmark compacts, from the mapped snapshot
        store = JournalDspamStore.open(directory,
            JournalDspamStore.Options.defaults().withDictionaryCacheBytes(0).withCompactionInBackground(false));
        dictionary.writeSnapshot(store, USER);
    }

    @Setup(Level.Invocation)
    public void change() {
        store.apply(USER, dictionary.changes);
    }

    @TearDown(Level.Trial)
    public void remove() throws IOException {
        store.close();
        DirectoryTrees.delete(directory);
    }

    /** The user's rows counted (the changed ids sorted, then looked for in the snapshot): the pass a compaction starts with. */
    @Benchmark
    public long baseline() {
        return store.tokenCount(USER);
    }

    /** The changed rows folded into a new snapshot. */
    @Benchmark
    public long compact() {
        store.compact(USER);
        return store.tokenCount(USER);
    }
}

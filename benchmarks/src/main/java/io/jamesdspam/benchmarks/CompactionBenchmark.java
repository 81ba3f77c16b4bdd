package io.jamesdspam.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.TokenUpdate;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.DirectoryTrees;

/**
 * A journal-store compaction of a large dictionary: 2 M rows in the snapshot, 400,000 of them
 * changed since (about where a busy corpus-trained user is compacted: past a quarter of its rows
 * changed, the compaction thread takes it). Before each operation the changes are written (not
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
    private static final int ROWS = 2_000_000;
    private static final int CHANGED = 400_000;
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private static final DspamTotals TRAINED = new DspamTotals(2000, 2000, 0, 0, 0, 0, 0, 0);

    private Path directory;
    private JournalDspamStore store;
    private MessageUpdate changes;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        List<TokenUpdate> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            rows.add(new TokenUpdate(random.nextLong(), false, 0, 0, random.nextInt(40), random.nextInt(40)));
        }
        List<TokenUpdate> changed = new ArrayList<>(CHANGED);
        for (int i = 0; i < CHANGED; i++) {
            changed.add(new TokenUpdate(rows.get(random.nextInt(ROWS)).tokenId(), true, 0, 0, 41, 41));
        }
        changes = new MessageUpdate(TRAINED, TRAINED, changed, Optional.empty(), DAY.plusDays(1));
        directory = Files.createTempDirectory("compaction-benchmark");
        // No heap copy and no compaction thread: the benchmark compacts, from the mapped snapshot
        store = JournalDspamStore.open(directory,
            JournalDspamStore.Options.defaults().withDictionaryCacheBytes(0).withCompactionInBackground(false));
        store.apply(USER, new MessageUpdate(DspamTotals.EMPTY, TRAINED, rows, Optional.empty(), DAY));
        store.compact(USER);
    }

    @Setup(Level.Invocation)
    public void change() {
        store.apply(USER, changes);
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

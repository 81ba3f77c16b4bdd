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
import io.jamesdspam.engine.storage.TokenRows;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.DirectoryTrees;

/**
 * What a restarted journal store pays for a busy user's first messages: the store opened, the
 * user's journal replayed, two messages' lookups. {@code baseline} looks up in the mapped snapshot
 * (no heap cache); {@code copyIntoHeap} has a cache with room for the user, whose second
 * message copies the whole dictionary into the heap. The user is the SMTP harness's kind, a
 * {@link LargeDictionary} (its changes in the journal).
 * One operation = open, two lookups of 1,400 ids, close. The ratio {@code copyIntoHeap} ÷
 * {@code baseline} (in time per operation) is the copy's price.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class HeapCopyBenchmark {
    private static final DspamUser USER = DspamUser.of("busy");
    private static final int TOKENS_PER_MESSAGE = 1_400;

    private Path directory;
    private long[] message;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        LargeDictionary dictionary = LargeDictionary.generate(random);
        message = new long[TOKENS_PER_MESSAGE];
        for (int i = 0; i < message.length; i++) {
            message[i] = dictionary.anyId(random);
        }
        directory = Files.createTempDirectory("heap-copy-benchmark");
        JournalDspamStore store = JournalDspamStore.open(directory, options(0));
        try {
            dictionary.writeSnapshot(store, USER);
            store.apply(USER, dictionary.changes);
        } finally {
            store.close();
        }
    }

    @TearDown(Level.Trial)
    public void remove() throws IOException {
        DirectoryTrees.delete(directory);
    }

    private static JournalDspamStore.Options options(long cacheBytes) {
        // Compactions by the messages: none is due (a fifth of the rows changed), and none may start in the background
        return JournalDspamStore.Options.defaults().withDictionaryCacheBytes(cacheBytes).withCompactionInBackground(false);
    }

    private long twoMessages(long cacheBytes, boolean copied) {
        JournalDspamStore store = JournalDspamStore.open(directory, options(cacheBytes));
        try {
            TokenRows first = store.load(USER, message);
            TokenRows second = store.load(USER, message);
            if ((store.dictionaryCacheBytesUsed() > 0) != copied) {
                throw new IllegalStateException("The user's dictionary was " + (copied ? "not " : "") + "copied into the heap");
            }
            return first.spamHits(0) + second.spamHits(1);
        } finally {
            store.close();
        }
    }

    /** Open, two messages looked up in the mapped snapshot, close. */
    @Benchmark
    public long baseline() {
        return twoMessages(0, false);
    }

    /** Open, the first message looked up in the mapped snapshot, the second in the whole dictionary copied into the heap, close. */
    @Benchmark
    public long copyIntoHeap() {
        return twoMessages(1L << 30, true);
    }
}

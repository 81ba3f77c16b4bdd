package io.jamesdspam.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
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

import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.StoredSignature;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.engine.storage.TokenUpdate;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.DirectoryTrees;

/**
 * Why {@link JournalDspamStore}: the two storage operations of one message, measured on the
 * in-memory store ({@code baseline}: batched read of a message's tokens), the journal store, and
 * H2's MVStore (the library alternative, committing once per message so that an acknowledged
 * message is durable, as the journal store guarantees).
 *
 * <p>The user's dictionary is pre-filled with 300,000 token rows (the corpus-trained OSB store
 * holds 2 million, most of them hapaxes); a message has 600 distinct tokens drawn with a skew (common tokens
 * recur, like real mail), about what the OSB tokenizer produces. One operation = one message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class StoreBenchmark {
    private static final DspamUser USER = DspamUser.of("bench");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private static final int ROWS = 300_000;
    private static final int TOKENS_PER_MESSAGE = 600;
    private static final int MESSAGES = 512;

    private List<List<Long>> messages;
    private InMemoryDspamStore memory;
    private JournalDspamStore journal;
    private MVStore mvStore;
    private MVMap<Long, Long> mvTokens;
    private Path journalDirectory;
    private Path mvFile;
    private int next;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        Random random = new Random(42);
        messages = new ArrayList<>();
        for (int m = 0; m < MESSAGES; m++) {
            List<Long> ids = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            while (ids.size() < TOKENS_PER_MESSAGE) {
                // Squaring skews the draw towards low ranks: frequent tokens recur across messages.
                double u = random.nextDouble();
                long id = mix((long) (u * u * ROWS * 1.2));
                if (seen.add(id)) {
                    ids.add(id);
                }
            }
            messages.add(ids);
        }
        List<TokenUpdate> rows = new ArrayList<>(ROWS);
        for (long i = 0; i < ROWS; i++) {
            rows.add(new TokenUpdate(mix(i), false, 0, 0, i % 7, i % 11));
        }
        MessageUpdate prefill = new MessageUpdate(DspamTotals.EMPTY, new DspamTotals(1000, 1000, 0, 0, 0, 0, 0, 0),
            rows, Optional.empty(), DAY);

        memory = new InMemoryDspamStore();
        memory.apply(USER, prefill);

        journalDirectory = Files.createTempDirectory("store-benchmark-journal");
        journal = JournalDspamStore.open(journalDirectory);
        journal.apply(USER, prefill);
        journal.compact(USER);

        mvFile = Files.createTempFile("store-benchmark", ".mv.db");
        Files.delete(mvFile);
        mvStore = new MVStore.Builder().fileName(mvFile.toString()).autoCommitDisabled().open();
        mvTokens = mvStore.openMap("tokens");
        for (TokenUpdate row : rows) {
            mvTokens.put(row.tokenId(), pack(row.spamHits(), row.innocentHits()));
        }
        mvStore.commit();
    }

    @TearDown(Level.Trial)
    public void remove() throws IOException {
        journal.close();
        mvStore.close();
        DirectoryTrees.delete(journalDirectory);
        Files.deleteIfExists(mvFile);
    }

    private static long mix(long value) {
        long z = value * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 31);
    }

    private static long pack(long spam, long innocent) {
        return spam << 32 | innocent;
    }

    private List<Long> nextMessage() {
        List<Long> ids = messages.get(next);
        next = (next + 1) % MESSAGES;
        return ids;
    }

    /** Batched read of one message's tokens from the in-memory store. */
    @Benchmark
    public Map<Long, TokenStatistics> baseline() {
        return memory.tokens(USER, nextMessage());
    }

    @Benchmark
    public Map<Long, TokenStatistics> journalRead() {
        return journal.tokens(USER, nextMessage());
    }

    @Benchmark
    public long mvStoreRead() {
        long sum = 0;
        for (Long id : nextMessage()) {
            Long value = mvTokens.get(id);
            if (value != null) {
                sum += value;
            }
        }
        return sum;
    }

    /** Read, +1 spam hit on every token, one atomic apply with a signature: a TEFT spam message. */
    @Benchmark
    public DspamTotals memoryApply() {
        return trainSpam(memory);
    }

    @Benchmark
    public DspamTotals journalApply() {
        return trainSpam(journal);
    }

    /** The same message on MVStore: read, write every token, commit (one durable version per message). */
    @Benchmark
    public long mvStoreApply() {
        List<Long> ids = nextMessage();
        for (Long id : ids) {
            Long value = mvTokens.get(id);
            long spam = value == null ? 0 : value >>> 32;
            long innocent = value == null ? 0 : value & 0xFFFFFFFFL;
            mvTokens.put(id, pack(spam + 1, innocent));
        }
        return mvStore.commit();
    }

    private DspamTotals trainSpam(DspamStore store) {
        List<Long> ids = nextMessage();
        Map<Long, TokenStatistics> loaded = store.tokens(USER, ids);
        DspamTotals totals = store.totals(USER);
        DspamTotals after = new DspamTotals(totals.spamLearned() + 1, totals.innocentLearned(), 0, 0, 0, 0, 0, 0);
        List<TokenUpdate> updates = new ArrayList<>(ids.size());
        for (Long id : ids) {
            TokenStatistics old = loaded.get(id);
            long spam = old == null ? 0 : old.spamHits();
            long innocent = old == null ? 0 : old.innocentHits();
            updates.add(new TokenUpdate(id, old != null, spam, innocent, Math.min(spam + 1, after.spamLearned()), innocent));
        }
        byte[] signature = new byte[ids.size() * 16];
        store.apply(USER, new MessageUpdate(totals, after, updates,
            Optional.of(new StoredSignature(Long.toString(after.spamLearned()), signature, DAY)), DAY));
        return after;
    }
}

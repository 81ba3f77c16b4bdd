package io.jamesdspam.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
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
import io.jamesdspam.engine.storage.StoredSignature;
import io.jamesdspam.engine.storage.TokenUpdate;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.DirectoryTrees;

/**
 * What reopening a user costs the journal store when the user keeps DSPAM's 14 days of
 * signatures: 1,400 of 16 KB (100 mails a day) against none. The store keeps one user open, and
 * every operation asks for the other one of a pair, so each opens a user and closes the other.
 * {@code baseline}: users without signatures; {@code weeksOfSignatures}: users with them. The
 * ratio of their times per operation is what the signatures add to an open. Every user has one
 * token and a compacted journal (each message compacted while the store is filled), so that
 * the open replays no journal.
 *
 * <p>{@code mailed} and {@code weeksOfSignaturesMailed} write a message at each open, as a server
 * opens a user: its journal record, and for the user with signatures a 16 KB signature, so that
 * its next close saves its index again. Those signatures are dated before the user's own and
 * purged before every iteration of 200 ms, so that a user holds 1,400 to about 1,900.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class SignatureReopenBenchmark {
    private static final int SIGNATURES = 1_400;
    private static final int SIGNATURE_BYTES = 16 * 1024;
    private static final long JOURNAL_BYTES_BEFORE_COMPACTION = 32 * 1024;
    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
    /** The day of the signatures the benchmark's messages add: before all of the users' own. */
    private static final LocalDate MAILED_DAY = DAY.minusDays(30);
    private static final DspamUser[] PLAIN = {DspamUser.of("plain-a"), DspamUser.of("plain-b")};
    private static final DspamUser[] BUSY = {DspamUser.of("busy-a"), DspamUser.of("busy-b")};

    private Path directory;
    private JournalDspamStore store;
    private int next;
    private long mailed;
    private final byte[] mailedData = new byte[SIGNATURE_BYTES];

    @Setup(Level.Trial)
    public void fill() throws IOException {
        directory = Files.createTempDirectory("signature-reopen-benchmark");
        JournalDspamStore filling = JournalDspamStore.open(directory, JournalDspamStore.Options.defaults()
            .withMinimumJournalBytesBeforeCompaction(0).withCompactionInBackground(false));
        SplittableRandom random = new SplittableRandom(11);
        byte[] data = new byte[SIGNATURE_BYTES];
        for (DspamUser user : PLAIN) {
            filling.apply(user, message(Optional.empty()));
        }
        for (DspamUser user : BUSY) {
            for (int n = 0; n < SIGNATURES; n++) {
                for (int i = 0; i < data.length; i++) {
                    data[i] = (byte) random.nextInt();
                }
                filling.apply(user, message(Optional.of(new StoredSignature(n + "," + Long.toHexString(random.nextLong()),
                    data, DAY.minusDays(n / 100)))));
            }
        }
        filling.close();
        // Journals compacted every 32 KB (≈ 300 of these one-token messages), so that an open replays a few
        // hundred records at most, as for a real user whose every message changes a thousand rows
        store = JournalDspamStore.open(directory, JournalDspamStore.Options.defaults().withMaximumLoadedUsers(1)
            .withMinimumJournalBytesBeforeCompaction(JOURNAL_BYTES_BEFORE_COMPACTION).withCompactionInBackground(false));
        if (store.signatureCount(BUSY[0]) != SIGNATURES || store.signatureCount(PLAIN[0]) != 0) {
            throw new IllegalStateException("The users were not written as planned");
        }
    }

    private static MessageUpdate message(Optional<StoredSignature> signature) {
        return new MessageUpdate(DspamTotals.EMPTY, DspamTotals.EMPTY, List.of(new TokenUpdate(42, false, 0, 0, 1, 0)),
            signature, DAY);
    }

    /** Takes the signatures the last iteration's messages added away again (nothing else is as old). */
    @Setup(Level.Iteration)
    public void purgeMailed() {
        for (DspamUser user : BUSY) {
            store.purgeSignatures(user, MAILED_DAY.plusDays(1));
            if (store.signatureCount(user) != SIGNATURES) {
                throw new IllegalStateException("The purge took the users' own signatures too");
            }
        }
    }

    @TearDown(Level.Trial)
    public void remove() throws IOException {
        store.close();
        DirectoryTrees.delete(directory);
    }

    private long reopen(DspamUser[] pair) {
        next ^= 1;
        return store.signatureCount(pair[next]);
    }

    /** Opens a user without signatures (closing the other one). */
    @Benchmark
    public long baseline() {
        return reopen(PLAIN);
    }

    /** Opens a user without signatures (closing the other one) and writes a message without a signature. */
    @Benchmark
    @Warmup(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = 20, time = 200, timeUnit = TimeUnit.MILLISECONDS)
    public long mailed() {
        next ^= 1;
        store.apply(PLAIN[next], message(Optional.empty()));
        return next;
    }

    /** Opens a user with 1,400 signatures (closing the other one, which saves its index) and writes a message's signature. */
    @Benchmark
    @Warmup(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = 20, time = 200, timeUnit = TimeUnit.MILLISECONDS)
    public long weeksOfSignaturesMailed() {
        next ^= 1;
        mailed++;
        store.apply(BUSY[next], message(Optional.of(new StoredSignature("m" + mailed + ",5eed", mailedData, MAILED_DAY))));
        return mailed;
    }

    /** Opens a user with 1,400 signatures (closing the other one). */
    @Benchmark
    public long weeksOfSignatures() {
        return reopen(BUSY);
    }
}

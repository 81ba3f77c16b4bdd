package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * An interrupt of a thread doing I/O closes the NIO channel for good (James cancelling a task, a
 * shutdown): the store reads the user's files again and the user keeps working, every message whole.
 * Interrupting the calling thread first is deterministic: NIO closes the channel at the call's
 * first blocking operation on it.
 */
class JournalDspamStoreInterruptTest {
    private static final DspamUser ALICE = DspamUser.of("alice");
    private static final LocalDate DAY = LocalDate.of(2026, 12, 3);

    @TempDir
    Path directory;

    private JournalDspamStore store;

    @AfterEach
    void closeStore() {
        Thread.interrupted();
        if (store != null) {
            store.close();
        }
    }

    private JournalDspamStore open() {
        store = JournalDspamStore.open(directory);
        return store;
    }

    /** Message {@code n}: spamLearned becomes n, token n appears, token 0 counts n, signature "sig-n". */
    private static MessageUpdate message(int n) {
        DspamTotals before = new DspamTotals(n - 1, 0, 0, 0, 0, 0, 0, 0);
        DspamTotals after = new DspamTotals(n, 0, 0, 0, 0, 0, 0, 0);
        List<TokenUpdate> tokens = List.of(new TokenUpdate(0L, n > 1, n - 1, 0, n, 0),
            new TokenUpdate(1000L + n, false, 0, 0, 1, 0));
        return new MessageUpdate(before, after, tokens,
            Optional.of(new StoredSignature("sig-" + n, new byte[] {(byte) n, 2, 3}, DAY)), DAY);
    }

    private void applyInterrupted(int n) {
        Thread.currentThread().interrupt();
        try {
            store.apply(ALICE, message(n));
        } finally {
            assertThat(Thread.interrupted()).as("the caller's interrupt status is kept").isTrue();
        }
    }

    /** The store holds exactly messages 1..n, each whole. */
    private void assertHoldsMessagesUpTo(int n) {
        assertThat(store.totals(ALICE).spamLearned()).isEqualTo(n);
        assertThat(store.tokens(ALICE, List.of(0L)).get(0L)).isEqualTo(new TokenStatistics(n, 0, DAY));
        assertThat(store.tokenCount(ALICE)).isEqualTo(n + 1);
        assertThat(store.signatureCount(ALICE)).isEqualTo(n);
        for (int i = 1; i <= n; i++) {
            assertThat(store.tokens(ALICE, List.of(1000L + i))).containsKey(1000L + i);
            assertThat(store.signature(ALICE, "sig-" + i)).map(StoredSignature::data).contains(new byte[] {(byte) i, 2, 3});
        }
    }

    @Test
    void aMessageAppliedByAnInterruptedThreadIsAppliedWholeAndTheUserKeepsWorking() {
        open();
        store.apply(ALICE, message(1));

        applyInterrupted(2);

        assertThat(store.filesReadAgain()).as("the signature file's channel was closed by the interrupt").isEqualTo(1);
        assertHoldsMessagesUpTo(2);
        store.apply(ALICE, message(3));
        assertHoldsMessagesUpTo(3);
        store.close();
        open();
        assertHoldsMessagesUpTo(3);
    }

    @Test
    void everyMessageWritesAfterRepeatedInterrupts() {
        store = JournalDspamStore.open(directory, JournalDspamStore.Options.defaults().withSyncEveryMessage(true));
        for (int n = 1; n <= 20; n++) {
            if (n % 2 == 0) {
                applyInterrupted(n);
            } else {
                store.apply(ALICE, message(n));
            }
        }
        assertThat(store.filesReadAgain()).isEqualTo(10);
        assertHoldsMessagesUpTo(20);
        store.close();
        open();
        assertHoldsMessagesUpTo(20);
    }

    @Test
    void aSignatureReadByAnInterruptedThreadIsReadAgain() {
        open();
        store.apply(ALICE, message(1));
        Thread.currentThread().interrupt();

        Optional<StoredSignature> signature = store.signature(ALICE, "sig-1");

        assertThat(Thread.interrupted()).isTrue();
        assertThat(signature).map(StoredSignature::data).contains(new byte[] {1, 2, 3});
        assertThat(store.filesReadAgain()).isEqualTo(1);
        store.apply(ALICE, message(2));
        assertHoldsMessagesUpTo(2);
    }

    @Test
    void aUserOpenedByAnInterruptedThreadIsReadAgainFromItsSnapshotAndJournal() {
        open();
        store.apply(ALICE, message(1));
        store.compact(ALICE);
        store.apply(ALICE, message(2));
        store.close();
        open();
        Thread.currentThread().interrupt();

        TokenRows rows = store.load(ALICE, new long[] {0L, 1001L, 1002L, 5L});

        assertThat(Thread.interrupted()).isTrue();
        assertThat(store.filesReadAgain()).as("mapping the snapshot was cut short").isEqualTo(1);
        assertThat(rows.spamHits(0)).isEqualTo(2);
        assertThat(rows.spamHits(1)).isEqualTo(1);
        assertThat(rows.spamHits(2)).isEqualTo(1);
        assertThat(rows.spamHits(3)).isZero();
        assertHoldsMessagesUpTo(2);
    }

    @Test
    void aCompactionOfAnInterruptedThreadFailsCleanlyAndTheNextOneWorks() {
        open();
        store.apply(ALICE, message(1));
        store.apply(ALICE, message(2));
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> store.compact(ALICE)).isInstanceOf(RuntimeException.class);

        assertThat(Thread.interrupted()).isTrue();
        assertHoldsMessagesUpTo(2);
        store.apply(ALICE, message(3));
        store.compact(ALICE);
        store.apply(ALICE, message(4));
        store.close();
        open();
        assertHoldsMessagesUpTo(4);
    }

    @Test
    void purgesOfAnInterruptedThreadFailCleanlyAndTheNextOnesWork() {
        open();
        for (int n = 1; n <= 3; n++) {
            store.apply(ALICE, message(n));
        }

        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> store.purgeSignatures(ALICE, DAY.plusDays(1))).isInstanceOf(RuntimeException.class);
        assertThat(Thread.interrupted()).isTrue();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> store.purgeTokens(ALICE, (id, statistics) -> id == 1001L))
            .isInstanceOf(RuntimeException.class);
        assertThat(Thread.interrupted()).isTrue();

        assertHoldsMessagesUpTo(3);
        assertThat(store.purgeTokens(ALICE, (id, statistics) -> id == 1001L)).isEqualTo(1);
        assertThat(store.purgeSignatures(ALICE, DAY.plusDays(1))).isEqualTo(3);
        store.apply(ALICE, message(4));
        store.close();
        open();
        assertThat(store.totals(ALICE).spamLearned()).isEqualTo(4);
        assertThat(store.tokenCount(ALICE)).isEqualTo(4);
        assertThat(store.signatureCount(ALICE)).isEqualTo(1);
        assertThat(store.signature(ALICE, "sig-4")).isPresent();
    }

    /**
     * Another thread interrupts the writer at random moments (inside writes, forces, reads):
     * every acknowledged message is kept, a failed one is either whole or absent, and the store
     * read again from disk holds what the live store showed.
     */
    @Test
    void interruptsAtRandomMomentsNeverLeaveAHalfMessage() throws Exception {
        // Compactions on the writer's own thread, so that interrupts also land inside them.
        store = JournalDspamStore.open(directory, JournalDspamStore.Options.defaults().withSyncEveryMessage(true)
            .withMinimumJournalBytesBeforeCompaction(600).withCompactionInBackground(false));
        int messages = 300;
        List<Integer> failed = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Throwable> unexpected = new ArrayList<>();
        Thread writer = new Thread(() -> {
            try {
                for (int n = 1; n <= messages; n++) {
                    try {
                        store.apply(ALICE, message(n));
                    } catch (DspamStoreException e) {
                        failed.add(n);
                    }
                    Thread.interrupted();
                }
            } catch (RuntimeException | Error e) {
                // Any other failure is a bug; recorded so that the test fails rather than waits forever.
                unexpected.add(e);
            } finally {
                writing.set(false);
            }
        });
        writer.start();
        long interrupts = 0;
        while (writing.get()) {
            writer.interrupt();
            interrupts++;
            LockSupport.parkNanos(200_000); // paces the interrupts: a few per message, not a condition to wait for
        }
        writer.join();
        assertThat(unexpected).as("failures other than DspamStoreException").isEmpty();

        assertThat(interrupts).isGreaterThan(10);
        assertThat(store.filesReadAgain()).as("some interrupts closed a channel").isPositive();
        Map<String, Object> live = contents(messages);
        store.close();
        open();
        assertThat(contents(messages)).isEqualTo(live);
        assertThat(store.totals(ALICE).spamLearned()).isEqualTo(lastPresent(messages));
        for (int n = 1; n <= messages; n++) {
            boolean token = store.tokens(ALICE, List.of(1000L + n)).containsKey(1000L + n);
            boolean signature = store.hasSignature(ALICE, "sig-" + n);
            assertThat(signature).as("message %d: signature with its tokens, or neither", n).isEqualTo(token);
            if (!failed.contains(n)) {
                assertThat(token).as("acknowledged message %d kept", n).isTrue();
            }
        }
    }

    private int lastPresent(int messages) {
        for (int n = messages; n > 0; n--) {
            if (store.tokens(ALICE, List.of(1000L + n)).containsKey(1000L + n)) {
                return n;
            }
        }
        return 0;
    }

    private Map<String, Object> contents(int messages) {
        Map<String, Object> contents = new HashMap<>();
        contents.put("totals", store.totals(ALICE));
        Map<Long, TokenStatistics> tokens = new HashMap<>();
        store.forEachToken(ALICE, tokens::put);
        contents.put("tokens", tokens);
        List<String> signatures = new ArrayList<>();
        for (int n = 1; n <= messages; n++) {
            if (store.hasSignature(ALICE, "sig-" + n)) {
                signatures.add("sig-" + n);
            }
        }
        contents.put("signatures", signatures);
        return contents;
    }
}

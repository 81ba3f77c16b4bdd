package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.CapturedLogs;

class JournalDspamStoreTest {
    private static final DspamUser ALICE = DspamUser.of("alice");
    private static final DspamUser BOB = DspamUser.of("Bob.Smith@example.com");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);

    @TempDir
    Path directory;

    private JournalDspamStore store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private JournalDspamStore open() {
        store = JournalDspamStore.open(directory);
        return store;
    }

    private JournalDspamStore reopen() {
        store.close();
        return open();
    }

    private static MessageUpdate spamMessage(DspamTotals before, long... tokenIds) {
        DspamTotals after = new DspamTotals(before.spamLearned() + 1, before.innocentLearned(), 0, 0,
            before.spamCorpusfed() + 1, before.innocentCorpusfed(), 0, 0);
        List<TokenUpdate> tokens = new ArrayList<>();
        for (long id : tokenIds) {
            tokens.add(new TokenUpdate(id, false, 0, 0, after.spamLearned(), 0));
        }
        return new MessageUpdate(before, after, tokens, Optional.empty(), DAY);
    }

    private static final Duration AWAIT = Duration.ofSeconds(30);
    /** The tokens of every message of the compaction tests: 100 rows, 1,600 bytes of journal. */
    private static final long[] HUNDRED_IDS = LongStream.range(0, 100).map(i -> i * 7919L).toArray();

    private DspamTotals applied = DspamTotals.EMPTY;

    /** Runs after each message of {@link #applySpamMessages(int, AfterMessage)}. */
    private interface AfterMessage {
        void check() throws Exception;
    }

    private static JournalDspamStore.Options compactingAfter2000Bytes() {
        return JournalDspamStore.Options.defaults().withMinimumJournalBytesBeforeCompaction(2_000);
    }

    private void applySpamMessages(int count) throws Exception {
        applySpamMessages(count, () -> { });
    }

    /** Applies {@code count} spam messages of {@link #HUNDRED_IDS} to ALICE. */
    private void applySpamMessages(int count, AfterMessage afterEach) throws Exception {
        for (int i = 0; i < count; i++) {
            MessageUpdate update = spamMessage(applied, HUNDRED_IDS);
            store.apply(ALICE, update);
            applied = update.totals();
            afterEach.check();
        }
    }

    private long spamLearnedSoFar() {
        return applied.spamLearned();
    }

    private Path user() {
        return directory.resolve("users").resolve("alice");
    }

    private long journalBytes() throws IOException {
        return Files.size(user().resolve("journal"));
    }

    /** The journal size past which ALICE is compacted: 2,000 bytes or the snapshot, whichever is larger. */
    private long limit() throws IOException {
        Path snapshot = user().resolve("tokens.snapshot");
        return Math.max(2_000, Files.exists(snapshot) ? Files.size(snapshot) : 0);
    }

    /** Bytes one message of {@link #HUNDRED_IDS} adds to the journal (framing included, with room to spare). */
    private static long recordBytes() {
        return 100 * 16 + 200;
    }

    /** After a reopen, ALICE holds every message applied: 100 rows each counted once per message. */
    private void assertAliceHasAllOf(int messages) {
        reopen();
        assertThat(store.totals(ALICE).spamLearned()).isEqualTo(messages);
        Map<Long, TokenStatistics> all = new HashMap<>();
        store.forEachToken(ALICE, all::put);
        assertThat(all).hasSize(100)
            .allSatisfy((id, s) -> assertThat(s).isEqualTo(new TokenStatistics(messages, 0, DAY)));
    }

    /** Keeps the store's compaction thread busy until {@code release} (at most {@link #AWAIT}). */
    private Future<?> occupyCompactionThreadUntil(CountDownLatch release) {
        return store.runOnCompactionThread(() -> awaitQuietly(release));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(AWAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Nested
    class RoundTrips {
        @Test
        void unknownUserHasNothingAndCreatesNothing() throws IOException {
            open();
            assertThat(store.totals(ALICE)).isEqualTo(DspamTotals.EMPTY);
            assertThat(store.tokens(ALICE, List.of(1L))).isEmpty();
            assertThat(store.signature(ALICE, "abc")).isEmpty();
            assertThat(store.users()).isEmpty();
            try (var children = Files.list(directory.resolve("users"))) {
                assertThat(children).isEmpty();
            }
        }

        @Test
        void applyIsVisibleForThatUserOnly() {
            open();
            DspamTotals totals = new DspamTotals(1, 0, 0, 0, 1, 0, 0, 0);
            store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, totals,
                List.of(new TokenUpdate(-5L, false, 0, 0, 1, 0), new TokenUpdate(0L, false, 0, 0, 1, 0)),
                Optional.of(new StoredSignature("abc123", new byte[] {1, 2, 3}, DAY)), DAY));

            assertThat(store.totals(ALICE)).isEqualTo(totals);
            assertThat(store.tokens(ALICE, List.of(-5L, 0L, 8L)))
                .containsOnlyKeys(-5L, 0L)
                .containsEntry(-5L, new TokenStatistics(1, 0, DAY));
            assertThat(store.signature(ALICE, "abc123")).map(StoredSignature::data).contains(new byte[] {1, 2, 3});
            assertThat(store.hasSignature(ALICE, "abc123")).isTrue();
            assertThat(store.totals(BOB)).isEqualTo(DspamTotals.EMPTY);
            assertThat(store.signature(BOB, "abc123")).isEmpty();
            assertThat(store.users()).containsExactly(ALICE);
        }

        @Test
        void laterWritesReplaceCountersAndLastHit() {
            open();
            store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, DspamTotals.EMPTY,
                List.of(new TokenUpdate(9L, false, 0, 0, 3, 4)), Optional.empty(), DAY));
            store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, DspamTotals.EMPTY,
                List.of(new TokenUpdate(9L, true, 3, 4, 2, 7)), Optional.empty(), DAY.plusDays(2)));

            assertThat(store.tokens(ALICE, List.of(9L))).containsEntry(9L, new TokenStatistics(2, 7, DAY.plusDays(2)));
        }

        @Test
        void countersAreCappedLikeTheHashDriver() {
            open();
            store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, DspamTotals.EMPTY,
                List.of(new TokenUpdate(9L, false, 0, 0, 0x7FFFFFFFFL, 1)), Optional.empty(), DAY));
            reopen();
            assertThat(store.tokens(ALICE, List.of(9L)).get(9L).spamHits()).isEqualTo(0x0FFFFFFF);
        }

        @Test
        void emptyUpdateCreatesNoUser() {
            open();
            store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, DspamTotals.EMPTY, List.of(), Optional.empty(), DAY));
            assertThat(store.users()).isEmpty();
        }
    }

    @Nested
    class Reopening {
        @Test
        void everythingSurvivesCloseAndReopen() {
            open();
            DspamTotals totals = DspamTotals.EMPTY;
            for (int i = 0; i < 20; i++) {
                MessageUpdate update = spamMessage(totals, 1L, 2L, 1000L + i);
                store.apply(ALICE, update);
                totals = update.totals();
            }
            store.apply(BOB, new MessageUpdate(DspamTotals.EMPTY, new DspamTotals(0, 1, 0, 0, 0, 0, 0, 1),
                List.of(new TokenUpdate(Long.MIN_VALUE, false, 0, 0, 0, 1)),
                Optional.of(new StoredSignature("4b11c532158749980119923", new byte[40], DAY)), DAY));

            reopen();

            assertThat(store.users()).containsExactly(BOB, ALICE);
            assertThat(store.totals(ALICE)).isEqualTo(totals);
            assertThat(store.tokens(ALICE, List.of(1L, 2L, 1000L, 1019L)))
                .containsEntry(1L, new TokenStatistics(20, 0, DAY))
                .containsEntry(1000L, new TokenStatistics(1, 0, DAY))
                .containsEntry(1019L, new TokenStatistics(20, 0, DAY));
            assertThat(store.tokenCount(ALICE)).isEqualTo(22);
            assertThat(store.totals(BOB)).isEqualTo(new DspamTotals(0, 1, 0, 0, 0, 0, 0, 1));
            assertThat(store.signature(BOB, "4b11c532158749980119923")).map(StoredSignature::length).contains(40);
            assertThat(store.signature(BOB, "4b11c532158749980119923")).map(StoredSignature::createdOn).contains(DAY);
        }

        @Test
        void compactionOnTheMessagesThreadKeepsEverythingAndEmptiesTheJournal() throws Exception {
            store = JournalDspamStore.open(directory, compactingAfter2000Bytes().withCompactionInBackground(false));
            applySpamMessages(30);

            // No message left the journal past its limit: each compacted before returning.
            assertThat(journalBytes()).isLessThanOrEqualTo(limit() + recordBytes());
            assertThat(Files.exists(user().resolve("tokens.snapshot"))).isTrue();
            assertAliceHasAllOf(30);
        }

        @Test
        void compactionInTheBackgroundKeepsEverythingAndEmptiesTheJournal() throws Exception {
            store = JournalDspamStore.open(directory, compactingAfter2000Bytes());
            applySpamMessages(30);
            store.awaitCompactions(AWAIT);

            assertThat(journalBytes()).isLessThanOrEqualTo(limit() + recordBytes());
            assertThat(Files.exists(user().resolve("tokens.snapshot"))).isTrue();
            assertThat(store.totals(ALICE).spamLearned()).isEqualTo(30);
            assertAliceHasAllOf(30);
        }

        @Test
        void aCompactionThreadThatFallsBehindLeavesCompactingToTheMessagesPastTwiceTheLimit() throws Exception {
            store = JournalDspamStore.open(directory, compactingAfter2000Bytes());
            CountDownLatch release = new CountDownLatch(1);
            Future<?> busy = occupyCompactionThreadUntil(release);
            try {
                applySpamMessages(30, () -> {
                    // While the compaction thread is busy, the journal may pass its limit but not twice it.
                    assertThat(journalBytes()).isLessThanOrEqualTo(2 * limit() + recordBytes());
                    assertThat(store.totals(ALICE).spamLearned()).isEqualTo(spamLearnedSoFar());
                });
                // Only the messages' threads could have written the snapshot.
                assertThat(Files.exists(user().resolve("tokens.snapshot"))).isTrue();
            } finally {
                release.countDown();
            }
            busy.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
            store.awaitCompactions(AWAIT);
            assertThat(journalBytes()).isLessThanOrEqualTo(limit() + recordBytes());
            assertAliceHasAllOf(30);
        }

        @Test
        void closingWithACompactionQueuedLosesNothing() throws Exception {
            store = JournalDspamStore.open(directory, compactingAfter2000Bytes());
            CountDownLatch release = new CountDownLatch(1);
            Future<?> busy = occupyCompactionThreadUntil(release);
            // Two messages: past the limit, not yet twice past it (the third would compact on its own thread).
            applySpamMessages(2);
            long journalBeforeClose = journalBytes();
            assertThat(journalBeforeClose).isGreaterThan(limit());

            store.close();
            release.countDown();
            busy.get(AWAIT.toSeconds(), TimeUnit.SECONDS);

            // The queued compaction found the store closed and left the journal alone.
            assertThat(journalBytes()).isEqualTo(journalBeforeClose);
            assertThat(Files.exists(user().resolve("tokens.snapshot"))).isFalse();
            store = JournalDspamStore.open(directory, compactingAfter2000Bytes());
            assertThat(store.totals(ALICE).spamLearned()).isEqualTo(2);
            // Opening a user whose journal is past its limit hands its compaction over too.
            store.awaitCompactions(AWAIT);
            assertThat(Files.exists(user().resolve("tokens.snapshot"))).isTrue();
            assertAliceHasAllOf(2);
        }

        @Test
        void tornLastRecordIsDroppedAndWritingContinues() throws IOException {
            open();
            MessageUpdate first = spamMessage(DspamTotals.EMPTY, 1L, 2L);
            store.apply(ALICE, first);
            store.apply(ALICE, spamMessage(first.totals(), 1L, 2L, 3L));
            store.close();
            Path journal = directory.resolve("users").resolve("alice").resolve("journal");
            try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                channel.truncate(channel.size() - 5);
            }

            open();
            assertThat(store.totals(ALICE)).isEqualTo(first.totals());
            assertThat(store.tokens(ALICE, List.of(1L, 2L, 3L))).containsOnlyKeys(1L, 2L);
            MessageUpdate again = spamMessage(first.totals(), 4L);
            store.apply(ALICE, again);
            reopen();
            assertThat(store.totals(ALICE)).isEqualTo(again.totals());
            assertThat(store.tokens(ALICE, List.of(3L, 4L))).containsOnlyKeys(4L);
        }

        @Test
        void signatureWhoseMessageNeverCommittedIsDropped() throws IOException {
            open();
            store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, new DspamTotals(1, 0, 0, 0, 0, 0, 0, 0),
                List.of(new TokenUpdate(1L, false, 0, 0, 1, 0)),
                Optional.of(new StoredSignature("kept", new byte[] {1}, DAY)), DAY));
            store.apply(ALICE, new MessageUpdate(new DspamTotals(1, 0, 0, 0, 0, 0, 0, 0),
                new DspamTotals(2, 0, 0, 0, 0, 0, 0, 0), List.of(new TokenUpdate(1L, true, 1, 0, 2, 0)),
                Optional.of(new StoredSignature("torn", new byte[] {2}, DAY)), DAY));
            store.close();
            // The process dies after the signature is written but before the journal record is complete.
            Path journal = directory.resolve("users").resolve("alice").resolve("journal");
            try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE)) {
                channel.truncate(channel.size() - 1);
            }

            open();
            assertThat(store.hasSignature(ALICE, "kept")).isTrue();
            assertThat(store.hasSignature(ALICE, "torn")).isFalse();
            assertThat(store.totals(ALICE).spamLearned()).isEqualTo(1);
        }

        @Test
        void aTornLastSignatureIsDroppedAndADamagedOneIsReportedWhenRead() throws IOException {
            open();
            DspamTotals totals = DspamTotals.EMPTY;
            byte[] data = new byte[1000];
            Arrays.fill(data, (byte) 5);
            for (String id : List.of("first", "secnd", "third")) {
                DspamTotals next = new DspamTotals(totals.spamLearned() + 1, 0, 0, 0, 0, 0, 0, 0);
                store.apply(ALICE, new MessageUpdate(totals, next, List.of(), Optional.of(new StoredSignature(id,
                    data, DAY)), DAY));
                totals = next;
            }
            store.close();
            Path signatures = directory.resolve("users").resolve("alice").resolve(JournalUserData.SIGNATURES);
            long recordLength = (Files.size(signatures) - JournalFormat.FILE_HEADER) / 3;
            try (FileChannel channel = FileChannel.open(signatures, StandardOpenOption.WRITE)) {
                // The second record's data damaged outside the store, the third one's end zeroed (a torn write).
                channel.write(ByteBuffer.wrap(new byte[] {7}), JournalFormat.FILE_HEADER + recordLength + 500);
                channel.write(ByteBuffer.wrap(new byte[10]), JournalFormat.FILE_HEADER + 3 * recordLength - 10);
            }

            open();
            assertThat(store.hasSignature(ALICE, "first")).isTrue();
            assertThat(store.hasSignature(ALICE, "third")).isFalse();
            assertThat(store.signature(ALICE, "first")).map(StoredSignature::length).contains(1000);
            assertThatThrownBy(() -> store.signature(ALICE, "secnd")).isInstanceOf(DspamStoreException.class)
                .hasMessageContaining("secnd");
            assertThat(Files.size(signatures)).isEqualTo(JournalFormat.FILE_HEADER + 2 * recordLength);
        }

        @Test
        void damagedSnapshotIsReportedNotSilentlyEmptied() throws IOException {
            open();
            store.apply(ALICE, spamMessage(DspamTotals.EMPTY, 1L, 2L));
            store.compact(ALICE);
            store.close();
            Path snapshot = directory.resolve("users").resolve("alice").resolve("tokens.snapshot");
            byte[] bytes = Files.readAllBytes(snapshot);
            bytes[bytes.length / 2] ^= 0x40;
            Files.write(snapshot, bytes);

            open();
            assertThatThrownBy(() -> store.totals(ALICE))
                .isInstanceOf(DspamStoreException.class)
                .hasMessageContaining("checksum");
        }

        @Test
        void secondOpenOfTheSameDirectoryIsRefused() {
            open();
            assertThatThrownBy(() -> JournalDspamStore.open(directory))
                .isInstanceOf(DspamStoreException.class)
                .hasMessageContaining("already open");
        }

        @Test
        void closedStoreRefusesCalls() {
            open();
            store.close();
            assertThatThrownBy(() -> store.totals(ALICE)).isInstanceOf(DspamStoreException.class)
                .hasMessageContaining("closed");
        }
    }

    @Nested
    class Purging {
        @Test
        void signaturesCreatedBeforeTheLimitGoAndTheRestSurvivesReopen() {
            open();
            LocalDate today = DAY;
            String[] ids = {"age0", "age14", "age15", "age40"};
            int[] ages = {0, 14, 15, 40};
            for (int i = 0; i < ids.length; i++) {
                store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, DspamTotals.EMPTY, List.of(),
                    Optional.of(new StoredSignature(ids[i], new byte[] {(byte) i}, today.minusDays(ages[i]))), today));
            }

            // PurgeSignatures 14: whole-day age > 14 goes, i.e. created before today − 14.
            assertThat(store.purgeSignatures(ALICE, today.minusDays(14))).isEqualTo(2);
            assertThat(store.hasSignature(ALICE, "age0")).isTrue();
            assertThat(store.hasSignature(ALICE, "age14")).isTrue();
            assertThat(store.hasSignature(ALICE, "age15")).isFalse();

            reopen();
            assertThat(store.signatureCount(ALICE)).isEqualTo(2);
            assertThat(store.signature(ALICE, "age14")).map(StoredSignature::data).contains(new byte[] {1});
            assertThat(store.hasSignature(ALICE, "age40")).isFalse();
            store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, DspamTotals.EMPTY, List.of(),
                Optional.of(new StoredSignature("after", new byte[] {9}, today)), today));
            reopen();
            assertThat(store.signature(ALICE, "after")).map(StoredSignature::data).contains(new byte[] {9});
            assertThat(store.signatureCount(ALICE)).isEqualTo(3);
        }

        @Test
        void purgedTokensStayPurgedAfterReopen() {
            open();
            store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, DspamTotals.EMPTY,
                List.of(new TokenUpdate(1L, false, 0, 0, 1, 0), new TokenUpdate(2L, false, 0, 0, 4, 4)),
                Optional.empty(), DAY));

            assertThat(store.purgeTokens(ALICE, (id, s) -> s.spamHits() + 2 * s.innocentHits() < 5)).isEqualTo(1);
            reopen();
            assertThat(store.tokens(ALICE, List.of(1L, 2L))).containsOnlyKeys(2L);
        }
    }

    @Nested
    class Concurrency {
        @Test
        void usersAreWrittenInParallelWithoutLosingMessages() throws Exception {
            open();
            int users = 4;
            int messages = 200;
            ExecutorService pool = Executors.newFixedThreadPool(users);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                DspamUser user = DspamUser.of("user" + u);
                done.add(pool.submit(() -> {
                    start.await();
                    DspamTotals totals = DspamTotals.EMPTY;
                    for (int m = 0; m < messages; m++) {
                        MessageUpdate update = spamMessage(totals, 1L, 2L, 3L);
                        store.apply(user, update);
                        totals = update.totals();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            reopen();
            for (int u = 0; u < users; u++) {
                DspamUser user = DspamUser.of("user" + u);
                assertThat(store.totals(user).spamLearned()).isEqualTo(messages);
                assertThat(store.tokens(user, List.of(3L))).containsEntry(3L, new TokenStatistics(messages, 0, DAY));
            }
        }
    }

    @Nested
    class Unloading {
        /**
         * A user unloaded while its own call still writes must not be opened again before that
         * write is done: the new copy would read the journal without it and its next message
         * would overwrite it (found by CI in session 6: one message of 30 lost; this test lost one of
         * 3,000 in two runs of two without the fix). Readers of other threads open
         * users while owners write, with one user open at a time.
         */
        @Test
        void aUserIsNotOpenedAgainWhileItsUnloadedCopyStillWrites() throws Exception {
            store = JournalDspamStore.open(directory, JournalDspamStore.Options.defaults().withMaximumLoadedUsers(1));
            int owners = 3;
            int rounds = 3000;
            ExecutorService pool = Executors.newFixedThreadPool(owners + 2);
            List<Future<?>> done = new ArrayList<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            for (int t = 0; t < owners; t++) {
                DspamUser user = DspamUser.of("owner" + t);
                done.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        store.apply(user, spamMessage(store.totals(user), 7L, 8L));
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                int reader = r;
                readers.add(pool.submit(() -> {
                    for (int i = reader; writing.get(); i++) {
                        store.totals(DspamUser.of("owner" + (i % owners)));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> future : readers) {
                future.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            for (int t = 0; t < owners; t++) {
                assertThat(store.totals(DspamUser.of("owner" + t)).spamLearned()).as("owner%d", t).isEqualTo(rounds);
            }
        }

        /**
         * Users with weeks of signatures, closed and opened again at every other call: each open reads
         * the index the last close saved and the signatures written since; none is lost or mixed up.
         */
        @Test
        void signaturesSurviveEveryReopeningThroughTheSavedIndex() throws IOException {
            store = JournalDspamStore.open(directory, JournalDspamStore.Options.defaults().withMaximumLoadedUsers(1));
            DspamUser[] users = {DspamUser.of("sig-a"), DspamUser.of("sig-b")};
            int perUser = 3 * JournalSignatureFile.SAVED_INDEX_MINIMUM;
            for (int n = 0; n < perUser; n++) {
                for (DspamUser user : users) {
                    DspamTotals before = store.totals(user);
                    store.apply(user, new MessageUpdate(before, before, List.of(),
                        Optional.of(new StoredSignature(user.asString() + "-" + n, signatureData(user, n), DAY.plusDays(n % 5))),
                        DAY));
                }
            }
            for (DspamUser user : users) {
                assertThat(Files.exists(directory.resolve("users").resolve(user.asString()).resolve("signatures.index")))
                    .as(user.asString()).isTrue();
            }
            reopen();
            for (int n = 0; n < perUser; n++) {
                for (DspamUser user : users) {
                    StoredSignature read = store.signature(user, user.asString() + "-" + n).orElseThrow();
                    assertThat(read.data()).isEqualTo(signatureData(user, n));
                    assertThat(read.createdOn()).isEqualTo(DAY.plusDays(n % 5));
                    assertThat(store.hasSignature(users[0], users[1].asString() + "-" + n)).isFalse();
                }
            }
            for (DspamUser user : users) {
                assertThat(store.signatureCount(user)).isEqualTo(perUser);
            }
        }

        private byte[] signatureData(DspamUser user, int n) {
            byte[] data = new byte[100 + n];
            new Random(user.asString().hashCode() * 31L + n).nextBytes(data);
            return data;
        }

        /**
         * Users that each changed a thousand rows since their snapshot, far more of them than the
         * changed rows' budget allows open at once (however many users may be open): the least
         * recently used are closed, the store's account of those rows stays what they take, and
         * nothing written is lost by closing.
         */
        @Test
        void changedRowsPastTheirBudgetCloseTheLeastRecentlyUsedUsers() {
            long budget = 256 * 1024;
            store = JournalDspamStore.open(directory, JournalDspamStore.Options.defaults().withMaximumLoadedUsers(1000)
                .withChangedRowsBytes(budget).withCompactionInBackground(false));
            int users = 40;
            // Fewer than the 1,024 changed rows that start a compaction: every user keeps them in the heap
            long[] ids = LongStream.range(0, 1000).map(i -> i * 104_729L + 3).toArray();
            long perUser = 0;
            for (int u = 0; u < users; u++) {
                DspamUser user = DspamUser.of("learner" + u);
                store.apply(user, spamMessage(store.totals(user), ids));
                if (u == 0) {
                    perUser = store.changedRowsBytesCounted();
                    assertThat(perUser).as("one user's changed rows").isBetween(budget / users, budget / 2);
                }
                assertThat(store.changedRowsBytesAccounted()).as("after learner%d", u)
                    .isEqualTo(store.changedRowsBytesCounted());
                assertThat(store.isLoaded(user)).isTrue();
            }
            long open = IntStream.range(0, users).filter(u -> store.isLoaded(DspamUser.of("learner" + u))).count();
            assertThat(open).isGreaterThan(1).isLessThan(users);
            assertThat(store.changedRowsBytesAccounted()).isLessThanOrEqualTo(budget + perUser);
            assertThat(store.isLoaded(DspamUser.of("learner0"))).as("the least recently used").isFalse();

            for (int u = 0; u < users; u++) {
                DspamUser user = DspamUser.of("learner" + u);
                assertThat(store.totals(user).spamLearned()).as("learner%d", u).isEqualTo(1);
                TokenRows rows = store.load(user, ids);
                for (int i = 0; i < ids.length; i++) {
                    assertThat(rows.spamHits(i)).as("learner%d row %d", u, i).isEqualTo(1);
                }
                assertThat(store.changedRowsBytesAccounted()).isEqualTo(store.changedRowsBytesCounted());
            }
        }

        /**
         * One user whose own changed rows pass the budget closes every other user at each of its calls:
         * the operator is told which user, and what the budget is, once (not at every call).
         */
        @Test
        void aUserAlonePastTheBudgetIsReportedOnce() {
            long budget = 1024;
            store = JournalDspamStore.open(directory, JournalDspamStore.Options.defaults().withChangedRowsBytes(budget)
                .withCompactionInBackground(false));
            DspamUser other = DspamUser.of("other");
            DspamUser large = DspamUser.of("large");
            // Fewer than the 1,024 changed rows that start a compaction, more heap than the budget
            long[] ids = LongStream.range(0, 1000).map(i -> i * 7_919L + 11).toArray();
            try (CapturedLogs logs = CapturedLogs.of(JournalDspamStore.class.getName())) {
                store.apply(other, spamMessage(store.totals(other), new long[] {1}));
                store.apply(large, spamMessage(store.totals(large), ids));
                assertThat(store.isLoaded(other)).as("closed for the large user's rows").isFalse();
                assertThat(store.changedRowsBytesAccounted()).isGreaterThan(budget);
                store.apply(large, spamMessage(store.totals(large), ids));

                assertThat(logs.warnings()).singleElement().asString()
                    .contains("large", "1024 bytes", "embedded.changedRowsSize");
            }
            assertThat(store.totals(other).spamLearned()).isEqualTo(1);
            assertThat(store.totals(large).spamLearned()).isEqualTo(2);
        }

        /** A compaction on the store's thread empties the user's changed rows; the account follows. */
        @Test
        void theChangedRowsAccountFollowsACompactionInTheBackground() throws Exception {
            store = JournalDspamStore.open(directory, JournalDspamStore.Options.defaults());
            DspamUser user = DspamUser.of("compacted");
            CountDownLatch release = new CountDownLatch(1);
            Future<?> busy = store.runOnCompactionThread(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // Past the 1,024 changed rows that start a compaction (not twice past: the message would compact
            // itself), handed to the store's thread, which is busy
            store.apply(user, spamMessage(store.totals(user), LongStream.range(0, 1_500).toArray()));
            long beforeCompaction = store.changedRowsBytesAccounted();
            assertThat(beforeCompaction).isEqualTo(store.changedRowsBytesCounted());
            release.countDown();
            busy.get(AWAIT.toSeconds(), TimeUnit.SECONDS);
            store.awaitCompactions(AWAIT);
            assertThat(store.changedRowsBytesAccounted()).isEqualTo(store.changedRowsBytesCounted())
                .isLessThan(beforeCompaction);
        }

        @Test
        void theLeastRecentlyUsedUserIsTheOneUnloaded() {
            store = JournalDspamStore.open(directory, JournalDspamStore.Options.defaults().withMaximumLoadedUsers(2));
            DspamUser first = DspamUser.of("first");
            DspamUser second = DspamUser.of("second");
            DspamUser third = DspamUser.of("third");
            store.apply(first, spamMessage(store.totals(first), 7L, 8L));
            store.apply(second, spamMessage(store.totals(second), 7L, 8L));
            store.totals(first);

            store.apply(third, spamMessage(store.totals(third), 7L, 8L));
            assertThat(store.isLoaded(second)).as("second, used before first was used again").isFalse();
            assertThat(store.isLoaded(first)).isTrue();
            assertThat(store.isLoaded(third)).isTrue();

            assertThat(store.totals(second).spamLearned()).isEqualTo(1);
            assertThat(store.isLoaded(first)).as("first, now used before third").isFalse();
            assertThat(store.isLoaded(second)).isTrue();
            assertThat(store.isLoaded(third)).isTrue();
        }

        @Test
        void leastRecentlyUsedUsersAreUnloadedAndReadBackWithoutLoss() throws Exception {
            store = JournalDspamStore.open(directory, JournalDspamStore.Options.defaults().withMaximumLoadedUsers(2));
            int users = 5;
            int rounds = 30;
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        // Each thread owns its users' writes (the engine serialises one user's messages).
                        for (int u = thread; u < users; u += 3) {
                            DspamUser user = DspamUser.of("user" + u);
                            DspamTotals before = store.totals(user);
                            store.apply(user, spamMessage(before, 7L, 8L));
                        }
                        store.totals(DspamUser.of("user" + (round % users)));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            for (int u = 0; u < users; u++) {
                DspamUser user = DspamUser.of("user" + u);
                assertThat(store.totals(user).spamLearned()).isEqualTo(rounds);
                assertThat(store.tokens(user, List.of(7L))).containsEntry(7L, new TokenStatistics(rounds, 0, DAY));
            }
            reopen();
            assertThat(store.totals(DspamUser.of("user4")).spamLearned()).isEqualTo(rounds);
        }
    }

    @Nested
    class UserDirectories {
        @Test
        void namesRoundTripAndCaseDoesNotCollide() {
            for (String name : new String[] {"alice", "Alice", "bob.smith@example.com", "x%y", "été", "a:b*c?"}) {
                DspamUser user = DspamUser.of(name);
                String encoded = JournalDspamStore.JournalUserNames.encode(user);
                assertThat(encoded).matches("[a-z0-9._+@%A-F-]+");
                assertThat(JournalDspamStore.JournalUserNames.decode(encoded)).contains(user);
            }
            assertThat(JournalDspamStore.JournalUserNames.encode(DspamUser.of("Alice")))
                .isNotEqualTo(JournalDspamStore.JournalUserNames.encode(DspamUser.of("alice")));
        }

        @Test
        void theLongestNamesFitAFileNameAndAreListedAfterReopening() {
            // 255 bytes is DSPAM's limit; %XX makes 765 characters of it, three times ext4's 255.
            DspamUser upper = DspamUser.of("U".repeat(DspamUser.MAX_LENGTH_BYTES));
            DspamUser sameStart = DspamUser.of("U".repeat(DspamUser.MAX_LENGTH_BYTES - 1) + "V");
            DspamUser accents = DspamUser.of("é".repeat(DspamUser.MAX_LENGTH_BYTES / 2));
            open();
            for (DspamUser user : List.of(upper, sameStart, accents)) {
                assertThat(JournalDspamStore.JournalUserNames.encode(user).length())
                    .isLessThanOrEqualTo(JournalDspamStore.JournalUserNames.MAX_DIRECTORY_NAME);
                store.apply(user, spamMessage(DspamTotals.EMPTY, 1, 2, 3));
            }
            assertThat(JournalDspamStore.JournalUserNames.encode(upper))
                .isNotEqualTo(JournalDspamStore.JournalUserNames.encode(sameStart));
            reopen();
            assertThat(store.users()).contains(upper, sameStart, accents);
            assertThat(store.totals(upper).spamLearned()).isEqualTo(1);
            assertThat(store.totals(sameStart).spamLearned()).isEqualTo(1);
        }
    }
}

package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.api.DspamUserRenaming;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.preference.PreferenceStore;
import io.jamesdspam.engine.storage.sql.SqlDspamStore;
import io.jamesdspam.engine.storage.sql.TestStoreOptions;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.TestDatabase;

/**
 * {@link EmbeddedDspam#moveUser}: what James's user rename does to DSPAM's data. Everything the
 * old name holds ends under the new one, the old name holds nothing, and a message tagged for
 * the old name is retrained by its signature under the new one.
 */
class MoveUserTest {
    private static final DspamUser OLD = DspamUser.of("alice@example.org");
    private static final DspamUser NEW = DspamUser.of("alice.smith@example.org");
    private static final Instant LATER = Instant.parse("2026-12-05T10:00:00Z");

    @TempDir
    Path directory;

    /** Moves OLD to NEW in {@code store} and checks what a rename must leave. */
    private static void movesEverything(DspamStore store) {
        List<Signature> signatures = StoreCopyTest.use(store, OLD, 0);
        ((PreferenceStore) store).storePreference(OLD, "trainingMode", "toe");
        StoreContents before = StoreContents.of(store, OLD);
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store, Clock.fixed(LATER, ZoneOffset.UTC));

        DspamUserRenaming.MoveReport report = engine.moveUser(OLD, NEW);

        assertThat(StoreContents.of(store, NEW)).isEqualTo(before);
        assertThat(StoreContents.of(store, OLD)).isEqualTo(StoreContents.nothing());
        assertThat(report.tokens()).isEqualTo(before.rowCount());
        assertThat(report.signatures()).isEqualTo(6);
        assertThat(report.merged()).isFalse();
        assertThat(report.found()).isTrue();
        // A message tagged for the old name, corrected after the rename
        assertThat(engine.execute(DspamRequest.retrain(List.of(NEW), TrainingClass.SPAM, signatures.get(0))).resultFor(NEW))
            .isPresent();
        assertThat(engine.totals(NEW)).isNotEqualTo(before.totals());
    }

    private Path userDirectory(DspamUser user) {
        return directory.resolve("users").resolve(JournalDspamStore.JournalUserNames.encode(user));
    }

    @Test
    void aJournalStoreMovesEverythingAndKeepsItAfterReopening() {
        StoreContents moved;
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            movesEverything(store);
            moved = StoreContents.of(store, NEW);
            // In one step: the old name's directory became the new name's
            assertThat(userDirectory(OLD)).doesNotExist();
            assertThat(store.users()).containsExactly(NEW);
        }
        try (JournalDspamStore reopened = JournalDspamStore.open(directory)) {
            assertThat(StoreContents.of(reopened, NEW)).isEqualTo(moved);
            assertThat(StoreContents.of(reopened, OLD)).isEqualTo(StoreContents.nothing());
        }
    }

    @Test
    void aJournalStoreRenamesLongNamesAndListsEachUnderItsNewName() {
        // Past 240 bytes once percent-encoded: such a directory is named by a hash and a name file
        DspamUser longOld = DspamUser.of("A".repeat(100) + "@example.org");
        DspamUser longNew = DspamUser.of("B".repeat(100) + "@example.org");
        assertThat(JournalDspamStore.JournalUserNames.encode(longOld)).contains("~");
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            StoreCopyTest.use(store, longOld, 0);
            StoreContents before = StoreContents.of(store, longOld);
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store);

            engine.moveUser(longOld, OLD);
            assertThat(store.users()).containsExactly(OLD);
            engine.moveUser(OLD, longNew);
            assertThat(store.users()).containsExactly(longNew);
            assertThat(StoreContents.of(store, longNew)).isEqualTo(before);
        }
        try (JournalDspamStore reopened = JournalDspamStore.open(directory)) {
            assertThat(reopened.users()).containsExactly(longNew);
        }
    }

    /** OLD and NEW with data (NEW its own signatures and a preference of OLD's name), as mail gives a renamed user. */
    private static <S extends DspamStore & PreferenceStore> void useBoth(S store) {
        StoreCopyTest.use(store, OLD, 0);
        StoreCopyTest.use(store, NEW, 20);
        store.storePreference(OLD, "trainingMode", "toe");
        store.storePreference(OLD, "enableBNR", "off");
        store.storePreference(NEW, "trainingMode", "tum");
    }

    /** A copy of both users in the memory store, where the move is the copy that merges. */
    private static InMemoryDspamStore copyOfBoth(DspamStore store) {
        InMemoryDspamStore copied = new InMemoryDspamStore();
        new StoreCopy(store, copied).copyAll(List.of(OLD, NEW), StoreCopy.Existing.REFUSE, user -> { });
        return copied;
    }

    /** {@link #useBoth}, and what the copy that merges (the memory store's path) leaves under NEW. */
    private static StoreContents usedBothAndMergedByCopy(JournalDspamStore store) {
        useBoth(store);
        InMemoryDspamStore copied = copyOfBoth(store);
        EmbeddedDspam.create(EngineSettings.defaults(), copied).moveUser(OLD, NEW);
        return StoreContents.of(copied, NEW);
    }

    private void assertMerged(JournalDspamStore store, StoreContents expected) {
        assertThat(StoreContents.of(store, NEW)).isEqualTo(expected);
        assertThat(store.preferences(NEW).asMap()).containsEntry("trainingMode", "tum").containsEntry("enableBNR", "off");
        assertThat(StoreContents.of(store, OLD)).isEqualTo(StoreContents.nothing());
        assertThat(store.users()).containsExactly(NEW);
        assertThat(userDirectory(OLD)).doesNotExist();
        assertThat(directory.resolve(JournalMerge.STAGING)).doesNotExist();
        assertThat(directory.resolve(JournalMerge.INTENT)).doesNotExist();
    }

    /**
     * NEW had mail before the move: the journal store builds NEW with OLD added beside the store,
     * then puts it in place, and ends with what the copy that merges leaves, row for row.
     */
    @Test
    void aJournalStoreAddsTheOldNameToANewNameThatHoldsDataAsACopyWould() {
        StoreContents expected;
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            expected = usedBothAndMergedByCopy(store);
            long oldSignatures = store.signatureCount(OLD);

            DspamUserRenaming.MoveReport report = EmbeddedDspam.create(EngineSettings.defaults(), store).moveUser(OLD, NEW);

            assertThat(report.merged()).isTrue();
            assertThat(report.signatures()).isEqualTo(oldSignatures);
            assertMerged(store, expected);
        }
        try (JournalDspamStore reopened = JournalDspamStore.open(directory)) {
            assertMerged(reopened, expected);
        }
    }

    /** The merge fails before its commit (its intent cannot be written): both names are left as they were. */
    @Test
    void aJournalMergeThatFailsBeforeItsCommitLeavesBothNamesAsTheyWere() throws Exception {
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            usedBothAndMergedByCopy(store);
            StoreContents oldBefore = StoreContents.of(store, OLD);
            StoreContents newBefore = StoreContents.of(store, NEW);
            Files.createDirectory(directory.resolve(JournalMerge.INTENT + ".tmp"));

            assertThatThrownBy(() -> EmbeddedDspam.create(EngineSettings.defaults(), store).moveUser(OLD, NEW))
                .isInstanceOf(DspamException.class).hasMessageContaining("Nothing of " + OLD + " moved");

            assertThat(StoreContents.of(store, OLD)).isEqualTo(oldBefore);
            assertThat(StoreContents.of(store, NEW)).isEqualTo(newBefore);
            assertThat(directory.resolve(JournalMerge.STAGING)).doesNotExist();
            assertThat(directory.resolve(JournalMerge.INTENT)).doesNotExist();
        }
    }

    /**
     * The process dies after the merge's commit, before, between or after its renames (0 to 3 made):
     * the next open finishes it, and NEW holds what the copy would have left.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void aJournalMergeCommittedBeforeACrashIsFinishedByTheNextOpen(int renamesMade) throws Exception {
        StoreContents expected;
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            expected = usedBothAndMergedByCopy(store);
            JournalMerge merge = store.stageMerge(OLD, NEW);
            merge.writeIntent();
            Path staging = directory.resolve(JournalMerge.STAGING);
            List<Runnable> renames = List.of(
                () -> move(userDirectory(OLD), staging.resolve("replaced-source")),
                () -> move(userDirectory(NEW), staging.resolve("replaced-target")),
                () -> move(merge.stagedTarget(), userDirectory(NEW)));
            // The users' files are closed first, as the merge's renames do under the store's lock
            store.close();
            renames.subList(0, renamesMade).forEach(Runnable::run);
        }
        try (JournalDspamStore reopened = JournalDspamStore.open(directory)) {
            assertMerged(reopened, expected);
        }
    }

    /**
     * A rename fails after the commit, twice (the merge tries again once): both users are refused
     * until the store is opened again, which finishes the merge.
     */
    @Test
    void aJournalMergeWhoseRenamesFailAfterItsCommitIsFinishedByTheNextOpen() {
        StoreContents expected;
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            expected = usedBothAndMergedByCopy(store);
            JournalMerge staged = store.stageMerge(OLD, NEW);
            int[] renames = {0};
            JournalMerge failing = new JournalMerge(directory, staged.sourceName(), staged.targetName(), (from, to) -> {
                // The first rename (OLD aside) is made, the second fails, also when tried again
                if (renames[0]++ > 0) {
                    throw new IOException("Input/output error");
                }
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            });

            assertThatThrownBy(() -> store.commitMerge(OLD, NEW, failing)).isInstanceOf(MoveUnfinishedException.class)
                .hasMessageContaining("committed").hasMessageContaining("restart");
            assertThat(renames[0]).isEqualTo(3);
            assertThatThrownBy(() -> store.totals(NEW)).isInstanceOf(DspamStoreException.class).hasMessageContaining("restart");
            assertThatThrownBy(() -> store.totals(OLD)).isInstanceOf(DspamStoreException.class).hasMessageContaining("restart");
            assertThatThrownBy(() -> EmbeddedDspam.create(EngineSettings.defaults(), store).moveUser(NEW, OLD))
                .isInstanceOf(DspamException.class);
        }
        try (JournalDspamStore reopened = JournalDspamStore.open(directory)) {
            assertMerged(reopened, expected);
        }
    }

    /** An intent that names no two user directories (a way out of {@code users/}) stops the open and moves nothing. */
    @Test
    void aMergeIntentThatNamesNoUserDirectoriesStopsTheOpen() throws IOException {
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            StoreCopyTest.use(store, OLD, 0);
        }
        Files.writeString(directory.resolve(JournalMerge.INTENT), "../../elsewhere\n" + JournalDspamStore.JournalUserNames
            .encode(NEW) + "\n");
        Files.createDirectories(directory.resolve(JournalMerge.STAGING).resolve("users")
            .resolve(JournalDspamStore.JournalUserNames.encode(NEW)));

        assertThatThrownBy(() -> JournalDspamStore.open(directory)).isInstanceOf(DspamStoreException.class)
            .hasMessageContaining("does not name two user directories");
        assertThat(userDirectory(OLD)).isDirectory();
        assertThat(userDirectory(NEW)).doesNotExist();
    }

    /** The process dies while the merged user is being built: the next open deletes it, both names as they were. */
    @Test
    void aJournalMergeStagedButNotCommittedIsForgottenByTheNextOpen() {
        StoreContents oldBefore;
        StoreContents newBefore;
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            usedBothAndMergedByCopy(store);
            oldBefore = StoreContents.of(store, OLD);
            newBefore = StoreContents.of(store, NEW);
            store.stageMerge(OLD, NEW);
        }
        assertThat(directory.resolve(JournalMerge.STAGING)).isDirectory();
        try (JournalDspamStore reopened = JournalDspamStore.open(directory)) {
            assertThat(StoreContents.of(reopened, OLD)).isEqualTo(oldBefore);
            assertThat(StoreContents.of(reopened, NEW)).isEqualTo(newBefore);
            assertThat(directory.resolve(JournalMerge.STAGING)).doesNotExist();
        }
    }

    /** A NEW emptied by an earlier move keeps an empty directory: OLD is added to it in one step too. */
    @Test
    void aJournalStoreMovesOntoANameAnEarlierMoveEmptied() {
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            StoreCopyTest.use(store, NEW, 20);
            StoreCopy.empty(store, NEW);
            assertThat(userDirectory(NEW)).isDirectory();
            StoreCopyTest.use(store, OLD, 0);
            StoreContents before = StoreContents.of(store, OLD);

            DspamUserRenaming.MoveReport report = EmbeddedDspam.create(EngineSettings.defaults(), store).moveUser(OLD, NEW);

            assertThat(report.merged()).isFalse();
            assertThat(StoreContents.of(store, NEW)).isEqualTo(before);
            assertThat(store.users()).containsExactly(NEW);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Calls that do not take the engine's user locks (statistics, preferences) go on during the
     * rename, which closes and reopens users under them: each sees the user before or after it,
     * nothing fails or waits for ever, and a message for the old name afterwards starts a new,
     * empty dictionary instead of writing into the renamed one.
     */
    @Test
    void aJournalRenameLetsReadersOfBothNamesOnAndTheOldNameStartsAfresh() throws Exception {
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            StoreCopyTest.use(store, OLD, 0);
            StoreContents before = StoreContents.of(store, OLD);
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store);
            AtomicBoolean moving = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                while (moving.get()) {
                    DspamTotals old = store.totals(OLD);
                    DspamTotals renamed = store.totals(NEW);
                    // Each read sees a user before or after the rename, never in between; read in this
                    // order, OLD after it and NEW before it cannot both be seen
                    assertThat(old).isIn(DspamTotals.EMPTY, before.totals());
                    assertThat(renamed).isIn(DspamTotals.EMPTY, before.totals());
                    assertThat(List.of(old, renamed)).contains(before.totals());
                    store.preferences(OLD);
                    reads.incrementAndGet();
                }
            });

            engine.moveUser(OLD, NEW);
            // The reader goes on after the rename too, so that it also reads the renamed user
            long readsAtTheMove = reads.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() > readsAtTheMove + 10 || reader.isDone());
            moving.set(false);

            reader.get();
            byte[] message = Corpus.load().testSet().get(40).bytes();
            assertThat(engine.execute(DspamRequest.process(List.of(OLD), message)).resultFor(OLD)).isPresent();
            assertThat(StoreContents.of(store, NEW)).isEqualTo(before);
            // One message learned, in a dictionary of its own
            assertThat(store.totals(OLD).spamLearned() + store.totals(OLD).innocentLearned()).isOne();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anSqlStoreMovesEverything(TestDatabase.Kind kind) throws SQLException {
        try (TestDatabase database = TestDatabase.create(kind, "sqlmv_", "move_user");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            movesEverything(store);
            // In one step: the rows were given NEW's uid; both names keep theirs, as other nodes remember them
            assertThat(database.queryLong("SELECT COUNT(*) FROM dspam_virtual_uids")).isEqualTo(2);
        }
    }

    /**
     * The rows of a whole user changed uid: PostgreSQL's planner statistics are refreshed, as after
     * a purge, so that the next reads of either user are planned on what the table now holds.
     */
    @Test
    void aPostgresqlMoveRefreshesThePlannersStatistics() throws SQLException {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, "sqlmv_", "move_analyze");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            StoreCopyTest.use(store, OLD, 0);
            String analyses = "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'dspam_token_data'";
            long before = database.queryLong(analyses);

            EmbeddedDspam.create(EngineSettings.defaults(), store).moveUser(OLD, NEW);

            await().atMost(Duration.ofSeconds(5)).until(() -> database.queryLong(analyses) > before);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anSqlStoreMovesNothingInOneStepOntoANameThatHoldsSomething(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind, "sqlmv_", "move_onto_prefs");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            StoreCopyTest.use(store, OLD, 0);
            store.storePreference(NEW, "trainingMode", "tum");
            StoreContents old = StoreContents.of(store, OLD);
            StoreContents own = StoreContents.of(store, NEW);

            assertThat(store.renameUser(OLD, NEW)).isFalse();

            assertThat(StoreContents.of(store, OLD)).isEqualTo(old);
            assertThat(StoreContents.of(store, NEW)).isEqualTo(own);
        }
    }

    /** A failure in the middle of the one-step move (here on the signatures, after the tokens) rolls all of it back. */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anSqlMoveThatFailsHalfWayLeavesBothNamesAsTheyWere(TestDatabase.Kind kind) throws SQLException {
        try (TestDatabase database = TestDatabase.create(kind, "sqlmv_", "move_fails");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            StoreCopyTest.use(store, OLD, 0);
            StoreContents before = StoreContents.of(store, OLD);
            database.execute("INSERT INTO dspam_virtual_uids (username) VALUES ('" + NEW.asString() + "')");
            long newUid = database.queryLong("SELECT uid FROM dspam_virtual_uids WHERE username = '" + NEW.asString() + "'");
            database.execute("ALTER TABLE dspam_signature_data ADD CONSTRAINT refused CHECK (uid <> " + newUid + ")");

            assertThatThrownBy(() -> EmbeddedDspam.create(EngineSettings.defaults(), store).moveUser(OLD, NEW))
                .isInstanceOf(DspamException.class)
                .extracting(e -> ((DspamException) e).kind()).isEqualTo(DspamException.Kind.STORAGE);

            assertThat(StoreContents.of(store, OLD)).isEqualTo(before);
            assertThat(StoreContents.of(store, NEW)).isEqualTo(StoreContents.nothing());
        }
    }

    /**
     * NEW had mail before the move: the database adds OLD to it in one transaction, and ends with
     * what the copy that merges (the path of the other stores) leaves, row for row.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anSqlStoreAddsTheOldNameToANewNameThatHoldsDataAsACopyWould(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind, "sqlmv_", "merge_user");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            useBoth(store);
            InMemoryDspamStore copied = copyOfBoth(store);
            DspamUserRenaming.MoveReport expected = EmbeddedDspam.create(EngineSettings.defaults(), copied).moveUser(OLD, NEW);

            DspamUserRenaming.MoveReport report = EmbeddedDspam.create(EngineSettings.defaults(), store).moveUser(OLD, NEW);

            assertThat(StoreContents.of(store, NEW)).isEqualTo(StoreContents.of(copied, NEW));
            assertThat(store.preferences(NEW).asMap()).containsEntry("trainingMode", "tum").containsEntry("enableBNR", "off");
            assertThat(StoreContents.of(store, OLD)).isEqualTo(StoreContents.nothing());
            assertThat(List.of(report.tokens(), report.signatures(), report.merged() ? 1L : 0L))
                .isEqualTo(List.of(expected.tokens(), expected.signatures(), 1L));
        }
    }

    /** A failure in the middle of the one-transaction merge leaves both names as they were, where a copy leaves part of OLD in NEW. */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anSqlMergeThatFailsHalfWayLeavesBothNamesAsTheyWere(TestDatabase.Kind kind) throws SQLException {
        try (TestDatabase database = TestDatabase.create(kind, "sqlmv_", "merge_fails");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            StoreCopyTest.use(store, OLD, 0);
            StoreCopyTest.use(store, NEW, 20);
            StoreContents old = StoreContents.of(store, OLD);
            StoreContents own = StoreContents.of(store, NEW);
            long newUid = database.queryLong("SELECT uid FROM dspam_virtual_uids WHERE username = '" + NEW.asString() + "'");
            // NEW's own signatures are there already; OLD's, the third part of the merge, are refused
            database.execute("ALTER TABLE dspam_signature_data ADD CONSTRAINT refused CHECK (uid <> " + newUid
                + " OR signature IN (" + String.join(", ", own.signatureIds().stream().map(id -> "'" + id + "'")
                .toArray(String[]::new)) + "))");

            assertThatThrownBy(() -> EmbeddedDspam.create(EngineSettings.defaults(), store).moveUser(OLD, NEW))
                .isInstanceOf(DspamException.class).hasMessageContaining("Nothing of " + OLD + " moved")
                .extracting(e -> ((DspamException) e).kind()).isEqualTo(DspamException.Kind.STORAGE);

            assertThat(StoreContents.of(store, OLD)).isEqualTo(old);
            assertThat(StoreContents.of(store, NEW)).isEqualTo(own);
        }
    }

    @Test
    void anSqlStoreCopiesRatherThanMovesOnDspamsMyIsamTables() throws SQLException {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.MARIADB, "sqlmv_", "move_myisam")) {
            database.execute("CREATE TABLE dspam_signature_data (uid int unsigned NOT NULL, signature char(32) NOT NULL, "
                + "data longblob NOT NULL, length int NOT NULL, created_on date NOT NULL, "
                + "UNIQUE KEY id_signature_data_01 (uid, signature)) ENGINE=MyISAM");
            try (SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
                StoreCopyTest.use(store, OLD, 0);
                StoreContents before = StoreContents.of(store, OLD);

                assertThat(store.renameUser(OLD, NEW)).isFalse();
                assertThat(StoreContents.of(store, OLD)).isEqualTo(before);

                DspamUserRenaming.MoveReport report = EmbeddedDspam.create(EngineSettings.defaults(), store).moveUser(OLD, NEW);
                assertThat(report.merged()).isFalse();
                assertThat(StoreContents.of(store, NEW)).isEqualTo(before);
                assertThat(StoreContents.of(store, OLD)).isEqualTo(StoreContents.nothing());
            }
        }
    }

    @Test
    void aNewNameThatReceivedMailAlreadyGetsTheOldNamesDataAddedToItsOwn() {
        InMemoryDspamStore store = new InMemoryDspamStore();
        StoreCopyTest.use(store, OLD, 0);
        StoreCopyTest.use(store, NEW, 50);
        StoreContents old = StoreContents.of(store, OLD);
        StoreContents own = StoreContents.of(store, NEW);

        DspamUserRenaming.MoveReport report = EmbeddedDspam.create(EngineSettings.defaults(), store).moveUser(OLD, NEW);

        StoreContents merged = StoreContents.of(store, NEW);
        assertThat(report.merged()).isTrue();
        assertThat(merged.totals()).isEqualTo(own.totals().plus(old.totals()));
        assertThat(merged.signatureCount()).isEqualTo(12);
        assertThat(merged.rowCount()).isGreaterThan(Math.max(own.rowCount(), old.rowCount()))
            .isLessThanOrEqualTo(own.rowCount() + old.rowCount());
        assertThat(StoreContents.of(store, OLD)).isEqualTo(StoreContents.nothing());
    }

    @Test
    void aUserWithNothingStoredMovesNothing() {
        InMemoryDspamStore store = new InMemoryDspamStore();
        StoreCopyTest.use(store, NEW, 0);
        StoreContents own = StoreContents.of(store, NEW);

        DspamUserRenaming.MoveReport report = EmbeddedDspam.create(EngineSettings.defaults(), store).moveUser(OLD, NEW);

        assertThat(report.found()).isFalse();
        assertThat(report.tokens()).isZero();
        assertThat(StoreContents.of(store, NEW)).isEqualTo(own);
        assertThat(store.users()).containsExactly(NEW);
    }

    @Test
    void aStoreFailureIsTheBackendsStorageFailureAndLeavesTheOldNameWhole() {
        InMemoryDspamStore memory = new InMemoryDspamStore();
        StoreCopyTest.use(memory, OLD, 0);
        StoreContents before = StoreContents.of(memory, OLD);
        DspamStore failing = new ForwardingDspamStore(memory) {
            @Override
            public void apply(DspamUser user, MessageUpdate update) {
                if (user.equals(NEW) && update.signature().isPresent()) {
                    throw new DspamStoreException("disk full");
                }
                super.apply(user, update);
            }

            @Override
            public void forEachSignature(DspamUser user, Consumer<StoredSignature> visitor) {
                memory.forEachSignature(user, visitor);
            }
        };

        assertThatThrownBy(() -> EmbeddedDspam.create(EngineSettings.defaults(), failing).moveUser(OLD, NEW))
            .isInstanceOf(DspamException.class).hasMessageContaining("disk full")
            .extracting(e -> ((DspamException) e).kind()).isEqualTo(DspamException.Kind.STORAGE);
        assertThat(StoreContents.of(memory, OLD)).isEqualTo(before);
    }

    @Test
    void aUserCannotMoveOntoItself() {
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore());

        assertThatThrownBy(() -> engine.moveUser(OLD, OLD)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("alice@example.org");
    }
}

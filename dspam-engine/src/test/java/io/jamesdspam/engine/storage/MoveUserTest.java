package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.api.DspamUserRenaming;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.preference.PreferenceStore;
import io.jamesdspam.engine.storage.sql.SqlDspamStore;
import io.jamesdspam.engine.storage.sql.TestStoreOptions;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
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

    private static StoreContents nothing() {
        return StoreContents.of(new InMemoryDspamStore(), OLD);
    }

    /** Moves OLD to NEW in {@code store} and checks what a rename must leave. */
    private static void movesEverything(DspamStore store) {
        List<Signature> signatures = StoreCopyTest.use(store, OLD, 0);
        ((PreferenceStore) store).storePreference(OLD, "trainingMode", "toe");
        StoreContents before = StoreContents.of(store, OLD);
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store, Clock.fixed(LATER, ZoneOffset.UTC));

        DspamUserRenaming.MoveReport report = engine.moveUser(OLD, NEW);

        assertThat(StoreContents.of(store, NEW)).isEqualTo(before);
        assertThat(StoreContents.of(store, OLD)).isEqualTo(nothing());
        assertThat(report.tokens()).isEqualTo(before.rowCount());
        assertThat(report.signatures()).isEqualTo(6);
        assertThat(report.merged()).isFalse();
        assertThat(report.found()).isTrue();
        // A message tagged for the old name, corrected after the rename
        assertThat(engine.execute(DspamRequest.retrain(List.of(NEW), TrainingClass.SPAM, signatures.get(0))).resultFor(NEW))
            .isPresent();
        assertThat(engine.totals(NEW)).isNotEqualTo(before.totals());
    }

    @Test
    void aJournalStoreMovesEverythingAndKeepsItAfterReopening() {
        StoreContents moved;
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            movesEverything(store);
            moved = StoreContents.of(store, NEW);
        }
        try (JournalDspamStore reopened = JournalDspamStore.open(directory)) {
            assertThat(StoreContents.of(reopened, NEW)).isEqualTo(moved);
            assertThat(StoreContents.of(reopened, OLD)).isEqualTo(nothing());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anSqlStoreMovesEverything(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind, "sqlmv_", "move_user");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            movesEverything(store);
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
        assertThat(StoreContents.of(store, OLD)).isEqualTo(nothing());
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

package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.api.DspamUserDeletion;
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
 * {@link EmbeddedDspam#deleteUser}: what James's deletion of a user asks of DSPAM's data. The user
 * holds nothing afterwards (totals, rows, signatures, preferences), the other users keep theirs,
 * and the next message for the name starts a new dictionary.
 */
class DeleteUserTest {
    private static final DspamUser ALICE = DspamUser.of("alice@example.org");
    private static final DspamUser BOB = DspamUser.of("bob@example.org");

    @TempDir
    Path directory;

    /** Deletes ALICE from {@code store} (BOB beside her) and checks what a deletion must leave. */
    private static void deletesEverythingOfOneUser(DspamStore store) {
        List<Signature> signatures = StoreCopyTest.use(store, ALICE, 0);
        StoreCopyTest.use(store, BOB, 30);
        ((PreferenceStore) store).storePreference(ALICE, "trainingMode", "toe");
        StoreContents alice = StoreContents.of(store, ALICE);
        StoreContents bob = StoreContents.of(store, BOB);
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store);

        DspamUserDeletion.DeletionReport report = engine.deleteUser(ALICE);

        assertThat(report.found()).isTrue();
        assertThat(report.tokens()).isEqualTo(alice.rowCount());
        assertThat(report.signatures()).isEqualTo(alice.signatureCount()).isPositive();
        assertThat(StoreContents.of(store, ALICE)).isEqualTo(StoreContents.nothing());
        assertThat(((PreferenceStore) store).preferences(ALICE).isEmpty()).isTrue();
        assertThat(StoreContents.of(store, BOB)).isEqualTo(bob);
        // A message tagged before the deletion is no longer known by its signature
        assertThat(engine.execute(DspamRequest.retrain(List.of(ALICE), TrainingClass.SPAM, signatures.get(0)))
            .resultFor(ALICE)).isEmpty();
        assertThat(engine.deleteUser(ALICE).found()).isFalse();
    }

    @Test
    void theMemoryStoreDeletesEverythingOfOneUser() {
        deletesEverythingOfOneUser(new InMemoryDspamStore());
    }

    @Test
    void aJournalStoreDropsTheUsersDirectoryAndItStaysGoneAfterReopening() {
        Path aliceDirectory = directory.resolve("users").resolve(JournalDspamStore.JournalUserNames.encode(ALICE));
        StoreContents bob;
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            deletesEverythingOfOneUser(store);
            bob = StoreContents.of(store, BOB);
            assertThat(aliceDirectory).doesNotExist();
            assertThat(store.users()).containsExactly(BOB);
            assertThat(directory.resolve("discarded")).isEmptyDirectory();
        }
        try (JournalDspamStore reopened = JournalDspamStore.open(directory)) {
            assertThat(StoreContents.of(reopened, ALICE)).isEqualTo(StoreContents.nothing());
            assertThat(StoreContents.of(reopened, BOB)).isEqualTo(bob);
        }
    }

    /** A user emptied before (by a copy that replaced it, say) holds nothing but left its directory: it goes too. */
    @Test
    void aJournalUserEmptiedBeforeLeavesNoDirectory() {
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            StoreCopyTest.use(store, ALICE, 0);
            StoreCopy.empty(store, ALICE);
            assertThat(store.users()).containsExactly(ALICE);

            assertThat(EmbeddedDspam.create(EngineSettings.defaults(), store).deleteUser(ALICE).found()).isFalse();

            assertThat(store.users()).isEmpty();
        }
    }

    /** The database refuses the last table's delete: the user is left whole, where emptying it row by row would leave part. */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anSqlDeletionThatFailsHalfWayLeavesTheUserWhole(TestDatabase.Kind kind) throws SQLException {
        try (TestDatabase database = TestDatabase.create(kind, "sqldel_", "delete_fails");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            StoreCopyTest.use(store, ALICE, 0);
            store.storePreference(ALICE, "trainingMode", "toe");
            StoreContents before = StoreContents.of(store, ALICE);
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                if (kind == TestDatabase.Kind.POSTGRESQL) {
                    statement.execute("CREATE FUNCTION refuse_delete() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION"
                        + " 'preferences are kept'; END $$ LANGUAGE plpgsql");
                    statement.execute("CREATE TRIGGER refuse BEFORE DELETE ON dspam_preferences FOR EACH ROW"
                        + " EXECUTE FUNCTION refuse_delete()");
                } else {
                    statement.execute("CREATE TRIGGER refuse BEFORE DELETE ON dspam_preferences FOR EACH ROW"
                        + " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'preferences are kept'");
                }
            }

            assertThatThrownBy(() -> EmbeddedDspam.create(EngineSettings.defaults(), store).deleteUser(ALICE))
                .isInstanceOf(DspamException.class).hasMessageContaining("nothing of them was deleted");

            assertThat(StoreContents.of(store, ALICE)).isEqualTo(before);
            assertThat(store.preferences(ALICE).asMap()).containsEntry("trainingMode", "toe");
        }
    }

    /** DSPAM's MyISAM tables cannot roll back: the user is emptied table by table, and all the same holds nothing after. */
    @Test
    void anSqlStoreOnDspamsMyIsamTablesEmptiesTheUser() throws SQLException {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.MARIADB, "sqldel_", "delete_myisam")) {
            database.execute("CREATE TABLE dspam_signature_data (uid int unsigned NOT NULL, signature char(32) NOT NULL, "
                + "data longblob NOT NULL, length int NOT NULL, created_on date NOT NULL, "
                + "UNIQUE KEY id_signature_data_01 (uid, signature)) ENGINE=MyISAM");
            try (SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
                deletesEverythingOfOneUser(store);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anSqlStoreDeletesEverythingOfOneUser(TestDatabase.Kind kind) throws SQLException {
        try (TestDatabase database = TestDatabase.create(kind, "sqldel_", "delete_user");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            deletesEverythingOfOneUser(store);
            assertThat(database.queryLong("SELECT COUNT(*) FROM dspam_signature_data s JOIN dspam_virtual_uids v"
                + " ON s.uid = v.uid WHERE v.username = 'alice@example.org'")).isZero();
        }
    }
}

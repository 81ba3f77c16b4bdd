package io.jamesdspam.engine.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.preference.InvalidPreferenceException;
import io.jamesdspam.engine.preference.Preferences;
import io.jamesdspam.engine.preference.StoredPreferences;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.testing.TestDatabase;

/** DSPAM's dspam_preferences table on the real MariaDB and PostgreSQL (databases prefs_*). */
class SqlPreferencesTest {
    private static final DspamUser ALICE = DspamUser.of("alice@example.org");
    private static final DspamUser BOB = DspamUser.of("bob@example.org");

    private static String rows(TestDatabase database) throws SQLException {
        StringBuilder rows = new StringBuilder();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT uid, preference, value FROM dspam_preferences ORDER BY uid, preference")) {
            while (result.next()) {
                rows.append(result.getLong(1)).append(' ').append(result.getString(2)).append('=').append(result.getString(3))
                    .append('\n');
            }
        }
        return rows.toString();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aUsersPreferencesAreRowsOfItsUidReplacedCaseInsensitivelyAndSurviveAReopen(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, "prefs_", "user")) {
            try (SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
                assertThat(store.preferences(ALICE)).isEqualTo(Preferences.NONE);
                store.storePreference(ALICE, "trainingMode", "TOE");
                store.storePreference(ALICE, "TRAININGMODE", "TUM");
                store.storePreference(ALICE, "optOut", "on");
                store.storePreference(BOB, "optOut", "off");

                // one row per name whatever its case; the row keeps the spelling last written (the engine writes DSPAM's)
                assertThat(store.preferences(ALICE).asMap()).isEqualTo(Map.of("TRAININGMODE", "TUM", "optOut", "on"));
            }
            try (SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
                assertThat(store.preferences(ALICE).get("trainingmode")).contains("TUM");
                assertThat(store.deletePreference(ALICE, "OPTOUT")).isTrue();
                assertThat(store.deletePreference(ALICE, "optOut")).isFalse();
                assertThat(store.deletePreference(DspamUser.of("nobody"), "optOut")).isFalse();
                store.storePreference(BOB, "optOut", "");

                assertThat(store.preferences(ALICE).asMap()).isEqualTo(Map.of("TRAININGMODE", "TUM"));
                assertThat(store.preferences(BOB)).isEqualTo(Preferences.NONE);
                assertThat(store.defaultPreferences()).isEqualTo(Preferences.NONE);
            }
            assertThat(rows(database)).matches("\\d+ TRAININGMODE=TUM\n").doesNotStartWith("0 ");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void uidZeroHoldsTheDefaultsAndRowsWrittenByDspamAreRead(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, "prefs_", "defaults");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            store.storeDefaultPreference("spamAction", "deliver");
            database.execute("INSERT INTO dspam_preferences (uid, preference, value) VALUES (0, 'trainingmode', 'TEFT')");

            assertThat(store.defaultPreferences().asMap()).containsOnly(Map.entry("spamAction", "deliver"),
                Map.entry("trainingmode", "TEFT"));
            assertThat(rows(database)).isEqualTo("0 spamAction=deliver\n0 trainingmode=TEFT\n");

            store.storeDefaultPreference("TrainingMode", "TOE");
            assertThat(store.deleteDefaultPreference("SPAMACTION")).isTrue();
            assertThat(store.deleteDefaultPreference("spamAction")).isFalse();

            assertThat(rows(database)).isEqualTo("0 TrainingMode=TOE\n");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aMessagesPreferencesAreTheDefaultsAndTheUsersOwnReadTogether(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, "prefs_", "together");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            store.storeDefaultPreference("spamAction", "deliver");
            store.storePreference(ALICE, "trainingMode", "TOE");
            store.storePreference(BOB, "optOut", "on");

            StoredPreferences alice = store.storedPreferences(ALICE);
            assertThat(alice.defaults().asMap()).isEqualTo(Map.of("spamAction", "deliver"));
            assertThat(alice.own().asMap()).isEqualTo(Map.of("trainingMode", "TOE"));
            // A user the database has never seen: the defaults, and nothing of its own
            StoredPreferences nobody = store.storedPreferences(DspamUser.of("nobody@example.org"));
            assertThat(nobody.defaults()).isEqualTo(store.defaultPreferences());
            assertThat(nobody.own()).isEqualTo(Preferences.NONE);
            assertThat(store.storedPreferences(BOB).own()).isEqualTo(store.preferences(BOB));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aValueLongerThanDspamsColumnIsRefusedNamingIt(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, "prefs_", "long");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            assertThatThrownBy(() -> store.storePreference(ALICE, "spamSubject", "x".repeat(65)))
                .isInstanceOf(InvalidPreferenceException.class)
                .hasMessageContaining("spamSubject")
                .hasMessageContaining("64");
            store.storePreference(ALICE, "spamSubject", "x".repeat(64));

            assertThat(store.preferences(ALICE).get("spamSubject")).contains("x".repeat(64));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theEngineHonoursPreferencesKeptInSql(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, "prefs_", "engine");
             EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.from(DspamConf.parse(
                 "TrainingMode teft\nAllowOverride trainingMode")), SqlDspamStore.open(TestStoreOptions.of(database)))) {
            engine.setPreference(ALICE, "trainingMode", "notrain");
            byte[] message = "From: x@example.com\r\nSubject: hello\r\n\r\nsome words here\r\n".getBytes(StandardCharsets.UTF_8);

            engine.execute(DspamRequest.process(List.of(ALICE, BOB), message));

            assertThat(engine.settingsFor(ALICE).trainingMode()).isEqualTo(TrainingMode.NOTRAIN);
            assertThat(engine.totals(ALICE)).isEqualTo(DspamTotals.EMPTY);
            assertThat(engine.totals(BOB).innocentLearned()).isEqualTo(1);
            assertThat(engine.userPreferences(ALICE).getEffective()).containsEntry("trainingMode", "notrain");
        }
    }
}

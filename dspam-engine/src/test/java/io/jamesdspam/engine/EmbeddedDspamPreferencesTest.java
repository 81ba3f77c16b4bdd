package io.jamesdspam.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.preference.PreferenceNotOverridableException;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.UserOutcome;

/** Per-user preferences through the engine's API, kept by the journal store, and what they change. */
class EmbeddedDspamPreferencesTest {
    private static final DspamUser ALICE = DspamUser.of("alice");
    private static final DspamUser BOB = DspamUser.of("bob");

    @TempDir
    Path directory;

    private EmbeddedDspam open(String... conf) {
        return EmbeddedDspam.create(EngineSettings.from(DspamConf.parse(String.join("\n", conf))),
            JournalDspamStore.open(directory.resolve("store")));
    }

    @Test
    void preferencesAreStoredWithTheUsersDataAndSurviveARestart() {
        try (EmbeddedDspam engine = open("TrainingMode teft", "AllowOverride trainingMode")) {
            assertThat(engine.setPreference(ALICE, "TRAININGMODE", "notrain")).isEqualTo("trainingMode");
        }
        try (EmbeddedDspam engine = open("TrainingMode teft", "AllowOverride trainingMode")) {
            assertThat(engine.preferences(ALICE).get("trainingmode")).contains("notrain");
            assertThat(engine.settingsFor(ALICE).trainingMode()).isEqualTo(TrainingMode.NOTRAIN);
            assertThat(engine.settingsFor(BOB).trainingMode()).isEqualTo(TrainingMode.TEFT);

            engine.execute(DspamRequest.process(List.of(ALICE, BOB), Messages.spam(1)));

            assertThat(engine.totals(ALICE)).as("NOTRAIN learns nothing").isEqualTo(DspamTotals.EMPTY);
            assertThat(engine.totals(BOB).innocentLearned() + engine.totals(BOB).spamLearned()).isEqualTo(1);
        }
    }

    @Test
    void aNameNotInAllowOverrideIsRefusedAndAStoredOneIsIgnored() throws Exception {
        try (EmbeddedDspam engine = open("AllowOverride trainingMode")) {
            assertThatThrownBy(() -> engine.setPreference(ALICE, "processorBias", "off"))
                .isInstanceOf(PreferenceNotOverridableException.class);
        }
        Path prefs = directory.resolve("store/users/alice/preferences");
        Files.createDirectories(prefs.getParent());
        Files.writeString(prefs, "processorBias=off\n");
        try (EmbeddedDspam engine = open("AllowOverride trainingMode")) {
            assertThat(engine.preferences(ALICE).get("processorBias")).contains("off");
            assertThat(engine.settingsFor(ALICE).processorBias()).as("DSPAM ignores it").isTrue();
        }
    }

    @Test
    void anOptedOutUsersMailIsNotFilteredButTheUserCanStillTrain() {
        try (EmbeddedDspam engine = open("AllowOverride optOut optIn")) {
            engine.setPreference(ALICE, "optOut", "on");

            UserOutcome outcome = engine.execute(DspamRequest.process(List.of(ALICE), Messages.spam(1)))
                .outcomeFor(ALICE).orElseThrow();

            assertThat(outcome.isClassified()).isFalse();
            assertThat(outcome.reason()).hasValueSatisfying(reason -> assertThat(reason).startsWith("not filtered"));
            assertThat(engine.totals(ALICE)).isEqualTo(DspamTotals.EMPTY);
        }
    }

    @Test
    void underOptInOnlyUsersWhoOptedInAreFiltered() {
        try (EmbeddedDspam engine = open("Opt in", "AllowOverride optIn")) {
            engine.setPreference(BOB, "optIn", "on");

            assertThat(engine.execute(DspamRequest.process(List.of(ALICE, BOB), Messages.spam(1))).outcomes())
                .extracting(UserOutcome::isClassified).containsExactly(false, true);
        }
    }

    @Test
    void storedDefaultsReplaceTheConfiguredPreferences() {
        JournalDspamStore store = JournalDspamStore.open(directory.resolve("store"));
        try (EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.from(DspamConf.parse(
            "Preference \"trainingMode=TOE\"")), store)) {
            assertThat(engine.settingsFor(ALICE).trainingMode()).isEqualTo(TrainingMode.TOE);
            store.storeDefaultPreference("trainingMode", "TUM");
            assertThat(engine.defaultPreferences().asMap()).containsEntry("trainingMode", "TUM");
            assertThat(engine.settingsFor(ALICE).trainingMode()).isEqualTo(TrainingMode.TUM);
        }
    }
}

package io.jamesdspam.mailet.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;

/** Readiness counts what a user's classifications read: its own dictionary plus its merged or shared group's. */
class LearnedMessagesReadinessTest {
    private static final DspamUser GLOBAL = DspamUser.of("global");
    private static final DspamUser DAN = DspamUser.of("dan@example.org");
    private static final DspamUser CEO = DspamUser.of("ceo@example.org");

    @TempDir
    Path directory;

    private Path groupFile;
    private EmbeddedDspam engine;
    private LearnedMessagesReadiness readiness;

    @BeforeEach
    void setUp() throws Exception {
        groupFile = directory.resolve("group");
        Files.writeString(groupFile, "global:merged:*,-ceo@example.org\n");
        engine = EmbeddedDspam.create(EngineSettings.from(DspamConf.parse("GroupConfig " + groupFile
                + "\nAllowOverride ignoreGroups")),
            JournalDspamStore.open(directory.resolve("store")));
        readiness = new LearnedMessagesReadiness(engine, 3, 3);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private void train(DspamUser user, TrainingClass trainingClass, int count) {
        for (int i = 0; i < count; i++) {
            String message = "From: x@example.com\r\nSubject: " + trainingClass + " " + i + "\r\n\r\n"
                + (trainingClass == TrainingClass.SPAM ? "cheap pills casino " : "meeting agenda budget ") + i + "\r\n";
            engine.execute(DspamRequest.train(List.of(user), trainingClass, TrainingSource.CORPUS,
                message.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aNewUserOfATrainedMergedGlobalGroupIsReady() {
        train(GLOBAL, TrainingClass.SPAM, 3);
        train(GLOBAL, TrainingClass.INNOCENT, 3);

        assertThat(engine.totals(DAN).spamLearned()).isZero();
        assertThat(readiness.isReady(DAN)).isTrue();
    }

    @Test
    void userAndGroupTotalsAddUp() {
        train(GLOBAL, TrainingClass.SPAM, 2);
        train(GLOBAL, TrainingClass.INNOCENT, 3);
        assertThat(readiness.isReady(DAN)).isFalse();

        train(DAN, TrainingClass.SPAM, 1);

        assertThat(readiness.isReady(DAN)).isTrue();
    }

    @Test
    void anExcludedUserAUserIgnoringGroupsAndAUserWithoutGroupsCountTheirOwnOnly() throws Exception {
        train(GLOBAL, TrainingClass.SPAM, 3);
        train(GLOBAL, TrainingClass.INNOCENT, 3);

        assertThat(readiness.isReady(CEO)).isFalse();

        engine.setPreference(DAN, "ignoreGroups", "on");
        assertThat(readiness.isReady(DAN)).isFalse();

        Files.writeString(groupFile, "# no groups any more\n");
        assertThat(readiness.isReady(DspamUser.of("erin@example.org"))).isFalse();
    }

    @Test
    void aSharedGroupMemberCountsTheSharedDictionary() throws Exception {
        Files.writeString(groupFile, "support:shared:dan@example.org\n");
        train(DspamUser.of("support"), TrainingClass.SPAM, 3);
        train(DspamUser.of("support"), TrainingClass.INNOCENT, 3);

        assertThat(readiness.isReady(DAN)).isTrue();
    }
}

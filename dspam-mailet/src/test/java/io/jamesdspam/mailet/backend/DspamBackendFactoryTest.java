package io.jamesdspam.mailet.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamGroups;
import io.jamesdspam.api.DspamStatistics;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;

/** {@code embedded.groups}: the group file of the embedded engine, relative to James's working directory. */
class DspamBackendFactoryTest {
    @TempDir
    Path workingDirectory;

    @Test
    void embeddedGroupsIsTheGroupFileRelativeToTheWorkingDirectoryAndTakesEffect() throws Exception {
        Files.createDirectories(workingDirectory.resolve("conf"));
        Files.writeString(workingDirectory.resolve("conf/group"), "global:merged:*\n");
        try (DspamBackend backend = DspamBackendFactory.create(DspamConfiguration.of(Map.of(
            "embedded.directory", "var/dspam", "embedded.groups", "conf/group")), workingDirectory)) {
            assertThat(((DspamGroups) backend).groupFile().getPath())
                .isEqualTo(workingDirectory.resolve("conf/group").toString());

            backend.execute(DspamRequest.train(List.of(DspamUser.of("global")), TrainingClass.SPAM, TrainingSource.CORPUS,
                "Subject: win\r\n\r\ncheap pills casino\r\n".getBytes(StandardCharsets.UTF_8)));

            assertThat(((DspamStatistics) backend).readableTotals(DspamUser.of("dan@example.org")).spamLearned()).isEqualTo(1);
            assertThat(((DspamGroups) backend).userGroups(DspamUser.of("dan@example.org")).getMergedWith()).isEqualTo("global");
        }
    }

    @Test
    void embeddedGroupsReplacesTheGroupConfigOfDspamConf() throws Exception {
        Files.writeString(workingDirectory.resolve("conf-group"), "fromconf:merged:*\n");
        Files.writeString(workingDirectory.resolve("dspam.conf"), "GroupConfig " + workingDirectory.resolve("conf-group") + "\n");
        Files.writeString(workingDirectory.resolve("james-group"), "fromjames:merged:*\n");

        try (DspamBackend backend = DspamBackendFactory.create(DspamConfiguration.of(Map.of(
            "embedded.dspamConf", "dspam.conf", "embedded.groups", "james-group")), workingDirectory)) {
            assertThat(((DspamGroups) backend).userGroups(DspamUser.of("dan")).getMergedWith()).isEqualTo("fromjames");
        }
        try (DspamBackend backend = DspamBackendFactory.create(DspamConfiguration.of(Map.of(
            "embedded.dspamConf", "dspam.conf")), workingDirectory)) {
            assertThat(((DspamGroups) backend).userGroups(DspamUser.of("dan")).getMergedWith()).isEqualTo("fromconf");
        }
    }

    @Test
    void theJournalStoreDoesNotNameCorrections() throws Exception {
        try (DspamBackend backend = DspamBackendFactory.create(DspamConfiguration.of(Map.of(
            "embedded.directory", "var/dspam")), workingDirectory)) {
            assertThat(backend.appliesOperationsOnce()).isFalse();
        }
    }

    @Test
    void aMissingFileMeansNoGroupsUntilItAppears() throws Exception {
        try (DspamBackend backend = DspamBackendFactory.create(DspamConfiguration.of(Map.of(
            "embedded.groups", "later-group")), workingDirectory)) {
            assertThat(((DspamGroups) backend).groupFile().getGroups()).isEmpty();

            Files.writeString(workingDirectory.resolve("later-group"), "global:merged:*\n");

            assertThat(((DspamGroups) backend).groupFile().getGroups()).hasSize(1);
        }
    }
}

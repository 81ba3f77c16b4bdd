package io.jamesdspam.engine.tool;

import static io.jamesdspam.engine.tool.DspamToolTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.testing.Corpus;

/** {@code dspam-tool admin … preference …} in dspam_admin's words, and GroupConfig from {@code --config}. */
class DspamToolAdminTest {
    @TempDir
    Path work;

    private String store() {
        return work.resolve("store").toString();
    }

    private String conf(String... lines) throws Exception {
        Path conf = work.resolve("dspam.conf");
        Files.writeString(conf, String.join("\n", lines) + "\n", StandardCharsets.ISO_8859_1);
        return conf.toString();
    }

    @Test
    void changeListAggregateAndDeleteAUsersPreferences() throws Exception {
        String conf = conf("Preference \"trainingMode=TEFT\"", "Preference \"spamAction=deliver\"",
            "AllowOverride trainingMode enableBNR");

        DspamToolTest.Run change = run("admin", "change", "preference", "alice", "trainingmode", "TOE",
            "--store", store(), "--config", conf);
        DspamToolTest.Run bnr = run("admin", "change", "preference", "alice", "enableBNR", "off", "--store", store(),
            "--config", conf);
        DspamToolTest.Run list = run("admin", "list", "preference", "alice", "--store", store(), "--config", conf);
        DspamToolTest.Run aggregate = run("admin", "aggregate", "preference", "alice", "--store", store(), "--config", conf);

        assertThat(change.code).as(change.err).isZero();
        assertThat(change.out).isEmpty();
        assertThat(bnr.code).as(bnr.err).isZero();
        assertThat(list.out).isEqualTo("trainingMode=TOE\nenableBNR=off\n");
        assertThat(aggregate.out).isEqualTo("trainingMode=TOE\nspamAction=deliver\nenableBNR=off\n");
        assertThat(Files.readString(work.resolve("store/users/alice/preferences")))
            .as("DSPAM's .prefs format").isEqualTo("trainingMode=TOE\nenableBNR=off\n");

        DspamToolTest.Run delete = run("admin", "delete", "preference", "alice", "ENABLEBNR", "--store", store(),
            "--config", conf);
        assertThat(delete.code).as(delete.err).isZero();
        assertThat(run("admin", "list", "preference", "alice", "--store", store(), "--config", conf).out)
            .isEqualTo("trainingMode=TOE\n");
        assertThat(run("admin", "delete", "preference", "alice", "enableBNR", "--store", store(), "--config", conf).code)
            .isEqualTo(DspamTool.EXIT_FAILURE);
    }

    @Test
    void refusesUnknownNamesBadValuesAndNamesNotInAllowOverride() throws Exception {
        String conf = conf("AllowOverride trainingMode");

        DspamToolTest.Run unknown = run("admin", "change", "preference", "alice", "trainingMood", "TOE",
            "--store", store(), "--config", conf);
        DspamToolTest.Run bad = run("admin", "change", "preference", "alice", "trainingMode", "sometimes",
            "--store", store(), "--config", conf);
        DspamToolTest.Run refused = run("admin", "change", "preference", "alice", "enableBNR", "off",
            "--store", store(), "--config", conf);

        assertThat(unknown.code).isEqualTo(DspamTool.EXIT_USAGE);
        assertThat(unknown.err).contains("trainingMood");
        assertThat(bad.code).isEqualTo(DspamTool.EXIT_USAGE);
        assertThat(bad.err).contains("trainingMode").contains("sometimes");
        assertThat(refused.code).isEqualTo(DspamTool.EXIT_USAGE);
        assertThat(refused.err).contains("enableBNR").contains("AllowOverride");
        assertThat(run("admin", "list", "preference", "alice", "--store", store(), "--config", conf).out).isEmpty();
    }

    @Test
    void processHonoursGroupConfigOfTheConfigFile() throws Exception {
        Path group = work.resolve("group");
        Files.writeString(group, "team:shared:alice,bob\n");
        String conf = conf("GroupConfig " + group);
        String message = Corpus.load().trainSet().get(0).file().toString();

        DspamToolTest.Run process = run("process", "--store", store(), "--user", "bob", "--config", conf, message);

        assertThat(process.code).as(process.err).isZero();
        assertThat(Files.isDirectory(work.resolve("store/users/team"))).as("bob's mail went to the team's data").isTrue();
        assertThat(Files.exists(work.resolve("store/users/bob"))).isFalse();
    }
}

package io.jamesdspam.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.jamesdspam.engine.config.DspamConf;

class DlmtpServerSettingsTest {
    private static final String OPERATOR_CONF = String.join("\n",
        "Home /var/spool/dspam",
        "StorageDriver /usr/lib/dspam/libhash_drv.so",
        "TrainingMode teft",
        "Tokenizer osb",
        "Algorithm graham burton",
        "Preference \"signatureLocation=headers\"",
        "Preference \"spamAction=deliver\"",
        "ServerMode dspam",
        "ServerHost 127.0.0.1",
        "ServerPort 24024",
        "ServerQueueSize 64",
        "ServerPID /var/run/dspam/dspam.pid",
        "ServerPass.James \"s3cret\"",
        "ServerIdent \"dspam.test.local\"",
        "MaxMessageSize 100000",
        "ImprobabilityDrive on",
        "ClassAliasSpam junk",
        "ServerMaxConnections 8",
        "ServerIdleTimeout 60",
        "ServerDataTimeout 120",
        "ServerAuthFailureDelay 0",
        "SomethingNobodyKnows 42");

    @TempDir
    Path directory;

    @Test
    void readsAnOperatorsDspamConf() {
        DlmtpServerSettings settings = DlmtpServerSettings.from(DspamConf.parse(OPERATOR_CONF));
        assertThat(settings.host()).contains("127.0.0.1");
        assertThat(settings.port()).isEqualTo(24024);
        assertThat(settings.domainSocketPath()).isEmpty();
        assertThat(settings.password("james")).contains("s3cret");
        assertThat(settings.password("JAMES")).contains("s3cret");
        assertThat(settings.password("other")).isEmpty();
        assertThat(settings.serverIdent()).isEqualTo("dspam.test.local");
        assertThat(settings.queueSize()).isEqualTo(64);
        assertThat(settings.maxMessageSize()).isEqualTo(100_000);
        assertThat(settings.improbabilityDrive()).isTrue();
        assertThat(settings.spamActionDelivers()).isTrue();
        assertThat(settings.spamAliases()).containsExactly("junk");
        assertThat(settings.maxConnections()).isEqualTo(8);
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.dataTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.authFailureDelay()).isEqualTo(Duration.ZERO);
    }

    @Test
    void defaultsLikeDspamd() {
        DlmtpServerSettings settings = DlmtpServerSettings.from(DspamConf.parse("ServerPass.james s3cret"));
        assertThat(settings.host()).isEmpty();
        assertThat(settings.port()).isEqualTo(24);
        assertThat(settings.queueSize()).isEqualTo(32);
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(settings.authFailureDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.spamActionDelivers()).isFalse();
        assertThat(settings.improbabilityDrive()).isFalse();
    }

    @Test
    void aSocketPathReplacesTcp() {
        DlmtpServerSettings settings = DlmtpServerSettings.from(DspamConf.parse(
            "ServerPass.james s3cret\nServerDomainSocketPath /tmp/dspam.sock"));
        assertThat(settings.domainSocketPath()).contains(Path.of("/tmp/dspam.sock"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ServerPort abc|ServerPort",
        "ServerPort 70000|ServerPort",
        "ServerQueueSize 0|ServerQueueSize",
        "MaxMessageSize -1|MaxMessageSize",
        "ServerMaxConnections many|ServerMaxConnections",
        "ServerIdleTimeout 0|ServerIdleTimeout",
        "ImprobabilityDrive maybe|ImprobabilityDrive",
        "ServerMode lmtp|ServerMode",
        "ServerParameters \"--class=bogus --source=corpus\"|ServerParameters",
        "Preference \"spamAction=bounce\"|spamAction"})
    void namesTheBadKey(String line, String key) {
        assertThatThrownBy(() -> DlmtpServerSettings.from(DspamConf.parse("ServerPass.james s3cret\n" + line)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(key);
    }

    @Test
    void readsStandardAndAutoModes() {
        DlmtpServerSettings standard = DlmtpServerSettings.from(DspamConf.parse(
            "ServerMode standard\nServerParameters \"--deliver=summary\""));
        assertThat(standard.mode()).isEqualTo(DlmtpServerSettings.ServerMode.STANDARD);
        assertThat(standard.serverParameters()).contains("--deliver=summary");
        assertThat(DlmtpServerSettings.from(DspamConf.parse("ServerMode AUTO\nServerPass.james s3cret")).mode())
            .isEqualTo(DlmtpServerSettings.ServerMode.AUTO);
    }

    @Test
    void needsAtLeastOnePassword() {
        assertThatThrownBy(() -> DlmtpServerSettings.from(DspamConf.parse("ServerPort 24")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("ServerPass");
    }

    @Test
    void mainServesTheConfiguredServerAndClosesItsBackend() throws IOException {
        Path conf = directory.resolve("dspam.conf");
        Files.writeString(conf, "ServerPass.james \"s3cret\"\nServerHost 127.0.0.1\nServerPort 0\n"
            + "ServerDomainSocketPath " + directory.resolve("d.sock") + "\n");
        ScriptedBackend backend = ScriptedBackend.likeTheTranscripts();
        DlmtpServerMain main = new DlmtpServerMain(c -> backend, System.out, System.err);
        try (DlmtpServerMain.Served served = main.start(conf)) {
            assertThat(served.server().unixSocketPath()).contains(directory.resolve("d.sock"));
            DlmtpServerTest.assertServes(served.server());
        }
        assertThat(directory.resolve("d.sock")).doesNotExist();
    }

    @Test
    void mainReportsUsageAndConfigurationErrors() throws IOException {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);
        DlmtpServerMain main = new DlmtpServerMain(c -> ScriptedBackend.likeTheTranscripts(), System.out, err);
        assertThat(main.run("serve")).isEqualTo(2);
        Path conf = directory.resolve("bad.conf");
        Files.writeString(conf, "ServerPass.james s3cret\nServerPort twenty-four\n");
        assertThat(main.run("serve", "--config", conf.toString())).isEqualTo(1);
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains(DlmtpServerMain.USAGE).contains("ServerPort");
    }
}

package io.jamesdspam.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.server.DlmtpServerSettings;

/** The sample dspam.conf holds the seed's recommended settings and is accepted by the engine and the DLMTP server. */
class SampleDspamConfTest {
    private static final Path DSPAM_CONF = Paths.get("src/main/conf/dspam.conf");

    @Test
    void holdsTheSettingsTheQpsmtpdPluginRecommends() throws Exception {
        DspamConf conf = DspamConf.read(DSPAM_CONF);

        assertThat(conf.get("TrainingMode")).contains("tum");
        assertThat(conf.get("Tokenizer")).contains("osb");
        assertThat(conf.get("TrainPristine")).contains("off");
        assertThat(conf.get("ParseToHeaders")).contains("off");
        assertThat(conf.get("ServerMode")).contains("dspam");
        assertThat(conf.get("ServerPass.james")).contains("change-me");
        assertThat(conf.getAll("Preference"))
            .contains("trainingMode=TOE", "spamAction=deliver", "signatureLocation=headers");
    }

    @Test
    void isAcceptedByTheEngineAndTheDlmtpServer() throws Exception {
        DspamConf conf = DspamConf.read(DSPAM_CONF);

        assertThatCode(() -> EngineSettings.from(conf)).doesNotThrowAnyException();
        assertThat(DlmtpServerSettings.from(conf).port()).isEqualTo(24);
    }

    @Test
    void namesTheStoreDspamToolServeUses() throws Exception {
        // serve --config takes its store from Home when no --store is given.
        assertThat(DspamConf.read(DSPAM_CONF).get("Home")).contains("/var/spool/dspam");
    }

    @Test
    void holdsOnlyKeysDspamKnowsAndLetsUsersOverrideTheShippedPreferences() throws Exception {
        DspamConf conf = DspamConf.read(DSPAM_CONF);

        // The storage keys (MySQL*) belong to the SQL store's table of keys.
        assertThat(conf.unknownKeys()).allMatch(key -> key.startsWith("MySQL"));
        assertThat(EngineSettings.from(conf).preferencePolicy().overridable())
            .contains("trainingmode", "enablebnr", "statisticalsedation", "optout");
    }
}

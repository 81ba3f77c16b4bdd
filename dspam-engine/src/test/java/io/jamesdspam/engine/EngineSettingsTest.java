package io.jamesdspam.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.combine.Algorithm;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.config.Features;
import io.jamesdspam.engine.statistics.PValue;
import io.jamesdspam.engine.tokenize.TokenizerKind;
import io.jamesdspam.model.DspamFeature;
import io.jamesdspam.model.TrainingMode;

class EngineSettingsTest {

    @Test
    void defaultsAreReferenceConfigurationC2() {
        EngineSettings settings = EngineSettings.defaults();
        assertThat(settings.tokenizer()).isEqualTo(TokenizerKind.OSB);
        assertThat(settings.trainingMode()).isEqualTo(TrainingMode.TOE);
        assertThat(settings.algorithms()).isEqualTo(EnumSet.of(Algorithm.GRAHAM, Algorithm.BURTON));
        assertThat(settings.pValue()).isEqualTo(PValue.BCR);
        assertThat(settings.bnrEnabled(List.of())).isTrue();
        assertThat(settings.whitelistEnabled(List.of())).isTrue();
        assertThat(settings.trainingBuffer(List.of())).isEqualTo(5);
        assertThat(settings.whitelistThreshold()).isEqualTo(10);
        assertThat(settings.processorBias()).isTrue();
        assertThat(settings.urlContext()).isTrue();
        assertThat(settings.signatureInHeaders()).isTrue();
        assertThat(settings.trainPristine()).isFalse();
    }

    @Test
    void readsDspamConfNamesAndPreferences() {
        EngineSettings settings = EngineSettings.from(DspamConf.parse(String.join("\n",
            "Home /var/spool/dspam",
            "TrainingMode teft",
            "Tokenizer chain",
            "Algorithm graham burton",
            "Algorithm chi-square",
            "PValue robinson",
            "Feature whitelist",
            "Feature tb=3",
            "ProcessorBias off",
            "ProcessorURLContext off",
            "ProcessorWordFrequency occurrence",
            "IgnoreHeader X-Spam-Status",
            "Preference \"whitelistThreshold=20\"",
            "Preference \"signatureLocation=message\"",
            "Preference \"trainingMode=TUM\"")));

        assertThat(settings.tokenizer()).isEqualTo(TokenizerKind.CHAIN);
        assertThat(settings.trainingMode()).as("the preference wins").isEqualTo(TrainingMode.TUM);
        assertThat(settings.algorithms()).isEqualTo(EnumSet.of(Algorithm.GRAHAM, Algorithm.BURTON, Algorithm.CHI_SQUARE));
        assertThat(settings.pValue()).isEqualTo(PValue.ROBINSON);
        assertThat(settings.processorBias()).isFalse();
        assertThat(settings.urlContext()).isFalse();
        assertThat(settings.wordFrequencyOccurrence()).isTrue();
        assertThat(settings.ignoreHeaders()).containsExactly("X-Spam-Status");
        assertThat(settings.whitelistThreshold()).isEqualTo(20);
        assertThat(settings.signatureInHeaders()).isFalse();
    }

    @Test
    void showFactorsIsOffByDefaultAndReadFromItsPreference() {
        assertThat(EngineSettings.defaults().showFactors()).isFalse();
        assertThat(EngineSettings.from(DspamConf.parse("Preference \"showFactors=on\"")).showFactors()).isTrue();
        assertThatThrownBy(() -> EngineSettings.from(DspamConf.parse("Preference \"showFactors=yes\"")))
            .isInstanceOf(IllegalArgumentException.class)
            .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("showFactors").contains("on or off"));
    }

    @Test
    void preferencesWinOverFeaturesWhichARequestMayReplace() {
        EngineSettings features = EngineSettings.defaults().toBuilder()
            .enableBnr(null).enableWhitelist(null).statisticalSedation(null)
            .features(new Features(false, true, 2)).build();
        assertThat(features.bnrEnabled(List.of())).isFalse();
        assertThat(features.trainingBuffer(List.of())).isEqualTo(2);
        assertThat(features.bnrEnabled(List.of(DspamFeature.NOISE_REDUCTION))).isTrue();
        assertThat(features.whitelistEnabled(List.of(DspamFeature.NOISE_REDUCTION))).isFalse();

        EngineSettings preferences = EngineSettings.defaults();
        assertThat(preferences.bnrEnabled(List.of(DspamFeature.WHITELIST))).isTrue();
        assertThat(preferences.trainingBuffer(List.of(DspamFeature.trainingBuffer(9)))).isEqualTo(5);
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> EngineSettings.from(DspamConf.parse("Tokenizer bigram")))
            .hasMessageContaining("Tokenizer");
        assertThatThrownBy(() -> EngineSettings.from(DspamConf.parse("Algorithm graham bayes")))
            .hasMessageContaining("Algorithm").hasMessageContaining("bayes");
        assertThatThrownBy(() -> EngineSettings.from(DspamConf.parse("TrainingMode sometimes")))
            .hasMessageContaining("TrainingMode");
        assertThatThrownBy(() -> EngineSettings.from(DspamConf.parse("ProcessorBias maybe")))
            .hasMessageContaining("ProcessorBias");
        assertThatThrownBy(() -> EngineSettings.from(DspamConf.parse("Preference \"statisticalSedation=11\"")))
            .hasMessageContaining("statisticalSedation");
        assertThatThrownBy(() -> EngineSettings.from(DspamConf.parse("Preference \"whitelistThreshold=ten\"")))
            .hasMessageContaining("whitelistThreshold");
    }
}

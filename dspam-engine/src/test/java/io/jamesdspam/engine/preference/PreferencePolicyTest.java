package io.jamesdspam.engine.preference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.config.DspamConf;

class PreferencePolicyTest {
    private final PreferencePolicy policy = PreferencePolicy.from(DspamConf.parse(String.join("\n",
        "Preference \"trainingMode=TEFT\"",
        "Preference \"spamAction=deliver\"",
        "AllowOverride trainingMode",
        "AllowOverride enableBNR optOut")));

    @Test
    void namesAreCaseInsensitiveAndAnEmptyValueIsNotSet() {
        Preferences preferences = Preferences.parse(List.of("# comment", "trainingMode=TOE", "TRAININGMODE=TUM",
            "enableBNR=", "garbage"));

        assertThat(preferences.asMap()).isEqualTo(Map.of("trainingMode", "TUM"));
        assertThat(preferences.get("trainingmode")).contains("TUM");
        assertThat(preferences.with("trainingMode", "").isEmpty()).isTrue();
    }

    @Test
    void userValuesReplaceDefaultsOnlyWhereAllowOverrideSaysSo() {
        Preferences user = Preferences.NONE.with("TrainingMode", "TOE").with("spamAction", "tag").with("enableBNR", "off");

        Preferences aggregate = policy.aggregate(Preferences.NONE, user);

        assertThat(aggregate.asMap()).containsExactly(Map.entry("trainingMode", "TOE"), Map.entry("spamAction", "deliver"),
            Map.entry("enableBNR", "off"));
    }

    @Test
    void storedDefaultsReplaceTheConfiguredOnes() {
        Preferences stored = Preferences.NONE.with("statisticalSedation", "5");
        assertThat(policy.aggregate(stored, Preferences.NONE).asMap()).isEqualTo(Map.of("statisticalSedation", "5"));
        assertThat(policy.defaults(Preferences.NONE)).isEqualTo(policy.configured());
    }

    @Test
    void aUserPreferenceIsCheckedBeforeItIsStored() {
        assertThat(policy.checkUserPreference("ENABLEbnr", "off")).isEqualTo("enableBNR");
        assertThatThrownBy(() -> policy.checkUserPreference("enableBNRR", "off"))
            .isInstanceOf(InvalidPreferenceException.class).hasMessageContaining("enableBNRR");
        assertThatThrownBy(() -> policy.checkUserPreference("trainingMode", "often"))
            .isInstanceOf(InvalidPreferenceException.class).hasMessageContaining("TEFT, TOE, TUM, NOTRAIN");
        assertThatThrownBy(() -> policy.checkUserPreference("processorBias", "off"))
            .isInstanceOf(PreferenceNotOverridableException.class).hasMessageContaining("processorBias");
    }

    @Test
    void aValueWithALineBreakIsRefusedItWouldStoreASecondPreference() {
        PreferencePolicy subjects = PreferencePolicy.from(DspamConf.parse("AllowOverride spamSubject"));

        assertThatThrownBy(() -> subjects.checkUserPreference("spamSubject", "[SPAM]\ntrainingMode=NOTRAIN"))
            .isInstanceOf(InvalidPreferenceException.class).hasMessageContaining("spamSubject").hasMessageContaining("one line");
        assertThat(subjects.checkUserPreference("spamSubject", "[SPAM] ")).isEqualTo("spamSubject");
    }
}

package io.jamesdspam.mailet.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.jamesdspam.config.SettingValues;
import io.jamesdspam.model.TrainingClass;

class ComponentSettingsTest {
    static final DspamConfiguration SHARED = DspamConfiguration.of(Map.of("userMapping", "domain", "maxSize", "1000",
        "reject", "agree", "autolearn", "spamassassin", "onFailure", "throw"));

    @Nested
    class DspamMailet {
        @Test
        void ownParametersOverTheDefaultsOfDspamProperties() {
            DspamSettings settings = DspamSettings.from(SHARED, Map.of("maxSize", "2000", "timeout", "PT2S"));

            assertThat(settings.classifier().maxSize()).isEqualTo(2000);
            assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(settings.failurePolicy()).isEqualTo(FailurePolicy.THROW);
            assertThat(settings.autolearn().sourceNames()).containsExactly("spamassassin");
        }

        @Test
        void takesJamesAndIsoFormsAndYesNo() {
            DspamSettings settings = DspamSettings.from(DspamConfiguration.defaults(),
                Map.of("maxSize", "500k", "timeout", "1m", "skipAuthenticated", "no"));

            assertThat(settings.classifier().maxSize()).isEqualTo(512_000);
            assertThat(settings.timeout()).isEqualTo(Duration.ofMinutes(1));
            assertThat(settings.classifier().skipAuthenticated()).isFalse();
        }

        @Test
        void refusesTheHooksKeysNamingThem() {
            for (String key : new String[] {"reject", "rejectType", "class"}) {
                assertThatThrownBy(() -> DspamSettings.from(SHARED, Map.of(key, "x")))
                    .as(key).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + key + "'").hasMessageContaining("not used here")
                    .hasMessageContaining("maxSize");
            }
        }

        @Test
        void refusesSharedKeysPointingToDspamProperties() {
            for (String key : new String[] {"embedded.directory", "userMapping", "spamMailboxes", "dspamd.ident"}) {
                assertThatThrownBy(() -> DspamSettings.from(SHARED, Map.of(key, "x")))
                    .as(key).hasMessageContaining("'" + key + "'").hasMessageContaining("set it in dspam.properties");
            }
        }

        @Test
        void leavesJamesContainerParametersToTheContainer() {
            DspamSettings settings = DspamSettings.from(SHARED,
                Map.of("onMailetException", "ignore", "onMatchException", "nomatch", "onFailure", "deliver"));

            assertThat(settings.failurePolicy()).isEqualTo(FailurePolicy.DELIVER);
        }

        @Test
        void badValuesNameTheKeyAndTheAcceptedForms() {
            assertThatThrownBy(() -> DspamSettings.from(SHARED, Map.of("timeout", "soon")))
                .hasMessageContaining("'timeout'").hasMessageContaining(SettingValues.DURATION_FORMS);
            assertThatThrownBy(() -> DspamSettings.from(SHARED, Map.of("skipAuthenticated", "maybe")))
                .hasMessageContaining("'skipAuthenticated'").hasMessageContaining(SettingValues.BOOLEAN_FORMS);
            assertThatThrownBy(() -> DspamSettings.from(SHARED, Map.of("maxSize", "big")))
                .hasMessageContaining("'maxSize'").hasMessageContaining(SettingValues.SIZE_FORMS);
            assertThatThrownBy(() -> DspamSettings.from(SHARED, Map.of("maxSize", "0")))
                .hasMessageContaining("'maxSize'").hasMessageContaining("positive");
        }
    }

    @Nested
    class DspamTrainMailet {
        @Test
        void readsOnlyItsKeysFromDspamProperties() {
            // maxSize and reject in dspam.properties are other components' keys: not read, not refused.
            DspamTrainSettings settings = DspamTrainSettings.from(SHARED, Map.of("timeout", "5s"));

            assertThat(settings.autolearn().sourceNames()).containsExactly("spamassassin");
            assertThat(settings.fixedClass()).isEmpty();
            assertThat(settings.failurePolicy()).isEqualTo(FailurePolicy.THROW);
            assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
        }

        @Test
        void aFixedClass() {
            DspamTrainSettings settings = DspamTrainSettings.from(DspamConfiguration.defaults(), Map.of("class", "spam"));

            assertThat(settings.fixedClass()).contains(TrainingClass.SPAM);
            assertThat(settings.attributeName().asString()).isEqualTo("dspam.result");
        }

        @Test
        void refusesTheKeysItIgnores() {
            for (String key : new String[] {"reject", "rejectType", "maxSize", "mode", "skipAuthenticated"}) {
                assertThatThrownBy(() -> DspamTrainSettings.from(DspamConfiguration.defaults(),
                    Map.of("class", "spam", key, "1")))
                    .as(key).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + key + "'").hasMessageContaining("not used here");
            }
        }

        @Test
        void wantsExactlyOneOfClassAndAutolearn() {
            assertThatThrownBy(() -> DspamTrainSettings.from(DspamConfiguration.defaults(), Map.of()))
                .hasMessageContaining("exactly one of 'class'");
            assertThatThrownBy(() -> DspamTrainSettings.from(SHARED, Map.of("class", "spam")))
                .hasMessageContaining("exactly one of 'class'");
            assertThatThrownBy(() -> DspamTrainSettings.from(DspamConfiguration.defaults(), Map.of("class", "bogus")))
                .hasMessageContaining("'class'");
        }
    }

    @Nested
    class SmtpHook {
        @Test
        void ownElementsOverTheDefaultsOfDspamProperties() {
            RejectHookSettings settings = RejectHookSettings.from(SHARED, Map.of("rejectType", "temp", "timeout", "500ms"));

            assertThat(settings.rejectPolicy().kind()).isEqualTo(RejectPolicy.Kind.AGREE);
            assertThat(settings.rejectType()).isEqualTo(RejectType.TEMP);
            assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(500));
            assertThat(settings.classifier().maxSize()).isEqualTo(1000);
        }

        @Test
        void refusesTheMailetsKeysNamingThem() {
            for (String key : new String[] {"onFailure", "autolearn", "autolearn.learnSpam", "class"}) {
                assertThatThrownBy(() -> RejectHookSettings.from(SHARED, Map.of(key, "x")))
                    .as(key).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + key + "'").hasMessageContaining("not used here");
            }
        }
    }

    @Test
    void badDefaultsInDspamPropertiesStopAtStartNamingTheKey() {
        assertThatThrownBy(() -> DspamConfiguration.of(Map.of("timeout", "PT")))
            .hasMessageContaining("'timeout'").hasMessageContaining(SettingValues.DURATION_FORMS);
        assertThatThrownBy(() -> DspamConfiguration.of(Map.of("rejectType", "bounce")))
            .hasMessageContaining("'rejectType'");
    }
}

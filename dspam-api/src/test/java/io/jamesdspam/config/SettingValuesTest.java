package io.jamesdspam.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingValuesTest {

    @Nested
    class Booleans {
        @ParameterizedTest
        @ValueSource(strings = {"true", "TRUE", "yes", "on", " On "})
        void trueForms(String value) {
            assertThat(SettingValues.parseBoolean(value)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"false", "False", "no", "off", "OFF"})
        void falseForms(String value) {
            assertThat(SettingValues.parseBoolean(value)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "0", "enabled", "tru", ""})
        void anythingElseNamesTheValueAndTheForms(String value) {
            assertThatThrownBy(() -> SettingValues.parseBoolean(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining(SettingValues.BOOLEAN_FORMS);
        }
    }

    @Nested
    class Sizes {
        @ParameterizedTest
        @CsvSource({"500000, 500000", "12b, 12", "500k, 512000", "500K, 512000", "2kb, 2048", "10m, 10485760",
            "10 MB, 10485760", "1g, 1073741824"})
        void jamesForms(String value, long bytes) {
            assertThat(SettingValues.parseSize(value)).isEqualTo(bytes);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "1.5m", "10x", "k", "lots", "99999999999999999999"})
        void anythingElseNamesTheValueAndTheForms(String value) {
            assertThatThrownBy(() -> SettingValues.parseSize(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining(SettingValues.SIZE_FORMS);
        }

        @Test
        void overflowIsAnError() {
            assertThatThrownBy(() -> SettingValues.parseSize("99999999999g"))
                .hasMessageContaining("64 bits");
        }
    }

    @Nested
    class Durations {
        @ParameterizedTest
        @CsvSource({"30, PT30S", "30s, PT30S", "500ms, PT0.5S", "5m, PT5M", "2 minutes, PT2M", "2h, PT2H",
            "1d, PT24H", "1w, PT168H", "10 seconds, PT10S", "PT30S, PT30S", "pt1m30s, PT1M30S", "P1D, PT24H"})
        void jamesAndIsoForms(String value, String expected) {
            assertThat(SettingValues.parseDuration(value)).isEqualTo(Duration.parse(expected));
        }

        @ParameterizedTest
        @ValueSource(strings = {"-5s", "5 fortnights", "1.5s", "soon", "P", "PTXS", "1 month"})
        void anythingElseNamesTheValueAndTheForms(String value) {
            assertThatThrownBy(() -> SettingValues.parseDuration(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining(SettingValues.DURATION_FORMS);
        }
    }
}

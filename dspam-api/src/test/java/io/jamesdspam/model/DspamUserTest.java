package io.jamesdspam.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DspamUserTest {

    @ParameterizedTest
    @ValueSource(strings = {"bob", "alice@example.org", "user+tag@example.org", "a.b_c-d", "Bob"})
    void acceptsOrdinaryNames(String name) {
        assertThat(DspamUser.of(name).asString()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-x", "@example.org", "../etc", "a/b", "a\\b", "a..b", ".", "a b", "a\tb", "a\u0000b", "a\nb", "<bob>", "a\"b"})
    void refusesNamesThatCouldEscapeStorageOrBeReadAsOptions(String name) {
        assertThatThrownBy(() -> DspamUser.of(name)).isInstanceOf(InvalidDspamUserException.class);
        assertThat(DspamUser.isValid(name)).isFalse();
    }

    @Test
    void refusesNamesOver255Bytes() {
        assertThat(DspamUser.isValid("a".repeat(255))).isTrue();
        assertThat(DspamUser.isValid("a".repeat(256))).isFalse();
        assertThat(DspamUser.isValid("é".repeat(128))).isFalse();
    }
}

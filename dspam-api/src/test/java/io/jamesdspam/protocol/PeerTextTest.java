package io.jamesdspam.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PeerTextTest {
    @Test
    void controlBytesBecomeVisibleEscapes() {
        assertThat(PeerText.escape("a\u0000b\u001b[2Jc\r\nX-Forged: yes\t\u007f".getBytes(StandardCharsets.ISO_8859_1)))
            .isEqualTo("a\\x00b\\x1b[2Jc\\r\\nX-Forged: yes\\t\\x7f");
    }

    @Test
    void aBackslashIsEscapedSoThatAnEscapeCannotBeForged() {
        assertThat(PeerText.escape("\\x00")).isEqualTo("\\\\x00");
    }

    @Test
    void bytesAboveAsciiAreEscaped() {
        assertThat(PeerText.escape("caf\u00e9")).isEqualTo("caf\\xc3\\xa9");
    }

    @Test
    void longTextIsCutWithItsLength() {
        String shown = PeerText.escape("x".repeat(5000));

        assertThat(shown).startsWith("x".repeat(PeerText.SHOWN_BYTES) + "...").endsWith("(5000 bytes)");
    }
}

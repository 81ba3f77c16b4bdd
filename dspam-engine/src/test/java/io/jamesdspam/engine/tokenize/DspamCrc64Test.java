package io.jamesdspam.engine.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jamesdspam.testing.SharedDirectory;

class DspamCrc64Test {

    @Test
    void checkValueOfTheSpec() {
        assertThat(DspamCrc64.of("123456789".getBytes(StandardCharsets.US_ASCII)))
            .isEqualTo(0x46A5A9388A5BEFFEL);
        assertThat(DspamCrc64.of("a")).isEqualTo(0x5BB0000000000000L);
    }

    @Test
    void controlTokenIdMatchesDspamsConstant() {
        assertThat(DspamCrc64.toUnsignedString(DspamCrc64.of("$$CONTROL$$"))).isEqualTo("11624422384514212933");
    }

    @Test
    void bytesAboveAsciiAreTokenBytes() {
        assertThat(DspamCrc64.of(new byte[] {(byte) 0xE9, 0x74, (byte) 0xE9})).isEqualTo(0x8E774E3000000000L);
    }

    @Test
    void stopsAtNul() {
        assertThat(DspamCrc64.of(new byte[] {'F', 'R', 'E', 'E', 0, 'X'})).isEqualTo(DspamCrc64.of("FREE"));
    }

    @Test
    void everyReferenceVectorMatches() throws IOException {
        List<String> lines = Files.readAllLines(SharedDirectory.dspamReference().resolve("crc-vectors.csv"));
        assertThat(lines).hasSizeGreaterThan(10);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            byte[] token = hex(f[0]);
            assertThat(DspamCrc64.toUnsignedString(DspamCrc64.of(token))).as(f[1]).isEqualTo(f[2]);
        }
    }

    private static byte[] hex(String hex) {
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}

package io.jamesdspam.engine.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;

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

    /** Eight bytes at a time give the ids of the spec's bit-by-bit definition, at every length, offset and NUL position. */
    @Test
    void wordAtATimeMatchesTheBitByBitDefinition() {
        Random random = new Random(64);
        for (int trial = 0; trial < 200_000; trial++) {
            byte[] bytes = new byte[8 + random.nextInt(80)];
            random.nextBytes(bytes);
            if (random.nextInt(4) == 0) {
                bytes[random.nextInt(bytes.length)] = 0;
            }
            int offset = random.nextInt(8);
            int length = random.nextInt(bytes.length - offset + 1);
            assertThat(DspamCrc64.of(bytes, offset, length)).isEqualTo(bitByBit(0, bytes, offset, offset + length, true));

            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = bytes[i] == 0 ? 1 : bytes[i];
            }
            int split = offset + random.nextInt(length + 1);
            long prefix = DspamCrc64.update(0, bytes, offset, split);
            assertThat(prefix).isEqualTo(bitByBit(0, bytes, offset, split, false));
            assertThat(DspamCrc64.update(prefix, bytes, split, offset + length)).isEqualTo(DspamCrc64.of(bytes, offset, length));
        }
    }

    /** Reflected CRC-64, polynomial 0xD800000000000000, register shifted one bit at a time (ENGINE-SPEC §2.6). */
    private static long bitByBit(long crc, byte[] bytes, int from, int to, boolean stopAtNul) {
        for (int i = from; i < to && !(stopAtNul && bytes[i] == 0); i++) {
            crc ^= bytes[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xD800000000000000L : crc >>> 1;
            }
        }
        return crc;
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

package io.jamesdspam.engine.message;

import java.util.Arrays;

/**
 * DSPAM's base64 decoder (docs/ENGINE-SPEC.md §1.4.2): stops at the first {@code =}, skips bytes outside
 * the alphabet (bytes ≥ 0x80 included — undefined in the original, skipped as the spec
 * recommends), drops pending characters when the input ends without {@code =}. The output is a C
 * string (a decoded NUL ends it) and gets an LF appended when it is non-empty and lacks one.
 */
public final class Base64Decoding {
    private static final int[] VALUES = new int[256];

    static {
        Arrays.fill(VALUES, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = i;
        }
    }

    private Base64Decoding() {
    }

    public static ByteBuilder decode(byte[] input, int from, int to) {
        ByteBuilder out = decodeRaw(input, from, to);
        if (!out.isEmpty() && out.byteAt(out.length() - 1) != '\n') {
            out.append((byte) '\n');
        }
        return out;
    }

    /** The decoded bytes up to the first decoded NUL, without the trailing LF rule (used for RFC 2047 words too). */
    static ByteBuilder decodeRaw(byte[] input, int from, int to) {
        ByteBuilder out = new ByteBuilder((to - from) * 3 / 4 + 2);
        int accumulator = 0;
        int pending = 0;
        boolean terminated = false;
        for (int i = from; i < to; i++) {
            int b = input[i] & 0xFF;
            if (b == '=') {
                terminated = true;
                break;
            }
            int value = VALUES[b];
            if (value < 0) {
                continue;
            }
            accumulator = (accumulator << 6) | value;
            pending++;
            if (pending == 4) {
                out.append((byte) (accumulator >> 16)).append((byte) (accumulator >> 8)).append((byte) accumulator);
                accumulator = 0;
                pending = 0;
            }
        }
        if (terminated) {
            if (pending == 2) {
                out.append((byte) (accumulator >> 4));
            } else if (pending == 3) {
                out.append((byte) (accumulator >> 10)).append((byte) (accumulator >> 2));
            }
        }
        out.truncate(AsciiBytes.cStringEnd(out.array(), 0, out.length()));
        return out;
    }
}

package io.jamesdspam.engine.message;

import java.nio.charset.StandardCharsets;

/** Byte strings written as Java text, one char per byte. */
final class Latin1 {
    private Latin1() {
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(ByteBuilder bytes) {
        return bytes.toString();
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}

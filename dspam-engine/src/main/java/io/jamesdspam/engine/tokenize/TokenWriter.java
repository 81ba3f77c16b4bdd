package io.jamesdspam.engine.tokenize;

import java.util.Arrays;

/**
 * Assembles token names byte by byte in a reusable buffer and emits them into the diction,
 * so that a token costs no allocation unless it is new to the message.
 */
final class TokenWriter {
    /** DSPAM cuts header keys, URL tokens and the whitelist token at 255 bytes before hashing. */
    static final int MAX_NAME = 255;

    private final Diction diction;
    private byte[] buffer = new byte[512];
    private int length;

    TokenWriter(Diction diction) {
        this.diction = diction;
    }

    Diction diction() {
        return diction;
    }

    TokenWriter reset() {
        length = 0;
        return this;
    }

    int length() {
        return length;
    }

    void setLength(int length) {
        this.length = length;
    }

    TokenWriter put(byte b) {
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, length * 2);
        }
        buffer[length++] = b;
        return this;
    }

    TokenWriter put(byte[] bytes, int from, int to) {
        int count = to - from;
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
        }
        System.arraycopy(bytes, from, buffer, length, count);
        length += count;
        return this;
    }

    /** The first {@code count} assembled bytes as an ISO-8859-1 string. */
    String latin1(int count) {
        return new String(buffer, 0, count, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Emits the assembled name as an ordinary token (cut at 255 bytes). */
    Diction.Entry emit() {
        return diction.emit(buffer, 0, Math.min(length, MAX_NAME));
    }
}

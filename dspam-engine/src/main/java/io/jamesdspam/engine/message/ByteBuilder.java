package io.jamesdspam.engine.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte string: DSPAM builds all its intermediate texts as C strings, this is the
 * Java stand-in that avoids a copy per append.
 */
public final class ByteBuilder {
    private byte[] bytes;
    private int length;

    public ByteBuilder() {
        this(64);
    }

    public ByteBuilder(int capacity) {
        bytes = new byte[Math.max(capacity, 16)];
    }

    public static ByteBuilder of(byte[] source, int from, int to) {
        ByteBuilder builder = new ByteBuilder(to - from);
        builder.append(source, from, to);
        return builder;
    }

    private void ensure(int extra) {
        int needed = length + extra;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }

    public ByteBuilder append(byte b) {
        ensure(1);
        bytes[length++] = b;
        return this;
    }

    public ByteBuilder append(byte[] source, int from, int to) {
        int count = to - from;
        ensure(count);
        System.arraycopy(source, from, bytes, length, count);
        length += count;
        return this;
    }

    public ByteBuilder append(byte[] source) {
        return append(source, 0, source.length);
    }

    public ByteBuilder append(ByteBuilder other) {
        return append(other.bytes, 0, other.length);
    }

    /** Appends an ASCII/ISO-8859-1 text, one byte per char. */
    public ByteBuilder appendLatin1(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
        return this;
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public byte byteAt(int index) {
        return bytes[index];
    }

    public void setByteAt(int index, byte value) {
        bytes[index] = value;
    }

    /** The backing array; valid bytes are {@code [0, length())}. */
    public byte[] array() {
        return bytes;
    }

    public void truncate(int newLength) {
        if (newLength < length) {
            length = newLength;
        }
    }

    public void clear() {
        length = 0;
    }

    /** Removes {@code [from, to)}, moving the tail left. */
    public void delete(int from, int to) {
        System.arraycopy(bytes, to, bytes, from, length - to);
        length -= to - from;
    }

    /** Replaces the content by {@code source}. */
    public void replaceWith(byte[] source) {
        length = 0;
        append(source);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }
}

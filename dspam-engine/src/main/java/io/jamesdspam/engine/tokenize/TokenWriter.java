package io.jamesdspam.engine.tokenize;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Assembles token names byte by byte in a reusable buffer and emits them into the diction,
 * so that a token costs no allocation unless it is new to the message.
 */
final class TokenWriter {
    /** DSPAM cuts header keys, URL tokens and the whitelist token at 255 bytes before hashing. */
    static final int MAX_NAME = 255;

    private final Diction diction;
    private final int maxDictionSize;
    private byte[] buffer = new byte[512];
    private int length;
    /** A prefix of the buffer whose CRC is known (see {@link #markPrefix()}), or -1. */
    private int prefixLength = -1;
    private long prefixCrc;
    /**
     * Set while a sequencer assembles names from texts it found free of NUL bytes: such names need
     * no check of their own (each word is part of up to five names; one scan of the text is cheaper).
     */
    private boolean textsHoldNoNul;

    TokenWriter(Diction diction, int maxDictionSize) {
        this.diction = diction;
        this.maxDictionSize = maxDictionSize;
    }

    Diction diction() {
        return diction;
    }

    TokenWriter reset() {
        length = 0;
        prefixLength = -1;
        return this;
    }

    /**
     * Remembers the CRC of what is assembled so far: the names that follow share it as a prefix
     * (a sparse anchor and its keys), so their ids are computed from there. Only valid while
     * the prefix is not rewritten — {@link #setLength(int)} never shortens below it.
     */
    void markPrefix() {
        if (length <= MAX_NAME && (textsHoldNoNul || holdsNoNul(buffer, 0, length))) {
            prefixLength = length;
            prefixCrc = DspamCrc64.update(0, buffer, 0, length);
        } else {
            prefixLength = -1;
        }
    }

    /**
     * Whether {@code bytes[from, to)} holds no NUL byte. Token bytes never hold one (pre-processing
     * ends every line at a NUL), but an id stops at one and a continued CRC cannot, so names check.
     */
    static boolean holdsNoNul(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Declares that the names assembled from now on, until called with false, come from texts that
     * {@link #holdsNoNul} found free of NUL bytes (with separators that are not NUL).
     */
    void textsHoldNoNul(boolean none) {
        textsHoldNoNul = none;
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
        return new String(buffer, 0, count, StandardCharsets.ISO_8859_1);
    }

    /** Emits the assembled name as an ordinary token (cut at 255 bytes). */
    Diction.Entry emit() {
        int end = Math.min(length, MAX_NAME);
        if (prefixLength >= 0 && end >= prefixLength && (textsHoldNoNul || holdsNoNul(buffer, prefixLength, end))) {
            checkLimit();
            return diction.emit(DspamCrc64.update(prefixCrc, buffer, prefixLength, end), buffer, 0, end);
        }
        return emit(buffer, 0, end);
    }

    private void checkLimit() {
        if (diction.size() >= maxDictionSize) {
            throw DictionLimitReached.INSTANCE;
        }
    }

    /**
     * Emits {@code bytes[from, to)} as an ordinary token.
     *
     * @throws DictionLimitReached when the diction is full, which ends the tokenisation of the message
     */
    Diction.Entry emit(byte[] bytes, int from, int to) {
        checkLimit();
        return diction.emit(bytes, from, to);
    }

    /** Control flow only: the message has more distinct tokens than the settings allow. */
    static final class DictionLimitReached extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final DictionLimitReached INSTANCE = new DictionLimitReached();

        private DictionLimitReached() {
            super("diction limit reached", null, false, false);
        }
    }
}

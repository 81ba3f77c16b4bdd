package io.jamesdspam.engine.tokenize;

/**
 * DSPAM's token id (docs/ENGINE-SPEC.md §2.6): reflected CRC-64 with polynomial constant
 * 0xD800000000000000, initial value 0, no final XOR, over the token's bytes up to a NUL.
 * The id is an unsigned 64-bit value held in a {@code long}.
 */
public final class DspamCrc64 {
    private static final long POLY64REV = 0xD800000000000000L;
    private static final long[] TABLE = buildTable();

    private DspamCrc64() {
    }

    private static long[] buildTable() {
        long[] table = new long[256];
        for (int b = 0; b < 256; b++) {
            long r = b;
            for (int i = 0; i < 8; i++) {
                r = (r & 1) != 0 ? (r >>> 1) ^ POLY64REV : r >>> 1;
            }
            table[b] = r;
        }
        return table;
    }

    public static long of(byte[] token) {
        return of(token, 0, token.length);
    }

    /** The id of {@code length} bytes from {@code offset}, stopping early at a NUL byte. */
    public static long of(byte[] bytes, int offset, int length) {
        long crc = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            byte b = bytes[i];
            if (b == 0) {
                break;
            }
            crc = (crc >>> 8) ^ TABLE[(int) ((crc ^ b) & 0xFF)];
        }
        return crc;
    }

    /**
     * Continues {@code crc} over {@code bytes[from, to)}, for ids of names sharing a prefix. The
     * caller guarantees the range holds no NUL (the id stops at a NUL, a continuation cannot).
     */
    public static long update(long crc, byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            crc = (crc >>> 8) ^ TABLE[(int) ((crc ^ bytes[i]) & 0xFF)];
        }
        return crc;
    }

    /** The id of a token given as text whose chars are bytes (ISO-8859-1 mapping). */
    public static long of(CharSequence latin1Token) {
        long crc = 0;
        for (int i = 0; i < latin1Token.length(); i++) {
            char c = latin1Token.charAt(i);
            if (c == 0) {
                break;
            }
            crc = (crc >>> 8) ^ TABLE[(int) ((crc ^ c) & 0xFF)];
        }
        return crc;
    }

    /** The unsigned decimal form MySQL stores and DSPAM's tools print. */
    public static String toUnsignedString(long id) {
        return Long.toUnsignedString(id);
    }
}

package io.jamesdspam.engine.message;

/** Byte-level helpers with C locale semantics (ASCII only, no charset). */
public final class AsciiBytes {
    private AsciiBytes() {
    }

    /** C {@code isspace} in the C locale: SP, TAB, LF, VT, FF, CR. */
    public static boolean isSpace(int b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    public static boolean isLetter(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    public static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    /**
     * The byte written as {@code <marker>XX} at {@code at} (the marker is {@code input[at]}: {@code %}
     * or {@code =}), or -1 when the two bytes after it, before {@code end}, are not hex digits.
     */
    public static int escapedByte(byte[] input, int at, int end) {
        if (at + 2 >= end) {
            return -1;
        }
        int high = hexValue(input[at + 1]);
        int low = hexValue(input[at + 2]);
        return high >= 0 && low >= 0 ? high << 4 | low : -1;
    }

    /**
     * Decodes {@code marker}XX escapes (an invalid one stays as it is); with {@code softLineBreaks},
     * {@code marker} before LF or CRLF disappears with the line break (quoted-printable). A decoded
     * NUL ends the text (C string).
     */
    static ByteBuilder decodeEscapes(byte[] input, int from, int to, byte marker, boolean softLineBreaks) {
        ByteBuilder out = new ByteBuilder(to - from);
        int i = from;
        while (i < to) {
            byte b = input[i];
            if (b == marker) {
                if (softLineBreaks && i + 1 < to && input[i + 1] == '\n') {
                    i += 2;
                    continue;
                }
                if (softLineBreaks && i + 2 < to && input[i + 1] == '\r' && input[i + 2] == '\n') {
                    i += 3;
                    continue;
                }
                int decoded = escapedByte(input, i, to);
                if (decoded == 0) {
                    return out;
                }
                if (decoded > 0) {
                    out.append((byte) decoded);
                    i += 3;
                    continue;
                }
            }
            out.append(b);
            i++;
        }
        return out;
    }

    /** The value of a hex digit, or -1. */
    public static int hexValue(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    /**
     * Whether {@code bytes[from, limit)} starts with {@code asciiPrefix}, ignoring ASCII case.
     */
    public static boolean startsWithIgnoreCase(byte[] bytes, int from, int limit, String asciiPrefix) {
        int n = asciiPrefix.length();
        if (limit - from < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (lower(bytes[from + i] & 0xFF) != lower(asciiPrefix.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Case-sensitive prefix test. */
    public static boolean startsWith(byte[] bytes, int from, int limit, byte[] prefix) {
        int n = prefix.length;
        if (limit - from < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (bytes[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** First index of {@code asciiNeedle} in {@code bytes[from, limit)} ignoring ASCII case, or -1. */
    public static int indexOfIgnoreCase(byte[] bytes, int from, int limit, String asciiNeedle) {
        int first = lower(asciiNeedle.charAt(0));
        int firstUpper = first >= 'a' && first <= 'z' ? first - 32 : first;
        for (int i = from, last = limit - asciiNeedle.length(); i <= last; i++) {
            int b = bytes[i] & 0xFF;
            if ((b == first || b == firstUpper) && startsWithIgnoreCase(bytes, i, limit, asciiNeedle)) {
                return i;
            }
        }
        return -1;
    }

    /** First index of {@code b} in {@code bytes[from, limit)}, or -1. */
    public static int indexOf(byte[] bytes, int from, int limit, int b) {
        for (int i = from; i < limit; i++) {
            if (bytes[i] == (byte) b) {
                return i;
            }
        }
        return -1;
    }

    /** The C-string length of {@code bytes[from, limit)}: up to the first NUL. */
    public static int cStringEnd(byte[] bytes, int from, int limit) {
        int nul = indexOf(bytes, from, limit, 0);
        return nul < 0 ? limit : nul;
    }
}

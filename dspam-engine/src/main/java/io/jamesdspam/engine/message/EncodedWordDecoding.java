package io.jamesdspam.engine.message;

/**
 * RFC 2047 header decoding as DSPAM does it when a part is closed (docs/ENGINE-SPEC.md §1.2): on the
 * concatenated data, every {@code =?charset?X?text?=} is replaced by its bytes (B = base64 of
 * §1.4.2 including its trailing LF, Q = quoted-printable of §1.4.3, no {@code _} mapping), the
 * charset ignored. A malformed word truncates the text at its first {@code ?}.
 */
final class EncodedWordDecoding {
    private EncodedWordDecoding() {
    }

    /** The decoded text, or null when the data holds no encoded word (its data then stays as is). */
    static ByteBuilder decode(ByteBuilder concatenated) {
        byte[] in = concatenated.array();
        int length = concatenated.length();
        int start = indexOfMarker(in, 0, length);
        if (start < 0) {
            return null;
        }
        ByteBuilder out = new ByteBuilder(length);
        int copied = 0;
        while (start >= 0) {
            out.append(in, copied, start);
            int charsetEnd = AsciiBytes.indexOf(in, start + 2, length, '?');
            if (charsetEnd < 0 || charsetEnd + 2 >= length || in[charsetEnd + 2] != '?') {
                // malformed: the original's tokenising on '?' leaves the text ending at the word's first '?'
                out.append((byte) '=');
                return out;
            }
            int textStart = charsetEnd + 3;
            int textEnd = indexOfTerminator(in, textStart, length);
            if (textEnd < 0) {
                out.append((byte) '=');
                return out;
            }
            byte kind = in[charsetEnd + 1];
            if (kind == 'B' || kind == 'b') {
                out.append(Base64Decoding.decode(in, textStart, textEnd));
            } else if (kind == 'Q' || kind == 'q') {
                out.append(QuotedPrintableDecoding.decode(in, textStart, textEnd));
            } else {
                out.append(in, start, textEnd + 2);
            }
            copied = textEnd + 2;
            start = indexOfMarker(in, copied, length);
        }
        return out;
    }

    private static int indexOfMarker(byte[] in, int from, int length) {
        for (int i = from; i + 1 < length; i++) {
            if (in[i] == '=' && in[i + 1] == '?') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfTerminator(byte[] in, int from, int length) {
        for (int i = from; i + 1 < length; i++) {
            if (in[i] == '?' && in[i + 1] == '=') {
                return i;
            }
        }
        return -1;
    }
}

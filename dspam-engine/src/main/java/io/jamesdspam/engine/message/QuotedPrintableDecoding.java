package io.jamesdspam.engine.message;

/**
 * DSPAM's quoted-printable decoder (ENGINE-SPEC §1.4.3): soft line breaks removed, {@code =XX}
 * decoded, any other {@code =} kept; no {@code _} mapping; no LF appended. A decoded NUL ends
 * the text (C string).
 */
public final class QuotedPrintableDecoding {
    private QuotedPrintableDecoding() {
    }

    public static ByteBuilder decode(byte[] input, int from, int to) {
        ByteBuilder out = new ByteBuilder(to - from);
        int i = from;
        while (i < to) {
            byte b = input[i];
            if (b == '=') {
                if (i + 1 < to && input[i + 1] == '\n') {
                    i += 2;
                    continue;
                }
                if (i + 2 < to && input[i + 1] == '\r' && input[i + 2] == '\n') {
                    i += 3;
                    continue;
                }
                int decoded = AsciiBytes.escapedByte(input, i, to);
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
}

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
                if (i + 2 < to) {
                    int high = AsciiBytes.hexValue(input[i + 1]);
                    int low = AsciiBytes.hexValue(input[i + 2]);
                    if (high >= 0 && low >= 0) {
                        byte decoded = (byte) (high << 4 | low);
                        if (decoded == 0) {
                            return out;
                        }
                        out.append(decoded);
                        i += 3;
                        continue;
                    }
                }
            }
            out.append(b);
            i++;
        }
        return out;
    }
}

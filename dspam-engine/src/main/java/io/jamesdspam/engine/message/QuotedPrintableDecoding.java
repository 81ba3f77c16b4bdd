package io.jamesdspam.engine.message;

/**
 * DSPAM's quoted-printable decoder (docs/ENGINE-SPEC.md §1.4.3): soft line breaks removed, {@code =XX}
 * decoded, any other {@code =} kept; no {@code _} mapping; no LF appended. A decoded NUL ends
 * the text (C string).
 */
public final class QuotedPrintableDecoding {
    private QuotedPrintableDecoding() {
    }

    public static ByteBuilder decode(byte[] input, int from, int to) {
        return AsciiBytes.decodeEscapes(input, from, to, (byte) '=', true);
    }
}

package io.jamesdspam.engine.message;

/**
 * DSPAM's "8-bit" prefilter (docs/ENGINE-SPEC.md §1.4.4): {@code %XX} becomes that byte. Applied to
 * parts whose encoding is 8BIT at degeneration time — which includes base64/QP text parts the
 * agent's signature pre-scan decoded (§1.3). A decoded NUL ends the text (C string).
 */
public final class PercentHexDecoding {
    private PercentHexDecoding() {
    }

    public static ByteBuilder decode(byte[] input, int from, int to) {
        return AsciiBytes.decodeEscapes(input, from, to, (byte) '%', false);
    }
}

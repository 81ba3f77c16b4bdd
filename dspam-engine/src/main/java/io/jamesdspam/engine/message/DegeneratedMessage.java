package io.jamesdspam.engine.message;

import java.util.Arrays;

/**
 * The two texts DSPAM tokenises (docs/ENGINE-SPEC.md §1.4): HEADERS (one line per header of every part
 * that has headers) and BODY (the decoded, filtered text parts, concatenated). Neither is ever
 * empty: an empty one is a single space, as in DSPAM.
 */
public final class DegeneratedMessage {
    private final byte[] headers;
    private final byte[] body;

    public DegeneratedMessage(byte[] headers, byte[] body) {
        this.headers = headers;
        this.body = body;
    }

    public byte[] headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    /**
     * The texts back from an SBPH signature's data (HEADERS + 0x01 + BODY, an optional final NUL
     * ignored), for retraining through {@code MessageTokenizer.tokenizeDegenerated}. Without a
     * 0x01 byte the whole text is taken as BODY.
     */
    public static DegeneratedMessage fromSignatureText(byte[] text) {
        int end = text.length > 0 && text[text.length - 1] == 0 ? text.length - 1 : text.length;
        int separator = AsciiBytes.indexOf(text, 0, end, 1);
        if (separator < 0) {
            return new DegeneratedMessage(new byte[] {' '}, Arrays.copyOf(text, end));
        }
        return new DegeneratedMessage(Arrays.copyOfRange(text, 0, separator), Arrays.copyOfRange(text, separator + 1, end));
    }

    /** HEADERS + 0x01 + BODY, the text an SBPH signature holds (docs/ENGINE-SPEC.md §8.1, without the NUL). */
    public byte[] signatureText() {
        byte[] text = new byte[headers.length + 1 + body.length];
        System.arraycopy(headers, 0, text, 0, headers.length);
        text[headers.length] = 1;
        System.arraycopy(body, 0, text, headers.length + 1, body.length);
        return text;
    }
}

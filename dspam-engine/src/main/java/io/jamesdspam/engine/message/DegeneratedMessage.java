package io.jamesdspam.engine.message;

/**
 * The two texts DSPAM tokenises (ENGINE-SPEC §1.4): HEADERS (one line per header of every part
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

    /** HEADERS + 0x01 + BODY, the text an SBPH signature holds (ENGINE-SPEC §8.1, without the NUL). */
    public byte[] signatureText() {
        byte[] text = new byte[headers.length + 1 + body.length];
        System.arraycopy(headers, 0, text, 0, headers.length);
        text[headers.length] = 1;
        System.arraycopy(body, 0, text, headers.length + 1, body.length);
        return text;
    }
}

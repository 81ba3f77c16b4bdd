package io.jamesdspam.engine.message;

import java.nio.charset.StandardCharsets;

/**
 * One header of a part (docs/ENGINE-SPEC.md §1.2): its heading, its data (continuation lines kept as
 * {@code "\n" + line}) and the concatenated data (continuations joined without separator, the
 * text RFC 2047 decoding works on).
 */
public final class MimeHeader {
    private final byte[] heading;
    private ByteBuilder data;
    private final ByteBuilder concatenatedData;

    MimeHeader(byte[] heading, ByteBuilder data) {
        this.heading = heading;
        this.data = data;
        this.concatenatedData = ByteBuilder.of(data.array(), 0, data.length());
    }

    public byte[] heading() {
        return heading;
    }

    public ByteBuilder data() {
        return data;
    }

    ByteBuilder concatenatedData() {
        return concatenatedData;
    }

    void appendContinuation(byte[] line, int from, int to) {
        data.append((byte) '\n').append(line, from, to);
        int start = from;
        while (start < to && (line[start] == ' ' || line[start] == '\t')) {
            start++;
        }
        concatenatedData.append(line, start, to);
    }

    void replaceData(ByteBuilder newData) {
        data = newData;
    }

    /** ASCII case-insensitive heading comparison. */
    public boolean headingIs(String asciiName) {
        return heading.length == asciiName.length() && AsciiBytes.startsWithIgnoreCase(heading, 0, heading.length, asciiName);
    }

    @Override
    public String toString() {
        return new String(heading, StandardCharsets.ISO_8859_1) + ": " + data;
    }
}

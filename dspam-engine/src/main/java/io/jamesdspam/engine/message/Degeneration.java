package io.jamesdspam.engine.message;

import java.util.List;

/**
 * Builds HEADERS and BODY from the parts (docs/ENGINE-SPEC.md §1.4): parts without headers are skipped;
 * each header line is built in DSPAM's 1024-byte buffer (cut at 1023 bytes, losing its LF);
 * text, message and preamble bodies are decoded, %XX-decoded when 8BIT, HTML-stripped when
 * html, and appended.
 */
final class Degeneration {
    /** DSPAM formats each header line into a 1024-byte buffer: 1023 bytes and the NUL. */
    static final int HEADER_LINE_BUFFER = 1023;

    private Degeneration() {
    }

    static DegeneratedMessage degenerate(List<MessagePart> parts) {
        ByteBuilder headers = new ByteBuilder(4096);
        ByteBuilder body = new ByteBuilder(4096);
        for (int index = 0; index < parts.size(); index++) {
            MessagePart part = parts.get(index);
            if (part.headers().isEmpty()) {
                continue;
            }
            for (MimeHeader header : part.headers()) {
                appendHeaderLine(headers, header);
            }
            if (contributesBody(part, index)) {
                appendBody(body, part);
            }
        }
        if (headers.isEmpty()) {
            headers.append((byte) ' ');
        }
        if (body.isEmpty()) {
            body.append((byte) ' ');
        }
        return new DegeneratedMessage(headers.toByteArray(), body.toByteArray());
    }

    private static void appendHeaderLine(ByteBuilder headers, MimeHeader header) {
        int start = headers.length();
        byte[] heading = header.heading();
        ByteBuilder data = header.data();
        headers.append(heading).append((byte) ':').append((byte) ' ').append(data).append((byte) '\n');
        // a NUL cannot occur: input lines and decoded words are C strings already
        headers.truncate(start + HEADER_LINE_BUFFER);
    }

    private static boolean contributesBody(MessagePart part, int index) {
        MediaType type = part.mediaType();
        return type == MediaType.TEXT || type == MediaType.MESSAGE || type == MediaType.UNKNOWN
            || (index == 0 && type == MediaType.MULTIPART);
    }

    private static void appendBody(ByteBuilder body, MessagePart part) {
        ByteBuilder text = part.body();
        TransferEncoding encoding = part.encoding();
        if ((encoding == TransferEncoding.BASE64 || encoding == TransferEncoding.QUOTED_PRINTABLE)
            && !part.originalKeptAside() && part.disposition() != Disposition.ATTACHMENT) {
            text = encoding == TransferEncoding.BASE64
                ? Base64Decoding.decode(text.array(), 0, text.length())
                : QuotedPrintableDecoding.decode(text.array(), 0, text.length());
        }
        if (encoding == TransferEncoding.EIGHT_BIT) {
            text = PercentHexDecoding.decode(text.array(), 0, text.length());
        }
        if (part.subtype() == MediaSubtype.HTML) {
            text = HtmlStripper.strip(text.array(), text.length());
        }
        body.append(text);
    }
}

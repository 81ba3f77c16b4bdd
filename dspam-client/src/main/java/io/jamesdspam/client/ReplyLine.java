package io.jamesdspam.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.jamesdspam.protocol.PeerText;

/**
 * One line read from dspamd, with how it ended: protocol replies end in CRLF, payload lines
 * after DATA in a bare LF, and only {@code .} + CRLF terminates a payload (docs/PROTOCOL.md §1).
 */
final class ReplyLine {
    private final byte[] content;
    private final boolean crlf;

    ReplyLine(byte[] content, boolean crlf) {
        this.content = content;
        this.crlf = crlf;
    }

    /** The bytes without the line ending. */
    byte[] content() {
        return content;
    }

    boolean endsWithCrlf() {
        return crlf;
    }

    String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** {@code .} + CRLF: the end of a summary or message payload. */
    boolean isPayloadTerminator() {
        return crlf && content.length == 1 && content[0] == '.';
    }

    /** A protocol reply: CRLF and a three-digit code followed by a space or a dash. */
    boolean isProtocolReply() {
        return crlf && content.length >= 4 && isDigit(content[0]) && isDigit(content[1]) && isDigit(content[2])
            && (content[3] == ' ' || content[3] == '-');
    }

    /** The reply code, or -1 when the line is not a reply. */
    int code() {
        if (content.length < 3 || !isDigit(content[0]) || !isDigit(content[1]) || !isDigit(content[2])) {
            return -1;
        }
        return (content[0] - '0') * 100 + (content[1] - '0') * 10 + (content[2] - '0');
    }

    /** A final (not {@code 250-}-continued) reply line. */
    boolean isLastReplyLine() {
        return content.length < 4 || content[3] != '-';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** The line as it should appear in an error message or a log: escaped, length-capped. */
    String forError() {
        return PeerText.escape(content) + (crlf ? "" : " (bare LF)");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplyLine && ((ReplyLine) o).crlf == crlf && Arrays.equals(((ReplyLine) o).content, content);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(content) * 31 + (crlf ? 1 : 0);
    }

    @Override
    public String toString() {
        return forError();
    }
}

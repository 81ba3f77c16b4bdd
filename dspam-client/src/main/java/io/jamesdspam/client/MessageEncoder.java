package io.jamesdspam.client;

/**
 * The DATA section as it goes on the wire: the message dot-stuffed (a line starting with
 * {@code .} gets a second one), followed by {@code .} CRLF.
 *
 * <p>Line endings are sent as they are: dspamd splits at LF and removes one CR before it
 * (docs/PROTOCOL.md §1, transcript 35), so LF and CRLF messages are read identically and the bytes
 * dspamd sees are the caller's. A message not ending in a line break gets CRLF before the dot.
 * Public because SMTP's DATA section is the same (RFC 5321 §4.5.2) for a CRLF message: the SMTP
 * benchmark harness sends corpus messages with it.
 */
public final class MessageEncoder {
    private static final byte[] TERMINATOR = {'.', '\r', '\n'};

    private MessageEncoder() {
    }

    public static byte[] encode(byte[] message) {
        int extra = 0;
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                extra++;
            }
            lineStart = b == '\n';
        }
        boolean needsLineBreak = message.length > 0 && message[message.length - 1] != '\n';
        byte[] out = new byte[message.length + extra + (needsLineBreak ? 2 : 0) + TERMINATOR.length];
        int o = 0;
        lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out[o++] = '.';
            }
            out[o++] = b;
            lineStart = b == '\n';
        }
        if (needsLineBreak) {
            out[o++] = '\r';
            out[o++] = '\n';
        }
        System.arraycopy(TERMINATOR, 0, out, o, TERMINATOR.length);
        return out;
    }
}

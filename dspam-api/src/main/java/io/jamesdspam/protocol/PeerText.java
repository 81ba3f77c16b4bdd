package io.jamesdspam.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Text a DLMTP peer sent, made safe for a log line or an error message: a hostile or broken peer
 * must not write raw control bytes (terminal escapes, NUL, CR/LF forging a second log line) into
 * james.log or the server's log. Printable ASCII is kept; a backslash and every other byte
 * become {@code \\xNN} escapes ({@code \r}, {@code \n}, {@code \t} by name); long text is cut.
 */
public final class PeerText {
    /** What an error message shows of one peer line. */
    public static final int SHOWN_BYTES = 200;

    private PeerText() {
    }

    public static String escape(byte[] bytes) {
        return escape(bytes, 0, bytes.length);
    }

    public static String escape(byte[] bytes, int from, int to) {
        int end = Math.min(to, from + SHOWN_BYTES);
        StringBuilder shown = new StringBuilder(end - from + 16);
        for (int i = from; i < end; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '\r':
                    shown.append("\\r");
                    break;
                case '\n':
                    shown.append("\\n");
                    break;
                case '\t':
                    shown.append("\\t");
                    break;
                case '\\':
                    shown.append("\\\\");
                    break;
                default:
                    if (b >= 0x20 && b < 0x7f) {
                        shown.append((char) b);
                    } else {
                        shown.append(String.format("\\x%02x", b));
                    }
            }
        }
        if (to > end) {
            shown.append("... (").append(to - from).append(" bytes)");
        }
        return shown.toString();
    }

    /** A peer's text already decoded (as UTF-8, the way the readers decode it). */
    public static String escape(String text) {
        return escape(text.getBytes(StandardCharsets.UTF_8));
    }
}

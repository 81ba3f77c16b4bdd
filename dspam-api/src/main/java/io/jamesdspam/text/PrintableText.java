package io.jamesdspam.text;

/**
 * Text a peer sent, made safe for a log line or an error message: control characters (C0, DEL,
 * C1) become {@code \xNN}, so a hostile peer cannot forge log lines with CR/LF, rewrite a
 * terminal with escape sequences or hide text behind NULs; long text is cut, saying how much was
 * left out, so a 1 MB command does not become a 1 MB log line.
 */
public final class PrintableText {
    /** What a log line shows of a peer's text unless the caller asks for another length. */
    public static final int DEFAULT_MAX_CHARS = 200;

    private PrintableText() {
    }

    public static String of(String text) {
        return of(text, DEFAULT_MAX_CHARS);
    }

    public static String of(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        StringBuilder printable = new StringBuilder(Math.min(text.length(), maxChars) + 16);
        int shown = 0;
        int at = 0;
        while (at < text.length() && shown < maxChars) {
            int c = text.codePointAt(at);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                printable.append(String.format("\\x%02x", c));
            } else {
                printable.appendCodePoint(c);
            }
            at += Character.charCount(c);
            shown++;
        }
        if (at < text.length()) {
            printable.append("…(").append(text.length() - at).append(" more chars)");
        }
        return printable.toString();
    }
}

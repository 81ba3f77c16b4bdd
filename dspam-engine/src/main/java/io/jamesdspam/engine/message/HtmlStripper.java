package io.jamesdspam.engine.message;

/**
 * DSPAM's HTML-to-text filter for parts with subtype html (docs/ENGINE-SPEC.md §1.5), quirks included:
 * a non-tag {@code <} swallows the next {@code <}, only a bare {@code <script>} starts skipping,
 * whitespace after an entity is dropped, 3-digit numeric entities vanish, links with an
 * http/https/ftp target are kept as text between spaces. The output never grows past the
 * input's length.
 */
public final class HtmlStripper {
    private static final String[][] URI_TAGS = {
        {"<a", "href"}, {"<img", "src"}, {"<input", "src"}, {"<iframe", "src"}, {"<frame", "src"},
        {"<script", "src"}, {"<form", "action"}, {"<embed", "src"}, {"<area", "href"}, {"<base", "href"},
        {"<link", "href"}, {"<source", "src"}, {"<body", "background"}, {"<blockquote", "cite"},
        {"<q", "cite"}, {"<ins", "cite"}, {"<del", "cite"},
    };
    private static final String[] LINE_BREAK_TAGS = {
        "<p>", "<p ", "<p\t", "<tr", "<option", "<br", "<li", "<div", "</select>", "</table>",
    };
    private static final String[][] SKIPPED_ELEMENTS = {
        {"<applet", "</applet>"}, {"<embed", "</embed>"}, {"<frameset", "</frameset>"}, {"<frame", "</frame>"},
        {"<iframe", "</iframe>"}, {"<noembed", "</noembed>"}, {"<noscript", "</noscript>"},
        {"<object", "</object>"}, {"<script", "</script>"}, {"<style", "</style>"},
    };
    /** Attribute names are looked for only at these many start offsets after the tag name. */
    private static final int ATTRIBUTE_SEARCH_OFFSETS = 51;

    private final byte[] in;
    private final int n;
    private final byte[] out;
    private int j;
    private boolean visible = true;
    private boolean tdClosed;
    private String skipUntil;

    private HtmlStripper(byte[] input, int length) {
        this.in = input;
        this.n = length;
        this.out = new byte[length];
    }

    public static ByteBuilder strip(byte[] input, int length) {
        HtmlStripper stripper = new HtmlStripper(input, length);
        stripper.run();
        ByteBuilder result = new ByteBuilder(stripper.j);
        result.append(stripper.out, 0, stripper.j);
        return result;
    }

    /** Appends one byte; false once the output has reached the input's length (processing stops). */
    private boolean emit(int b) {
        if (j >= n) {
            return false;
        }
        out[j++] = (byte) b;
        return true;
    }

    private void run() {
        int i = 0;
        while (i < n && j < n) {
            byte b = in[i];
            if (b == '<') {
                i = tagOrLessThan(i);
                continue;
            }
            if (skipUntil != null) {
                i++;
                continue;
            }
            if (!AsciiBytes.isSpace(b)) {
                visible = true;
            }
            if (b == '&' && i + 1 < n && in[i + 1] == '#') {
                i = numericEntity(i);
                continue;
            }
            if (b == '&') {
                long match = HtmlEntities.match(in, i, n);
                int consumed = (int) (match >>> 32);
                if (consumed > 0) {
                    int value = (int) match;
                    if (value != HtmlEntities.NO_OUTPUT) {
                        emit(value);
                    }
                    visible = false;
                    i += consumed;
                    continue;
                }
            }
            if (visible) {
                emit(b);
            }
            i++;
        }
    }

    /** Handles a {@code <} at {@code i}; returns the next scan position. */
    private int tagOrLessThan(int i) {
        if (skipUntil != null) {
            if (AsciiBytes.startsWithIgnoreCase(in, i, n, skipUntil)) {
                int next = i + skipUntil.length();
                skipUntil = null;
                return next;
            }
            return i + 1;
        }
        if (AsciiBytes.startsWithIgnoreCase(in, i, n, "</td>")) {
            tdClosed = true;
            return i + 5;
        }
        if (tdClosed && AsciiBytes.startsWithIgnoreCase(in, i, n, "<td")) {
            if (j > 0 && !AsciiBytes.isSpace(out[j - 1])) {
                emit(' ');
            }
            visible = false;
        } else {
            tdClosed = false;
            visible = true;
        }
        int k = i + 1;
        if (k >= n) {
            if (visible) {
                emit('<');
            }
            return k;
        }
        byte afterLt = in[k];
        if (!AsciiBytes.isLetter(afterLt) && afterLt != '/' && afterLt != '!') {
            return notATag(k);
        }
        int e = k;
        while (e < n && in[e] != '<' && in[e] != '>') {
            e++;
        }
        if (!uriTag(i, e) && !lineBreakTag(i)) {
            skippedElement(i);
        }
        return e < n && in[e] == '>' ? e + 1 : e;
    }

    /** A {@code <} that starts no tag: output it and the text up to the next {@code <}, which is swallowed. */
    private int notATag(int k) {
        visible = true;
        emit('<');
        int i = k;
        while (i < n && in[i] != '<') {
            if (!emit(in[i])) {
                return n;
            }
            i++;
        }
        return i + 1;
    }

    private boolean uriTag(int i, int e) {
        for (String[] tag : URI_TAGS) {
            String name = tag[0];
            int afterName = i + name.length();
            if (afterName < n && AsciiBytes.startsWithIgnoreCase(in, i, n, name) && AsciiBytes.isSpace(in[afterName])) {
                copyLinkTarget(afterName + 1, e, tag[1]);
                return true;
            }
        }
        return false;
    }

    private void copyLinkTarget(int searchFrom, int e, String attribute) {
        int found = -1;
        int lastStart = Math.min(e, searchFrom + ATTRIBUTE_SEARCH_OFFSETS - 1);
        for (int p = searchFrom; p <= lastStart; p++) {
            if (AsciiBytes.startsWithIgnoreCase(in, p, n, attribute)) {
                found = p;
                break;
            }
        }
        if (found < 0) {
            return;
        }
        int p = found + attribute.length();
        while (p < n && AsciiBytes.isSpace(in[p])) {
            p++;
        }
        if (p >= n || in[p] != '=') {
            return;
        }
        p++;
        while (p < n && AsciiBytes.isSpace(in[p])) {
            p++;
        }
        byte delimiter = '>';
        if (p < n && (in[p] == '"' || in[p] == '\'')) {
            delimiter = in[p];
            p++;
        }
        if (!AsciiBytes.startsWithIgnoreCase(in, p, n, "http:") && !AsciiBytes.startsWithIgnoreCase(in, p, n, "https:")
            && !AsciiBytes.startsWithIgnoreCase(in, p, n, "ftp:")) {
            return;
        }
        emit(' ');
        while (p < n && in[p] != delimiter) {
            if (!emit(in[p])) {
                return;
            }
            p++;
        }
        emit(' ');
    }

    private boolean lineBreakTag(int i) {
        for (String tag : LINE_BREAK_TAGS) {
            if (AsciiBytes.startsWithIgnoreCase(in, i, n, tag)) {
                if (j > 0 && out[j - 1] != '\n' && out[j - 1] != '\r') {
                    emit('\n');
                }
                return true;
            }
        }
        return false;
    }

    private void skippedElement(int i) {
        for (String[] element : SKIPPED_ELEMENTS) {
            if (AsciiBytes.startsWithIgnoreCase(in, i, n, element[0])) {
                skipUntil = element[1];
                return;
            }
        }
    }

    /** {@code &#…}: two or four digits (after leading zeros) then {@code ;} give a byte when 32…255. */
    private int numericEntity(int at) {
        int i = at + 2;
        while (i < n && in[i] == '0') {
            i++;
        }
        int digitsStart = i;
        while (i < n && AsciiBytes.isDigit(in[i])) {
            i++;
        }
        int digits = i - digitsStart;
        visible = false;
        if ((digits == 2 || digits == 4) && i < n && in[i] == ';') {
            int value = 0;
            for (int d = digitsStart; d < i; d++) {
                value = value * 10 + (in[d] - '0');
            }
            if (value >= 32 && value <= 255) {
                emit(value);
            }
            return i + 1;
        }
        int end = at + 2;
        while (end < n && in[end] != ';' && in[end] != ' ' && in[end] != '\t') {
            end++;
        }
        return end < n ? end + 1 : n;
    }
}

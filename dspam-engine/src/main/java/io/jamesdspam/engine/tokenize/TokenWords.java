package io.jamesdspam.engine.tokenize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.jamesdspam.engine.message.DegeneratedMessage;

/**
 * Maps a DSPAM token name back to the words of the message it came from, for people asking why
 * a message was judged as it was: {@code Subject*use+#+#+for} becomes
 * {@code Subject: use it only for}. The message's header lines and BODY are split into words as
 * the tokenizer splits them (§2.1.4, §2.4); the first place whose words fit the name — anchor,
 * then each named follower at its offset, {@code #} standing for any word — gives the text from
 * the anchor to the last follower, white space collapsed.
 *
 * <p>Names the tokenizer does not build from words in order (URL context tokens, the whitelist
 * token {@code From*<whole line>}, BNR patterns) find no place and have no words.
 */
public final class TokenWords {
    private static final String SKIPPED = "#";

    private final List<Segment> segments;

    private TokenWords(List<Segment> segments) {
        this.segments = segments;
    }

    /** Reads the texts the tokenizer read for {@code message}. */
    public static TokenWords of(DegeneratedMessage message, TokenizerSettings settings) {
        SegmentReader reader = new SegmentReader(settings.kind() == TokenizerKind.OSB || settings.kind() == TokenizerKind.SBPH);
        HeaderTokens headers = new HeaderTokens(settings.ignoreHeaders(), false);
        byte[] headerText = message.headers();
        headers.tokenize(headerText, headerText.length, reader, new TokenWriter(new Diction(), 1));
        reader.body(message.body(), message.body().length);
        return new TokenWords(reader.segments);
    }

    /** The words {@code tokenName} (one char per byte) came from, or empty when no place of the message fits it. */
    public Optional<String> wordsOf(String tokenName) {
        int star = tokenName.indexOf('*');
        String heading = star < 0 ? null : tokenName.substring(0, star);
        String[] parts = tokenName.substring(star + 1).split("\\+", -1);
        if (parts[0].isEmpty() || parts[0].equals(SKIPPED)) {
            return Optional.empty();
        }
        WordSpans words = new WordSpans();
        for (Segment segment : segments) {
            if (heading == null ? segment.heading != null : !heading.equals(segment.heading)) {
                continue;
            }
            words.split(segment.text, segment.from, segment.to, segment.delimiters);
            for (int anchor = 0; anchor + parts.length <= words.count(); anchor++) {
                if (fits(segment.text, words, anchor, parts)) {
                    String text = new String(segment.text, words.start(anchor),
                        words.end(anchor + parts.length - 1) - words.start(anchor), StandardCharsets.ISO_8859_1)
                        .replaceAll("\\s+", " ");
                    return Optional.of(heading == null ? text : heading + ": " + text);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean fits(byte[] text, WordSpans words, int anchor, String[] parts) {
        for (int offset = 0; offset < parts.length; offset++) {
            String part = parts[offset];
            if (offset > 0 && part.equals(SKIPPED)) {
                continue;
            }
            if (!equalsBytes(part, text, words.start(anchor + offset), words.end(anchor + offset))) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsBytes(String part, byte[] text, int from, int to) {
        if (to - from != part.length()) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            if ((text[from + i] & 0xff) != part.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Takes the tokenizer's place to collect the texts it would split, with its delimiters. */
    private static final class SegmentReader implements TokenSequencer {
        private final boolean sparse;
        private final List<Segment> segments = new ArrayList<>();

        private SegmentReader(boolean sparse) {
            this.sparse = sparse;
        }

        @Override
        public void headerLine(byte[] heading, int headingLength, byte[] text, int from, int to) {
            String name = new String(heading, 0, headingLength, StandardCharsets.ISO_8859_1);
            segments.add(new Segment(name, text, from, to, sparse ? Delimiters.SPARSE_HEADING : Delimiters.HEADING));
        }

        @Override
        public void body(byte[] body, int length) {
            segments.add(new Segment(null, body, 0, length, sparse ? Delimiters.SPARSE : Delimiters.BODY));
        }
    }

    /** One header line's token text under its heading, or BODY (heading null). */
    private static final class Segment {
        private final String heading;
        private final byte[] text;
        private final int from;
        private final int to;
        private final Delimiters delimiters;

        private Segment(String heading, byte[] text, int from, int to, Delimiters delimiters) {
            this.heading = heading;
            this.text = text;
            this.from = from;
            this.to = to;
            this.delimiters = delimiters;
        }
    }
}

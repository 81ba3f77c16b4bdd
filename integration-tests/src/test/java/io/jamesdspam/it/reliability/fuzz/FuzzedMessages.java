package io.jamesdspam.it.reliability.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.jamesdspam.testing.CorpusMessage;

/**
 * The reliability suite's seeded generator of hostile messages: corpus messages mutated in the
 * ways a spammer, a broken mailer or a line fault mangle mail. Input {@code i} of seed {@code s}
 * depends on nothing else, so a failure is replayed from its seed and index alone
 * ({@link #input(int)}), without running the inputs before it.
 *
 * <p>Most inputs are small (a corpus message and a few mutations); a 1 MB header line comes once
 * in {@value #HUGE_HEADER_PERIOD} inputs and 20 MB of base64 garbage once in
 * {@value #BASE64_GARBAGE_PERIOD}, at fixed indices, so the count of big inputs (and the run time)
 * does not depend on the seed.
 */
public final class FuzzedMessages {
    static final int HUGE_HEADER_PERIOD = 250;
    static final int BASE64_GARBAGE_PERIOD = 2500;
    static final int HUGE_HEADER_BYTES = 1024 * 1024;
    static final int BASE64_GARBAGE_BYTES = 20 * 1024 * 1024;

    /** The mutations, each named in a failure report. */
    public enum Mutation {
        EMPTY, BYTE_FLIPS, TRUNCATION, NUL_BYTES, CONTROL_BYTES, BROKEN_MIME, NESTED_MIME, DEEP_NESTED_MIME,
        UNKNOWN_CHARSET, UNKNOWN_TRANSFER_ENCODING, ENCODED_WORD_GARBAGE, QUOTED_PRINTABLE_GARBAGE,
        HTML_GARBAGE, SPLICED, NO_LINE_BREAKS, BARE_CR, HUGE_HEADER_LINE, BASE64_GARBAGE_20MB
    }

    /** The small mutations drawn at random; the big ones come at fixed indices. */
    private static final Mutation[] DRAWN = {
        Mutation.BYTE_FLIPS, Mutation.BYTE_FLIPS, Mutation.BYTE_FLIPS, Mutation.TRUNCATION, Mutation.TRUNCATION,
        Mutation.NUL_BYTES, Mutation.CONTROL_BYTES, Mutation.BROKEN_MIME, Mutation.BROKEN_MIME, Mutation.NESTED_MIME,
        Mutation.UNKNOWN_CHARSET, Mutation.UNKNOWN_TRANSFER_ENCODING, Mutation.ENCODED_WORD_GARBAGE,
        Mutation.QUOTED_PRINTABLE_GARBAGE, Mutation.HTML_GARBAGE, Mutation.SPLICED, Mutation.NO_LINE_BREAKS,
        Mutation.BARE_CR, Mutation.DEEP_NESTED_MIME, Mutation.EMPTY
    };
    private static final String[] UNKNOWN_CHARSETS = {
        "x-unknown-42", "utf-99", "", "\"", "iso-8859-1'en'", "=?utf-8?q?x?=", "utf-8\u0000", "ibm-9999",
        "x-" + "a".repeat(300), "UTF-7", "utf-16", "UTF-32BE", "*"
    };
    private static final String[] UNKNOWN_ENCODINGS = {
        "x-uuencode", "base65", "quoted-printable-ish", "", "7bit 8bit", "binary", "BASE64;", "x-gzip64",
        "\u0000", "quoted-printable\tbase64", "8bit" + "x".repeat(500)
    };

    private final List<CorpusMessage> sources;
    private final long seed;

    public FuzzedMessages(List<CorpusMessage> sources, long seed) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("The generator needs at least one source message");
        }
        this.sources = List.copyOf(sources);
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** Input {@code index} of this seed, the same at every call. */
    public FuzzedInput input(int index) {
        Random random = new Random(seed * 1_000_003L + index);
        CorpusMessage source = sources.get(random.nextInt(sources.size()));
        Mutation mutation = mutationOf(index, random);
        byte[] original = source.bytes();
        byte[] bytes = mutate(mutation, original, random);
        return new FuzzedInput(seed, index, mutation, source, bytes);
    }

    static Mutation mutationOf(int index, Random random) {
        if (index % BASE64_GARBAGE_PERIOD == BASE64_GARBAGE_PERIOD - 1) {
            return Mutation.BASE64_GARBAGE_20MB;
        }
        if (index % HUGE_HEADER_PERIOD == HUGE_HEADER_PERIOD / 2) {
            return Mutation.HUGE_HEADER_LINE;
        }
        return DRAWN[random.nextInt(DRAWN.length)];
    }

    private byte[] mutate(Mutation mutation, byte[] message, Random random) {
        switch (mutation) {
            case EMPTY:
                return new byte[0];
            case BYTE_FLIPS:
                return byteFlips(message, random, 1 + random.nextInt(64));
            case TRUNCATION:
                return Arrays.copyOf(message, random.nextInt(message.length + 1));
            case NUL_BYTES:
                return insertEverywhere(message, random, (byte) 0, 1 + random.nextInt(200));
            case CONTROL_BYTES:
                return controlBytes(message, random);
            case BROKEN_MIME:
                return brokenMime(message, random);
            case NESTED_MIME:
                return nestedMime(message, random, 200, random.nextBoolean());
            case DEEP_NESTED_MIME:
                return nestedMime(message, random, 2000, random.nextBoolean());
            case UNKNOWN_CHARSET:
                return withBodyHeaders(message, "Content-Type: text/plain; charset=\""
                    + UNKNOWN_CHARSETS[random.nextInt(UNKNOWN_CHARSETS.length)] + "\"\n");
            case UNKNOWN_TRANSFER_ENCODING:
                return withBodyHeaders(message, "Content-Type: text/html\nContent-Transfer-Encoding: "
                    + UNKNOWN_ENCODINGS[random.nextInt(UNKNOWN_ENCODINGS.length)] + "\n");
            case ENCODED_WORD_GARBAGE:
                return encodedWordGarbage(message, random);
            case QUOTED_PRINTABLE_GARBAGE:
                return quotedPrintableGarbage(message, random);
            case HTML_GARBAGE:
                return htmlGarbage(message, random);
            case SPLICED:
                return spliced(message, sources.get(random.nextInt(sources.size())).bytes(), random);
            case NO_LINE_BREAKS:
                return replaceAll(message, (byte) '\n', (byte) ' ');
            case BARE_CR:
                return replaceAll(message, (byte) '\n', (byte) '\r');
            case HUGE_HEADER_LINE:
                return hugeHeaderLine(message, random);
            case BASE64_GARBAGE_20MB:
                return base64Garbage(message, random);
            default:
                throw new IllegalStateException("Unhandled mutation " + mutation);
        }
    }

    private static byte[] byteFlips(byte[] message, Random random, int flips) {
        byte[] copy = message.clone();
        for (int i = 0; i < flips && copy.length > 0; i++) {
            int at = random.nextInt(copy.length);
            copy[at] = random.nextBoolean() ? (byte) (copy[at] ^ (1 << random.nextInt(8))) : (byte) random.nextInt(256);
        }
        return copy;
    }

    private static byte[] insertEverywhere(byte[] message, Random random, byte value, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + count);
        double rate = message.length == 0 ? 1 : (double) count / message.length;
        for (byte b : message) {
            if (random.nextDouble() < rate) {
                out.write(value);
            }
            out.write(b);
        }
        out.write(value);
        return out.toByteArray();
    }

    private static byte[] controlBytes(byte[] message, Random random) {
        byte[] copy = message.clone();
        for (int i = 0; i < 1 + random.nextInt(300) && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] = (byte) (random.nextBoolean() ? random.nextInt(32) : 0x7f + random.nextInt(0x21));
        }
        return copy;
    }

    /** Multipart declarations that lie: missing, wrong, empty, over-long or never-closed boundaries. */
    private static byte[] brokenMime(byte[] message, Random random) {
        String boundary;
        switch (random.nextInt(5)) {
            case 0:
                boundary = "";
                break;
            case 1:
                boundary = "b".repeat(200 + random.nextInt(2000));
                break;
            case 2:
                boundary = "--";
                break;
            case 3:
                boundary = "\"unterminated";
                break;
            default:
                boundary = "x" + random.nextInt(1000);
        }
        StringBuilder body = new StringBuilder();
        body.append("Content-Type: multipart/").append(random.nextBoolean() ? "mixed" : "alternative")
            .append("; boundary=").append(boundary).append('\n').append(random.nextBoolean() ? "\n" : "");
        int parts = random.nextInt(6);
        for (int i = 0; i < parts; i++) {
            body.append("--").append(random.nextBoolean() ? boundary : "other").append('\n');
            if (random.nextBoolean()) {
                body.append("Content-Type: ").append(random.nextBoolean() ? "text/plain" : "multipart/mixed; boundary=")
                    .append('\n');
            }
            if (random.nextBoolean()) {
                body.append('\n');
            }
            body.append("part ").append(i).append('\n');
        }
        if (random.nextBoolean()) {
            body.append("--").append(boundary).append("--\n");
        }
        return concat(headersOf(message), body.toString().getBytes(StandardCharsets.ISO_8859_1), bodyOf(message));
    }

    /** A multipart inside a multipart {@code depth} times, the corpus body innermost; optionally never closed. */
    static byte[] nestedMime(byte[] message, Random random, int depth, boolean closed) {
        StringBuilder opening = new StringBuilder("Content-Type: multipart/mixed; boundary=\"n0\"\n\n");
        for (int level = 1; level < depth; level++) {
            opening.append("--n").append(level - 1).append('\n')
                .append("Content-Type: multipart/").append(random.nextInt(4) == 0 ? "alternative" : "mixed")
                .append("; boundary=\"n").append(level).append("\"\n\n");
        }
        opening.append("--n").append(depth - 1).append("\nContent-Type: text/plain\n\n");
        StringBuilder closing = new StringBuilder("\n");
        if (closed) {
            for (int level = depth - 1; level >= 0; level--) {
                closing.append("--n").append(level).append("--\n");
            }
        }
        return concat(headersOf(message), opening.toString().getBytes(StandardCharsets.ISO_8859_1), bodyOf(message),
            closing.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] encodedWordGarbage(byte[] message, Random random) {
        String[] words = {
            "=?x-unknown?Q?caf=E9?=", "=?utf-8?B?!!!!?=", "=?utf-8?Q?=ZZ=?=", "=?utf-8?X?abc?=", "=?=?=?",
            "=?utf-8?B?" + "QUFB".repeat(2000) + "?=", "=??Q??=", "=?utf-8*en?q?x?=", "=?utf-8?q?" + "=".repeat(500) + "?="
        };
        StringBuilder subject = new StringBuilder("Subject:");
        for (int i = 0; i < 1 + random.nextInt(20); i++) {
            subject.append(' ').append(words[random.nextInt(words.length)]);
        }
        return withHeader(message, subject.append('\n').toString());
    }

    private static byte[] quotedPrintableGarbage(byte[] message, Random random) {
        StringBuilder body = new StringBuilder("Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n");
        String[] pieces = {"=", "=\n", "=Z", "=4", "=3D=3D", "=\r", "soft=\n", "=00", "=FF", "word ", "\n"};
        for (int i = 0; i < 10 + random.nextInt(2000); i++) {
            body.append(pieces[random.nextInt(pieces.length)]);
        }
        return concat(headersOf(message), body.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] htmlGarbage(byte[] message, Random random) {
        StringBuilder body = new StringBuilder("Content-Type: text/html\n\n");
        String[] pieces = {"<", ">", "<a href=\"", "<!--", "-->", "&#", "&#x", "&#99999999999;", "&amp", "<script>",
            "</", "<b", "\"", "<style>", "<![CDATA[", "&", ";", "<p>text</p>", "<" + "x".repeat(300)};
        for (int i = 0; i < 10 + random.nextInt(3000); i++) {
            body.append(pieces[random.nextInt(pieces.length)]);
        }
        return concat(headersOf(message), body.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] spliced(byte[] first, byte[] second, Random random) {
        int cut = random.nextInt(first.length + 1);
        int from = random.nextInt(second.length + 1);
        return concat(Arrays.copyOf(first, cut), Arrays.copyOfRange(second, from, second.length));
    }

    private static byte[] replaceAll(byte[] message, byte from, byte to) {
        byte[] copy = message.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == from) {
                copy[i] = to;
            }
        }
        return copy;
    }

    private static byte[] hugeHeaderLine(byte[] message, Random random) {
        byte[] value = new byte[HUGE_HEADER_BYTES];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (random.nextInt(8) == 0 ? ' ' : 'a' + random.nextInt(26));
        }
        String name = random.nextBoolean() ? "Subject: " : "X-Huge: ";
        return concat(name.getBytes(StandardCharsets.US_ASCII), value, "\n".getBytes(StandardCharsets.US_ASCII), message);
    }

    /** 20 MB declared base64 of random alphabet bytes, lines of 76 (what a big attachment looks like, minus sense). */
    private static byte[] base64Garbage(byte[] message, Random random) {
        byte[] alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=!"
            .getBytes(StandardCharsets.US_ASCII);
        byte[] header = "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n".getBytes(StandardCharsets.US_ASCII);
        byte[] headers = headersOf(message);
        byte[] out = new byte[headers.length + header.length + BASE64_GARBAGE_BYTES];
        System.arraycopy(headers, 0, out, 0, headers.length);
        System.arraycopy(header, 0, out, headers.length, header.length);
        for (int i = headers.length + header.length, column = 0; i < out.length; i++, column++) {
            if (column == 76) {
                out[i] = '\n';
                column = -1;
            } else {
                out[i] = alphabet[random.nextInt(alphabet.length)];
            }
        }
        return out;
    }

    /** The message with its own content headers replaced by {@code bodyHeaders}. */
    private static byte[] withBodyHeaders(byte[] message, String bodyHeaders) {
        return concat(headersOf(message), bodyHeaders.getBytes(StandardCharsets.ISO_8859_1), "\n".getBytes(StandardCharsets.US_ASCII),
            bodyOf(message));
    }

    private static byte[] withHeader(byte[] message, String header) {
        return concat(header.getBytes(StandardCharsets.ISO_8859_1), message);
    }

    /** The header block without Content-* fields and without the blank line. */
    private static byte[] headersOf(byte[] message) {
        int end = bodyStart(message);
        String headers = new String(message, 0, Math.max(0, end), StandardCharsets.ISO_8859_1);
        StringBuilder kept = new StringBuilder();
        boolean skipping = false;
        for (String line : headers.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (!continuation) {
                skipping = line.regionMatches(true, 0, "Content-", 0, 8) || line.regionMatches(true, 0, "MIME-Version", 0, 12);
            }
            if (!skipping) {
                kept.append(line).append('\n');
            }
        }
        kept.append("MIME-Version: 1.0\n");
        return kept.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bodyOf(byte[] message) {
        int start = bodyStart(message);
        return start < 0 ? new byte[0] : Arrays.copyOfRange(message, start, message.length);
    }

    /** Index after the first blank line, or -1 when there is none. */
    private static int bodyStart(byte[] message) {
        for (int i = 0; i + 1 < message.length; i++) {
            if (message[i] == '\n' && (message[i + 1] == '\n'
                || (message[i + 1] == '\r' && i + 2 < message.length && message[i + 2] == '\n'))) {
                return message[i + 1] == '\n' ? i + 2 : i + 3;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[]... pieces) {
        int length = 0;
        for (byte[] piece : pieces) {
            length += piece.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] piece : pieces) {
            System.arraycopy(piece, 0, out, at, piece.length);
            at += piece.length;
        }
        return out;
    }
}

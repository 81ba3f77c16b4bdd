package io.jamesdspam.engine.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recorded DLMTP session of {@code docs/transcripts}: per connection, the bytes the
 * client sent, the lines the server answered and whether the server closed the connection.
 * Escapes of the recording ({@code <CR>}, {@code <LF>}, {@code <TAB>}, {@code <XX>}) are decoded
 * only where they stand for bytes: a recorded line ends with its terminator escape, and a
 * {@code <XX>} with two hex digits is a byte (text such as {@code <bob>} is kept).
 */
final class Transcript {
    private static final Pattern STEP = Pattern.compile("^(?:\\[[0-9.]+\\] )?([CS]): (.*)$");
    private static final Pattern HEX = Pattern.compile("<([0-9A-F]{2})>");
    private static final Pattern CLIENT_LINES = Pattern.compile("(\\d+) client lines");
    private static final Pattern MESSAGE_BYTES = Pattern.compile("([\\d,]+) byte message");
    private static final int FILLER_LINE_BYTES = 82;

    /** One thing that happens on a connection, in recorded order. */
    static final class Step {
        enum Kind { SEND, EXPECT, SERVER_CLOSES }

        final Kind kind;
        final byte[] bytes;

        Step(Kind kind, byte[] bytes) {
            this.kind = kind;
            this.bytes = bytes;
        }

        String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private final String name;
    private final String header;
    private final List<List<Step>> connections;

    private Transcript(String name, String header, List<List<Step>> connections) {
        this.name = name;
        this.header = header;
        this.connections = connections;
    }

    static Transcript read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        List<List<Step>> connections = new ArrayList<>();
        List<Step> current = null;
        for (String line : lines) {
            if (line.startsWith("# --- connection")) {
                current = null;
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (current == null) {
                current = new ArrayList<>();
                connections.add(current);
            }
            if (line.startsWith("-- ")) {
                if (line.contains("server closed")) {
                    current.add(new Step(Step.Kind.SERVER_CLOSES, new byte[0]));
                }
                continue;
            }
            if (line.startsWith("... [record truncated")) {
                current.add(new Step(Step.Kind.SEND, filler(line)));
                continue;
            }
            Matcher step = STEP.matcher(line);
            if (!step.matches()) {
                throw new IllegalArgumentException(file + ": unexpected line '" + line + "'");
            }
            current.add(new Step(step.group(1).equals("C") ? Step.Kind.SEND : Step.Kind.EXPECT, decode(step.group(2))));
        }
        return new Transcript(file.getFileName().toString(), lines.get(0), connections);
    }

    /** The filler a truncated record stands for: numbered lines of the recorded size. */
    private static byte[] filler(String note) {
        Matcher lines = CLIENT_LINES.matcher(note);
        Matcher bytes = MESSAGE_BYTES.matcher(note);
        int count;
        if (lines.find()) {
            count = Integer.parseInt(lines.group(1));
        } else if (bytes.find()) {
            count = Integer.parseInt(bytes.group(1).replace(",", "")) / FILLER_LINE_BYTES;
        } else {
            throw new IllegalArgumentException("Cannot tell the size of '" + note + "'");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(count * FILLER_LINE_BYTES);
        byte[] line = "This is filler line number 00000000 of a very large synthetic test message body.\r\n"
            .getBytes(StandardCharsets.US_ASCII);
        int digits = "This is filler line number ".length();
        for (int i = 0; i < count; i++) {
            int number = i;
            for (int d = digits + 7; d >= digits; d--) {
                line[d] = (byte) ('0' + number % 10);
                number /= 10;
            }
            out.write(line, 0, line.length);
        }
        return out.toByteArray();
    }

    private static byte[] decode(String recorded) {
        String text = recorded;
        String terminator = "";
        if (text.endsWith("<CR><LF>")) {
            text = text.substring(0, text.length() - 8);
            terminator = "\r\n";
        } else if (text.endsWith("<LF>")) {
            text = text.substring(0, text.length() - 4);
            terminator = "\n";
        }
        text = text.replace("<TAB>", "\t");
        Matcher hex = HEX.matcher(text);
        StringBuilder decoded = new StringBuilder();
        while (hex.find()) {
            hex.appendReplacement(decoded, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(hex.group(1), 16))));
        }
        hex.appendTail(decoded);
        return (decoded + terminator).getBytes(StandardCharsets.ISO_8859_1);
    }

    String name() {
        return name;
    }

    /** The scenario line with the dspam.conf used for the recording. */
    String header() {
        return header;
    }

    List<List<Step>> connections() {
        return connections;
    }

    @Override
    public String toString() {
        return name;
    }
}

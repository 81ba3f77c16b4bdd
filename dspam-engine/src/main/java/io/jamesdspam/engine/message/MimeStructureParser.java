package io.jamesdspam.engine.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a message into DSPAM's ordered list of parts, the "actualised message" (docs/ENGINE-SPEC.md
 * §1.2). Line based on LF (a trailing CR stays in the line); boundaries are matched as prefixes
 * against every boundary registered so far, at any nesting level.
 */
public final class MimeStructureParser {
    /** DSPAM keeps at most 127 bytes of a boundary value. */
    static final int MAX_BOUNDARY_LENGTH = 127;
    /**
     * Deviation guard: DSPAM registers boundaries without limit; a hostile message declaring
     * hundreds of thousands of them would make every line test against all of them. Real mail
     * uses a handful, so the limit never changes a real message's parts.
     */
    static final int MAX_BOUNDARIES = 1024;

    private final List<MessagePart> parts = new ArrayList<>();
    private final List<byte[]> boundaryMarkers = new ArrayList<>();
    private MessagePart current;
    private boolean inHeaders = true;
    private boolean inBodyContentType;

    private MimeStructureParser() {
    }

    public static List<MessagePart> parse(byte[] message) {
        return parse(message, message.length);
    }

    public static List<MessagePart> parse(byte[] message, int length) {
        MimeStructureParser parser = new MimeStructureParser();
        parser.run(message, length);
        return parser.parts;
    }

    private void run(byte[] message, int length) {
        startPart();
        int lineStart = 0;
        while (true) {
            int lineEnd = AsciiBytes.indexOf(message, lineStart, length, '\n');
            boolean last = lineEnd < 0;
            if (last) {
                lineEnd = length;
            }
            if (inHeaders) {
                headerLine(message, lineStart, lineEnd);
            } else {
                bodyLine(message, lineStart, lineEnd, last);
            }
            if (last) {
                break;
            }
            lineStart = lineEnd + 1;
        }
        closePart();
    }

    private void startPart() {
        current = new MessagePart();
        parts.add(current);
        inHeaders = true;
        inBodyContentType = false;
    }

    private void headerLine(byte[] line, int from, int to) {
        if (startsWithBoundary(line, from, to)) {
            closePart();
            startPart();
            return;
        }
        MimeHeader last = current.lastHeader();
        if (from < to && (line[from] == ' ' || line[from] == '\t') && last != null) {
            last.appendContinuation(line, from, to);
            return;
        }
        if (from == to || line[from] == '\r') {
            PartHeaderAnalysis.analyse(current, this);
            inHeaders = false;
            return;
        }
        int colon = AsciiBytes.indexOf(line, from, to, ':');
        byte[] heading;
        ByteBuilder data;
        if (colon < 0) {
            heading = Arrays.copyOfRange(line, from, to);
            data = new ByteBuilder(16);
        } else {
            heading = Arrays.copyOfRange(line, from, colon);
            int dataStart = colon + 1;
            while (dataStart < to && (line[dataStart] == ' ' || line[dataStart] == '\t')) {
                dataStart++;
            }
            data = ByteBuilder.of(line, dataStart, to);
        }
        current.headers().add(new MimeHeader(heading, data));
    }

    private void bodyLine(byte[] line, int from, int to, boolean lastLineOfInput) {
        if (AsciiBytes.startsWithIgnoreCase(line, from, to, "Content-Type")) {
            inBodyContentType = true;
        } else if (!(from < to && (line[from] == ' ' || line[from] == '\t'))) {
            inBodyContentType = false;
        }
        if (inBodyContentType) {
            byte[] boundary = extractBoundary(line, from, to);
            if (boundary != null && !isKnownBoundary(boundary)) {
                registerBoundary(boundary);
            }
        }
        if (startsWithBoundary(line, from, to)) {
            closePart();
            startPart();
            return;
        }
        current.body().append(line, from, to);
        if (!lastLineOfInput) {
            current.body().append((byte) '\n');
        }
    }

    private void closePart() {
        if (!current.analysed()) {
            PartHeaderAnalysis.analyse(current, this);
        }
        for (MimeHeader header : current.headers()) {
            ByteBuilder decoded = EncodedWordDecoding.decode(header.concatenatedData());
            if (decoded != null) {
                header.replaceData(decoded);
            }
        }
    }

    private boolean startsWithBoundary(byte[] line, int from, int to) {
        for (int i = 0, n = boundaryMarkers.size(); i < n; i++) {
            if (AsciiBytes.startsWith(line, from, to, boundaryMarkers.get(i))) {
                return true;
            }
        }
        return false;
    }

    private boolean isKnownBoundary(byte[] marker) {
        for (byte[] known : boundaryMarkers) {
            if (Arrays.equals(known, marker)) {
                return true;
            }
        }
        return false;
    }

    /** Registers the boundary declared by a multipart Content-Type header. */
    void registerBoundaryFrom(ByteBuilder headerData) {
        byte[] boundary = extractBoundary(headerData.array(), 0, headerData.length());
        if (boundary != null) {
            registerBoundary(boundary);
        }
    }

    private void registerBoundary(byte[] marker) {
        if (boundaryMarkers.size() < MAX_BOUNDARIES) {
            boundaryMarkers.add(marker);
        }
    }

    /**
     * The marker {@code "--" + value} of the first {@code boundary=} parameter in the text, or
     * null. The value ends at SPACE, {@code "}, {@code ;}, LF or TAB (not at CR) and is cut at
     * 127 bytes. An empty value is not registered (it would turn every {@code --} line into a
     * part boundary; the spec leaves this case open).
     */
    static byte[] extractBoundary(byte[] text, int from, int to) {
        int keyword = AsciiBytes.indexOfIgnoreCase(text, from, to, "boundary");
        if (keyword < 0) {
            return null;
        }
        int i = AsciiBytes.indexOf(text, keyword + 8, to, '=');
        if (i < 0) {
            return null;
        }
        i++;
        while (i < to && AsciiBytes.isSpace(text[i])) {
            i++;
        }
        if (i < to && text[i] == '"') {
            i++;
        }
        int start = i;
        while (i < to && i - start < MAX_BOUNDARY_LENGTH) {
            byte b = text[i];
            if (b == ' ' || b == '"' || b == ';' || b == '\n' || b == '\t') {
                break;
            }
            i++;
        }
        if (i == start) {
            return null;
        }
        byte[] marker = new byte[2 + i - start];
        marker[0] = '-';
        marker[1] = '-';
        System.arraycopy(text, start, marker, 2, i - start);
        return marker;
    }
}

package io.jamesdspam.client;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Splits what dspamd sends into lines at LF, keeping whether a CR preceded it. Buffered, so
 * that pipelined replies arriving together are not lost between calls.
 */
final class LineReader {
    /** Thrown when a line grows past the allowed length: a garbage-spewing peer, not dspamd. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException(int limit) {
            super("a line from dspamd exceeds " + limit + " bytes");
        }
    }

    private final DlmtpChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private byte[] line = new byte[256];

    LineReader(DlmtpChannel channel) {
        this.channel = channel;
        buffer.flip();
    }

    /**
     * The next line; waits at most until {@code deadline} (System.nanoTime) for each chunk.
     *
     * @throws EOFException when dspamd closes the connection, even in the middle of a line
     */
    ReplyLine readLine(long deadline, int maxLength) throws IOException {
        int length = 0;
        while (true) {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    boolean crlf = length > 0 && line[length - 1] == '\r';
                    int contentLength = crlf ? length - 1 : length;
                    return new ReplyLine(Arrays.copyOf(line, contentLength), crlf);
                }
                if (length == maxLength + 1) {
                    throw new LineTooLongException(maxLength);
                }
                if (length == line.length) {
                    line = Arrays.copyOf(line, Math.min(Math.max(line.length * 2, 256), maxLength + 2));
                }
                line[length++] = b;
            }
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer, deadline);
            } finally {
                buffer.flip();
            }
            if (n < 0) {
                throw new EOFException(length == 0 ? "dspamd closed the connection"
                    : "dspamd closed the connection in the middle of a line");
            }
        }
    }

    /** Whether bytes beyond the last line read are already buffered (a reply nobody asked for). */
    boolean hasBufferedBytes() {
        return buffer.hasRemaining();
    }
}

package io.jamesdspam.engine.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * Reads DLMTP lines the way dspamd does (docs/PROTOCOL.md §1): a line ends at LF, one CR before the
 * LF is removed, NUL bytes are deleted. Unlike dspamd, a line longer than the caller's limit is
 * not buffered: it is consumed to its end and reported as {@link Line#overflowed()} with only
 * the first bytes kept, so a 1 GB line costs no memory.
 *
 * <p>Before every read that may block, {@link BlockingReads#beforeBlockingRead()} runs: the
 * connection flushes its pending replies there (one write for all replies to a pipelined
 * batch) and arms its read timeout.
 */
final class BoundedLineReader {
    /** Hooks around reads that wait for the peer. */
    interface BlockingReads {
        void beforeBlockingRead() throws IOException;

        void afterBlockingRead();
    }

    /** One line without its terminator. */
    static final class Line {
        private final byte[] bytes;
        private final boolean overflowed;

        Line(byte[] bytes, boolean overflowed) {
            this.bytes = bytes;
            this.overflowed = overflowed;
        }

        byte[] bytes() {
            return bytes;
        }

        /** The line was longer than the limit; {@link #bytes()} holds its beginning only. */
        boolean overflowed() {
            return overflowed;
        }

        boolean isSingleDot() {
            return !overflowed && bytes.length == 1 && bytes[0] == '.';
        }
    }

    private final ReadableByteChannel channel;
    private final BlockingReads hooks;
    private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    private byte[] line = new byte[256];

    BoundedLineReader(ReadableByteChannel channel, BlockingReads hooks) {
        this.channel = channel;
        this.hooks = hooks;
        buffer.flip();
    }

    /**
     * The next line, at most {@code limit} bytes kept; {@code null} when the peer closed the
     * connection (an unterminated last line is dropped with it).
     */
    Line readLine(long limit) throws IOException {
        int length = 0;
        long seen = 0;
        byte last = 0;
        while (true) {
            if (!buffer.hasRemaining() && !fill()) {
                return null;
            }
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    long content = last == '\r' ? seen - 1 : seen;
                    if (content > limit) {
                        return new Line(Arrays.copyOf(line, (int) Math.min(length, limit)), true);
                    }
                    return new Line(Arrays.copyOf(line, (int) content), false);
                }
                if (b == 0) {
                    continue;
                }
                seen++;
                last = b;
                // One byte more than the limit is kept: it may be the CR of a line of exactly 'limit' bytes.
                if (seen <= limit + 1) {
                    if (length == line.length) {
                        line = Arrays.copyOf(line, (int) Math.min(Integer.MAX_VALUE - 8, (long) line.length * 2));
                    }
                    line[length++] = b;
                }
            }
        }
    }

    /** Whether bytes are already buffered, i.e. the peer pipelined more than one command. */
    boolean hasBufferedInput() {
        return buffer.hasRemaining();
    }

    private boolean fill() throws IOException {
        buffer.clear();
        hooks.beforeBlockingRead();
        int read;
        try {
            read = channel.read(buffer);
        } finally {
            hooks.afterBlockingRead();
            buffer.flip();
        }
        return read > 0 || (read == 0 && fill());
    }
}

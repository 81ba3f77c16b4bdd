package io.jamesdspam.engine.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Collects replies and payload and writes them in as few writes as possible: everything owed to
 * the client is written in one go when the server is about to wait for input (or when a lot has
 * piled up). dspamd writes each reply line with two {@code send()} calls, which costs a
 * Nagle/delayed-ACK stall of ~40 ms per reply over TCP (docs/PROTOCOL.md §1); here a reply is never
 * split and TCP_NODELAY is set.
 *
 * <p>Protocol replies end in CRLF; payload lines (summary lines, returned messages) in a bare LF,
 * as dspamd writes them.
 */
final class ReplyWriter {
    private static final int FLUSH_THRESHOLD = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private final WritableByteChannel channel;
    private byte[] pending = new byte[1024];
    private int length;

    ReplyWriter(WritableByteChannel channel) {
        this.channel = channel;
    }

    /** A protocol reply line; CRLF is added. */
    void reply(String line) throws IOException {
        append(line.getBytes(StandardCharsets.UTF_8));
        append(CRLF);
        flushIfLarge();
    }

    /** A payload line; a bare LF is added. */
    void payloadLine(String line) throws IOException {
        append(line.getBytes(StandardCharsets.UTF_8));
        append(new byte[] {'\n'});
        flushIfLarge();
    }

    /** Payload bytes written as they are (already LF-terminated lines). */
    void payload(byte[] bytes) throws IOException {
        append(bytes);
        flushIfLarge();
    }

    void flush() throws IOException {
        if (length == 0) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(pending, 0, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        length = 0;
        if (pending.length > FLUSH_THRESHOLD * 4) {
            pending = new byte[1024];
        }
    }

    private void flushIfLarge() throws IOException {
        if (length >= FLUSH_THRESHOLD) {
            flush();
        }
    }

    private void append(byte[] bytes) {
        if (length + bytes.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + bytes.length));
        }
        System.arraycopy(bytes, 0, pending, length, bytes.length);
        length += bytes.length;
    }
}

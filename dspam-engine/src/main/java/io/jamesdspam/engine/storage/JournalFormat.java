package io.jamesdspam.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The on-disk framing shared by the files of {@link JournalDspamStore}: every record is
 * {@code int payloadLength, int crc32c(payload), payload}. A record whose length or checksum does
 * not hold is a write that a crash cut short; since each file is only ever appended to, such a
 * record can only be the last one, and everything from it on is dropped when the file is opened.
 */
final class JournalFormat {
    static final int FRAME_HEADER = 8;
    /** A record larger than this cannot be genuine (a signature of 2 million tokens is 32 MB). */
    static final int MAX_PAYLOAD = 64 * 1024 * 1024;
    static final int TOTALS_COUNT = 8;
    static final int MAX_COUNTER = 0x0FFFFFFF;

    /** Snapshot rows in ascending id order, searched in place. */
    static final long SNAPSHOT_MAGIC = magic("DSPAMSN2");
    /** The first snapshot format: rows in a table's slot order. Still read; rewritten sorted. */
    static final long UNSORTED_SNAPSHOT_MAGIC = magic("DSPAMSN1");
    static final long JOURNAL_MAGIC = magic("DSPAMJL1");
    static final long SIGNATURES_MAGIC = magic("DSPAMSG1");
    /** A signature file's index saved beside it ({@link JournalSignatureFile}). */
    static final long SIGNATURE_INDEX_MAGIC = magic("DSPAMSX1");
    /** Magic (8) + generation (8). */
    static final int FILE_HEADER = 16;

    private JournalFormat() {
    }

    private static long magic(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)).getLong();
    }

    static int crc(ByteBuffer buffer, int from, int to) {
        CRC32C crc = new CRC32C();
        ByteBuffer slice = buffer.duplicate();
        slice.limit(to).position(from);
        crc.update(slice);
        return (int) crc.getValue();
    }

    /** Writes the frame header in front of a payload laid out from {@link #FRAME_HEADER} to the buffer's position. */
    static ByteBuffer frame(ByteBuffer buffer) {
        int end = buffer.position();
        buffer.putInt(0, end - FRAME_HEADER);
        buffer.putInt(4, crc(buffer, FRAME_HEADER, end));
        buffer.flip();
        return buffer;
    }

    static int clampCounter(long value) {
        return (int) Math.max(0, Math.min(value, MAX_COUNTER));
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    static ByteBuffer fileHeader(long magic, long generation) {
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER);
        header.putLong(magic).putLong(generation).flip();
        return header;
    }

    /** Reads exactly {@code length} bytes at {@code position}, or returns null if the file ends first. */
    static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                return null;
            }
            at += read;
        }
        buffer.flip();
        return buffer;
    }

    /**
     * Reads the record framed at {@code position} and returns its payload, or null if the bytes
     * there are not a complete record with a matching checksum (a torn tail).
     */
    static ByteBuffer readRecord(FileChannel channel, long position, long fileSize) throws IOException {
        if (fileSize - position < FRAME_HEADER) {
            return null;
        }
        ByteBuffer header = readAt(channel, position, FRAME_HEADER);
        if (header == null) {
            return null;
        }
        int length = header.getInt();
        int crc = header.getInt();
        if (!lengthFits(length, position, fileSize)) {
            return null;
        }
        ByteBuffer payload = readAt(channel, position + FRAME_HEADER, length);
        if (payload == null || crc(payload, 0, length) != crc) {
            return null;
        }
        return payload;
    }

    /** Whether a frame at {@code position} may hold {@code length} bytes of payload: a genuine length that the file holds. */
    private static boolean lengthFits(int length, long position, long fileSize) {
        return length >= 0 && length <= MAX_PAYLOAD && length <= fileSize - position - FRAME_HEADER;
    }

    /**
     * A file's records read in order through a window of many of them, with the answers of
     * {@link #readRecord}: a journal replayed when its user is opened is thousands of records of a
     * few KB (or of a hundred bytes, a message DSPAM did not learn from), where reading each one's
     * frame and payload apart took two system calls per record.
     */
    static final class SequentialRecords {
        /** Bytes read at once (less for a smaller file: a user's journal is often a few records). */
        static final int READ_AHEAD = 256 * 1024;

        private final FileChannel channel;
        private final long fileSize;
        private ByteBuffer window = ByteBuffer.allocate(0);
        /** The file position of the window's first byte. */
        private long windowStart;

        SequentialRecords(FileChannel channel, long fileSize) {
            this.channel = channel;
            this.fileSize = fileSize;
        }

        /**
         * The payload of the record framed at {@code position} (position 0, limit its length), or
         * null if the bytes there are not a complete record with a matching checksum. The payload
         * is a view of the window: it is valid until the next call.
         */
        ByteBuffer recordAt(long position) throws IOException {
            if (fileSize - position < FRAME_HEADER || !holds(position, FRAME_HEADER)) {
                return null;
            }
            int frame = (int) (position - windowStart);
            int length = window.getInt(frame);
            int crc = window.getInt(frame + 4);
            if (!lengthFits(length, position, fileSize) || !holds(position, FRAME_HEADER + length)) {
                return null;
            }
            int start = (int) (position - windowStart) + FRAME_HEADER;
            ByteBuffer payload = window.duplicate();
            payload.limit(start + length).position(start);
            payload = payload.slice();
            return crc(payload, 0, length) == crc ? payload : null;
        }

        /** Whether the window holds {@code length} bytes from {@code position}, reading them (and more) if needed. */
        private boolean holds(long position, int length) throws IOException {
            if (position >= windowStart && position + length <= windowStart + window.limit()) {
                return true;
            }
            int size = (int) Math.min(Math.max(length, READ_AHEAD), fileSize - position);
            if (size < length) {
                return false;
            }
            if (window.capacity() < size) {
                window = ByteBuffer.allocate(size);
            }
            window.clear().limit(size);
            long at = position;
            while (window.hasRemaining()) {
                int read = channel.read(window, at);
                if (read < 0) {
                    break;
                }
                at += read;
            }
            window.flip();
            windowStart = position;
            return window.limit() >= length;
        }
    }
}

package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a file's records in order through a window gives what reading each one apart gives. */
class JournalFormatTest {
    @TempDir
    Path directory;

    /** Appends framed records of the given payload sizes after a file header; returns each record's position. */
    private static List<Long> writeRecords(FileChannel channel, int... sizes) throws IOException {
        Random random = new Random(sizes.length);
        JournalFormat.writeFully(channel, JournalFormat.fileHeader(JournalFormat.JOURNAL_MAGIC, 1), 0);
        List<Long> positions = new ArrayList<>();
        long position = JournalFormat.FILE_HEADER;
        for (int size : sizes) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            ByteBuffer record = ByteBuffer.allocate(JournalFormat.FRAME_HEADER + size);
            record.position(JournalFormat.FRAME_HEADER);
            record.put(payload);
            JournalFormat.writeFully(channel, JournalFormat.frame(record), position);
            positions.add(position);
            position += JournalFormat.FRAME_HEADER + size;
        }
        return positions;
    }

    /** Walks the file as a replay does, checking each payload against a read of that record alone; returns where it stopped. */
    private static long walk(FileChannel channel, long fileSize, List<ByteBuffer> payloads) throws IOException {
        JournalFormat.SequentialRecords records = new JournalFormat.SequentialRecords(channel, fileSize);
        long position = JournalFormat.FILE_HEADER;
        while (true) {
            ByteBuffer payload = records.recordAt(position);
            ByteBuffer alone = JournalFormat.readRecord(channel, position, fileSize);
            if (payload == null) {
                assertThat(alone).as("record at " + position).isNull();
                return position;
            }
            assertThat(payload.position()).isZero();
            assertThat(payload).as("record at " + position).isEqualTo(alone);
            payloads.add(ByteBuffer.wrap(readAll(payload)));
            position += JournalFormat.FRAME_HEADER + payload.limit();
        }
    }

    private static byte[] readAll(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        return bytes;
    }

    @Test
    void recordsOfEverySizeAreReadAsReadingEachAloneReadsThem() throws IOException {
        int window = JournalFormat.SequentialRecords.READ_AHEAD;
        // Small records by the thousand, records across the window's edge, one larger than the window, an empty one
        int[] sizes = new int[3_000];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = i == 1_000 ? window * 3 + 17 : i == 2_000 ? 0 : i % 7 == 0 ? 20_000 + i : 90 + i % 50;
        }
        try (FileChannel channel = FileChannel.open(directory.resolve("journal"), StandardOpenOption.CREATE,
            StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            writeRecords(channel, sizes);
            List<ByteBuffer> payloads = new ArrayList<>();
            long end = walk(channel, channel.size(), payloads);
            assertThat(end).isEqualTo(channel.size());
            assertThat(payloads).hasSize(sizes.length);
            for (int i = 0; i < sizes.length; i++) {
                assertThat(payloads.get(i).limit()).isEqualTo(sizes[i]);
            }
        }
    }

    @Test
    void aTornLastRecordEndsTheWalkWhereItStarts() throws IOException {
        try (FileChannel channel = FileChannel.open(directory.resolve("journal"), StandardOpenOption.CREATE,
            StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            List<Long> positions = writeRecords(channel, 500, 600, 700, 40_000);
            long last = positions.get(3);
            for (long cut : new long[] {last + 3, last + JournalFormat.FRAME_HEADER, last + JournalFormat.FRAME_HEADER + 39_999}) {
                channel.truncate(cut);
                List<ByteBuffer> payloads = new ArrayList<>();
                assertThat(walk(channel, channel.size(), payloads)).isEqualTo(last);
                assertThat(payloads).hasSize(3);
            }
        }
    }

    @Test
    void aRecordWhoseChecksumFailsEndsTheWalk() throws IOException {
        try (FileChannel channel = FileChannel.open(directory.resolve("journal"), StandardOpenOption.CREATE,
            StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            List<Long> positions = writeRecords(channel, 300, 300, 300, 300);
            channel.write(ByteBuffer.wrap(new byte[] {0x55}), positions.get(2) + JournalFormat.FRAME_HEADER + 100);
            List<ByteBuffer> payloads = new ArrayList<>();
            assertThat(walk(channel, channel.size(), payloads)).isEqualTo(positions.get(2));
            assertThat(payloads).hasSize(2);
        }
    }

    @Test
    void bytesPastTheGivenSizeAreNotRead() throws IOException {
        try (FileChannel channel = FileChannel.open(directory.resolve("journal"), StandardOpenOption.CREATE,
            StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            List<Long> positions = writeRecords(channel, 100, 100, 100);
            // As a replay sees a file whose size it took before more was appended
            List<ByteBuffer> payloads = new ArrayList<>();
            assertThat(walk(channel, positions.get(2), payloads)).isEqualTo(positions.get(2));
            assertThat(payloads).hasSize(2);
        }
    }
}

package io.jamesdspam.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One user's signatures (docs/ENGINE-SPEC.md §8): an append-only file of framed records
 * {@code long sequence, int createdOnEpochDay, short idLength, id (ASCII), data}, with an index in
 * memory from id to record. Signatures stay on disk (an OSB signature is about 16 KB, and DSPAM
 * keeps them 14 days), so only the index costs memory.
 *
 * <p>A signature is appended before the journal record of its message, and carries that
 * message's sequence number: a signature whose message never reached the journal (the process
 * died in between) is dropped when the file is opened, so no signature outlives a torn message.
 * Purging rewrites the file into a temporary one and renames it over the old one.
 */
final class JournalSignatureFile implements AutoCloseable {
    private static final int PAYLOAD_HEADER = 8 + 4 + 2;

    private final Path file;
    private FileChannel channel;
    private long size;
    private final Map<String, Location> index = new HashMap<>();

    private static final class Location {
        final long payloadPosition;
        final int payloadLength;
        final int idLength;
        final int createdOnDay;

        Location(long payloadPosition, int payloadLength, int idLength, int createdOnDay) {
            this.payloadPosition = payloadPosition;
            this.payloadLength = payloadLength;
            this.idLength = idLength;
            this.createdOnDay = createdOnDay;
        }
    }

    private JournalSignatureFile(Path file) {
        this.file = file;
    }

    /**
     * Opens the file and indexes it, dropping a torn tail and every signature of a message whose
     * sequence is above {@code committedSequence}.
     */
    static JournalSignatureFile open(Path file, long committedSequence) throws IOException {
        JournalSignatureFile signatures = new JournalSignatureFile(file);
        signatures.load(committedSequence);
        return signatures;
    }

    private void load(long committedSequence) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long fileSize = channel.size();
        ByteBuffer header = JournalFormat.readAt(channel, 0, JournalFormat.FILE_HEADER);
        if (header == null || header.getLong() != JournalFormat.SIGNATURES_MAGIC) {
            if (fileSize > JournalFormat.FILE_HEADER) {
                throw new IOException("Not a signature file of this store: " + file);
            }
            // Empty, or its creation was cut short: start it again.
            channel.truncate(0);
            JournalFormat.writeFully(channel, JournalFormat.fileHeader(JournalFormat.SIGNATURES_MAGIC, 0), 0);
            size = JournalFormat.FILE_HEADER;
            return;
        }
        long position = JournalFormat.FILE_HEADER;
        long lastRecord = -1;
        String lastId = null;
        while (true) {
            RecordHeader record = readHeader(position, fileSize);
            if (record == null || record.sequence > committedSequence) {
                break;
            }
            index.put(record.id, new Location(position + JournalFormat.FRAME_HEADER, record.payloadLength,
                record.idLength, record.createdOnDay));
            lastRecord = position;
            lastId = record.id;
            position += JournalFormat.FRAME_HEADER + record.payloadLength;
        }
        // Appends follow one another, so only the last record can be torn: it alone is checked whole here
        // (the others when read), which keeps opening a user with weeks of signatures from reading them all.
        if (lastRecord >= 0 && JournalFormat.readRecord(channel, lastRecord, fileSize) == null) {
            index.remove(lastId);
            position = lastRecord;
        }
        if (position < fileSize) {
            channel.truncate(position);
        }
        size = position;
    }

    /** The fields of a record that the index needs, read without its signature data. */
    private static final class RecordHeader {
        final int payloadLength;
        final long sequence;
        final int createdOnDay;
        final int idLength;
        final String id;

        RecordHeader(int payloadLength, long sequence, int createdOnDay, int idLength, String id) {
            this.payloadLength = payloadLength;
            this.sequence = sequence;
            this.createdOnDay = createdOnDay;
            this.idLength = idLength;
            this.id = id;
        }
    }

    /** The header of the record at {@code position}, or null if the file ends inside it. */
    private RecordHeader readHeader(long position, long fileSize) throws IOException {
        long left = fileSize - position;
        if (left < JournalFormat.FRAME_HEADER + PAYLOAD_HEADER) {
            return null;
        }
        // Signature ids are about 23 characters: one read takes the header and the id.
        ByteBuffer head = JournalFormat.readAt(channel, position,
            (int) Math.min(left, JournalFormat.FRAME_HEADER + PAYLOAD_HEADER + 64));
        int payloadLength = head.getInt();
        head.getInt();
        if (payloadLength < PAYLOAD_HEADER || payloadLength > JournalFormat.MAX_PAYLOAD
            || payloadLength > left - JournalFormat.FRAME_HEADER) {
            return null;
        }
        long sequence = head.getLong();
        int day = head.getInt();
        int idLength = head.getShort() & 0xFFFF;
        if (PAYLOAD_HEADER + idLength > payloadLength) {
            return null;
        }
        ByteBuffer idBytes = head.remaining() >= idLength ? head
            : JournalFormat.readAt(channel, position + JournalFormat.FRAME_HEADER + PAYLOAD_HEADER, idLength);
        byte[] id = new byte[idLength];
        idBytes.get(id);
        return new RecordHeader(payloadLength, sequence, day, idLength, new String(id, StandardCharsets.US_ASCII));
    }

    /** Appends a signature of the message numbered {@code sequence}; not visible until {@link #publish}. */
    Appended append(StoredSignature signature, long sequence) throws IOException {
        byte[] id = signature.id().getBytes(StandardCharsets.US_ASCII);
        byte[] data = signature.data();
        ByteBuffer buffer = ByteBuffer.allocate(JournalFormat.FRAME_HEADER + PAYLOAD_HEADER + id.length + data.length);
        buffer.position(JournalFormat.FRAME_HEADER);
        buffer.putLong(sequence).putInt((int) signature.createdOn().toEpochDay()).putShort((short) id.length)
            .put(id).put(data);
        JournalFormat.frame(buffer);
        long position = size;
        int recordLength = buffer.remaining();
        try {
            JournalFormat.writeFully(channel, buffer, position);
        } catch (IOException e) {
            try {
                rollBack(position);
            } catch (IOException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        size = position + recordLength;
        return new Appended(signature.id(), new Location(position + JournalFormat.FRAME_HEADER,
            recordLength - JournalFormat.FRAME_HEADER, id.length, (int) signature.createdOn().toEpochDay()), position);
    }

    /** What {@link #append} wrote, to publish once the message is committed or to undo if it is not. */
    static final class Appended {
        private final String id;
        private final Location location;
        private final long previousSize;

        private Appended(String id, Location location, long previousSize) {
            this.id = id;
            this.location = location;
            this.previousSize = previousSize;
        }
    }

    void publish(Appended appended) {
        index.put(appended.id, appended.location);
    }

    /** Removes an appended signature whose message could not be committed. */
    void rollBack(Appended appended) throws IOException {
        rollBack(appended.previousSize);
    }

    /**
     * A closed channel (an interrupt closes it) cannot be truncated: the record stays on disk with
     * a sequence never committed, which the next {@link #open} drops, and the store reopens the user.
     */
    private void rollBack(long previousSize) throws IOException {
        if (channel.isOpen()) {
            channel.truncate(previousSize);
        }
        size = previousSize;
    }

    boolean isOpen() {
        return channel != null && channel.isOpen();
    }

    void force() throws IOException {
        channel.force(false);
    }

    boolean contains(String id) {
        return index.containsKey(id);
    }

    int count() {
        return index.size();
    }

    /** The ids of the signatures held now. */
    List<String> ids() {
        return new ArrayList<>(index.keySet());
    }

    Optional<StoredSignature> read(String id) throws IOException {
        Location location = index.get(id);
        if (location == null) {
            return Optional.empty();
        }
        ByteBuffer payload = JournalFormat.readRecord(channel, location.payloadPosition - JournalFormat.FRAME_HEADER, size);
        if (payload == null) {
            throw new IOException("Signature " + id + " is damaged in " + file + " (checksum mismatch)");
        }
        payload.position(PAYLOAD_HEADER + location.idLength);
        byte[] data = new byte[payload.remaining()];
        payload.get(data);
        return Optional.of(new StoredSignature(id, data, LocalDate.ofEpochDay(location.createdOnDay)));
    }

    /** Deletes the signatures created before {@code createdBefore} by rewriting the file; returns how many. */
    long purge(LocalDate createdBefore) throws IOException {
        long limit = createdBefore.toEpochDay();
        long stale = index.values().stream().filter(location -> location.createdOnDay < limit).count();
        if (stale == 0) {
            return 0;
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Map<String, Location> kept = new HashMap<>();
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            long position = 0;
            ByteBuffer header = JournalFormat.fileHeader(JournalFormat.SIGNATURES_MAGIC, 0);
            JournalFormat.writeFully(out, header, position);
            position += JournalFormat.FILE_HEADER;
            for (Map.Entry<String, Location> entry : index.entrySet()) {
                Location location = entry.getValue();
                if (location.createdOnDay < limit) {
                    continue;
                }
                int recordLength = JournalFormat.FRAME_HEADER + location.payloadLength;
                ByteBuffer record = JournalFormat.readAt(channel, location.payloadPosition - JournalFormat.FRAME_HEADER,
                    recordLength);
                if (record == null) {
                    throw new IOException("Signature " + entry.getKey() + " is cut short in " + file);
                }
                JournalFormat.writeFully(out, record, position);
                kept.put(entry.getKey(), new Location(position + JournalFormat.FRAME_HEADER, location.payloadLength,
                    location.idLength, location.createdOnDay));
                position += recordLength;
            }
            out.force(true);
            channel.close();
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            size = position;
        } finally {
            Files.deleteIfExists(temporary);
            if (!channel.isOpen()) {
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                size = channel.size();
            }
        }
        index.clear();
        index.putAll(kept);
        return stale;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

package io.jamesdspam.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's signatures (docs/ENGINE-SPEC.md §8): an append-only file of framed records
 * {@code long sequence, int createdOnEpochDay, short idLength, id (ASCII), data}, with an index in
 * memory from id to record ({@link SignatureIndex}). Signatures stay on disk (an OSB signature is
 * about 16 KB, and DSPAM keeps them 14 days), so only the index costs memory.
 *
 * <p>A signature is appended before the journal record of its message, and carries that
 * message's sequence number: a signature whose message never reached the journal (the process
 * died in between) is dropped when the file is opened, so no signature outlives a torn message.
 * Purging rewrites the file into a temporary one and renames it over the old one.
 *
 * <p>Opening indexes the file by reading each record's header, one read per signature: ≈ 1.5 ms
 * for a user with 1,400 (14 days of 100 mails), every time the store opens the user again. So a
 * user closed with at least {@value #SAVED_INDEX_MINIMUM} signatures leaves its index beside the
 * file ({@code signatures.index}: the file's identity and the size it covers, the highest
 * sequence number in it, then per signature its id's hash, payload position and length and its
 * day, and a CRC-32C), and the next open reads that and only the records appended after it. The
 * saved index is a cache, never the truth: written in place without forcing, checked for its checksum,
 * for the file's identity (a purge renames a new file into place), for a size the file still
 * has and for sequence numbers the journal committed, and otherwise ignored for a full read.
 */
final class JournalSignatureFile implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(JournalSignatureFile.class);
    private static final int PAYLOAD_HEADER = 8 + 4 + 2;
    static final String SAVED_INDEX_SUFFIX = ".index";
    private static final int SAVED_INDEX_ENTRY = 8 + 8 + 4 + 4;
    /** Fewer signatures are read from the file as fast as from a saved index. */
    static final int SAVED_INDEX_MINIMUM = 32;

    private final Path file;
    private final Path savedIndex;
    private FileChannel channel;
    private long size;
    private SignatureIndex index = new SignatureIndex(this::idAt);
    /** The highest sequence number of an indexed signature. */
    private long indexedSequence;
    /** The size of the file the saved index covers; -1 if there is none or it was not read. */
    private long savedIndexCovers = -1;
    /** Record headers read by the last open (for tests: a saved index spares them). */
    private int headersRead;

    private JournalSignatureFile(Path file) {
        this.file = file;
        this.savedIndex = file.resolveSibling(file.getFileName() + SAVED_INDEX_SUFFIX);
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
        // The index reads ids back from the file while it is built (two ids of equal hash)
        size = fileSize;
        long position = readSavedIndex(fileSize, committedSequence);
        long lastRecord = -1;
        RecordHeader last = null;
        while (true) {
            RecordHeader record = readHeader(position, fileSize);
            if (record == null || record.sequence > committedSequence) {
                break;
            }
            headersRead++;
            if (last != null) {
                index(last, lastRecord);
            }
            lastRecord = position;
            last = record;
            position += JournalFormat.FRAME_HEADER + record.payloadLength;
        }
        // Appends follow one another, so only the last record can be torn: it alone is checked whole here
        // (the others when read), which keeps opening a user with weeks of signatures from reading them all.
        if (last != null) {
            if (JournalFormat.readRecord(channel, lastRecord, fileSize) == null) {
                position = lastRecord;
            } else {
                index(last, lastRecord);
            }
        }
        if (position < fileSize) {
            channel.truncate(position);
        }
        size = position;
    }

    private void index(RecordHeader record, long recordPosition) throws IOException {
        index.put(record.id, recordPosition + JournalFormat.FRAME_HEADER, record.payloadLength, record.createdOnDay);
        indexedSequence = Math.max(indexedSequence, record.sequence);
    }

    /**
     * Fills the index from the saved one if it still describes the file; returns where the records
     * it does not cover start (the first record if it cannot be used).
     */
    private long readSavedIndex(long fileSize, long committedSequence) {
        if (fileSize < JournalFormat.FILE_HEADER + (long) SAVED_INDEX_MINIMUM * (JournalFormat.FRAME_HEADER + PAYLOAD_HEADER)) {
            // Too few records for an index to have been saved: most users of a large server, whose
            // opens should not pay for looking
            return JournalFormat.FILE_HEADER;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(savedIndex);
        } catch (IOException e) {
            return JournalFormat.FILE_HEADER;
        }
        try {
            ByteBuffer saved = ByteBuffer.wrap(bytes);
            if (bytes.length < 8 + 2 + 8 + 8 + 4 + 4 || saved.getLong() != JournalFormat.SIGNATURE_INDEX_MAGIC
                || JournalFormat.crc(saved, 0, bytes.length - 4) != saved.getInt(bytes.length - 4)) {
                return unusableSavedIndex("damaged");
            }
            byte[] identity = new byte[saved.getShort() & 0xFFFF];
            saved.get(identity);
            long covers = saved.getLong();
            long highestSequence = saved.getLong();
            int count = saved.getInt();
            if (!identity().equals(Optional.of(new String(identity, StandardCharsets.US_ASCII)))) {
                return unusableSavedIndex("written for another file");
            }
            if (covers < JournalFormat.FILE_HEADER || covers > fileSize || highestSequence > committedSequence
                || count < 0 || (long) count * SAVED_INDEX_ENTRY != saved.remaining() - 4) {
                return unusableSavedIndex("not matching the file");
            }
            for (int i = 0; i < count; i++) {
                index.addEntry(saved.getLong(), saved.getLong(), saved.getInt(), saved.getInt());
            }
            indexedSequence = highestSequence;
            savedIndexCovers = covers;
            return covers;
        } catch (IOException | RuntimeException e) {
            index = new SignatureIndex(this::idAt);
            return unusableSavedIndex(e.toString());
        }
    }

    private long unusableSavedIndex(String why) {
        LOGGER.debug("Not using the saved signature index {} ({}): reading every record", savedIndex, why);
        return JournalFormat.FILE_HEADER;
    }

    /**
     * What tells this file from another one put in its place: its file system's key (device and
     * inode); empty where the file system has none, and then no index is saved.
     */
    private Optional<String> identity() throws IOException {
        return Optional.ofNullable(Files.readAttributes(file, BasicFileAttributes.class).fileKey()).map(Object::toString);
    }

    /**
     * Saves the index beside the file for the next open, unless the user has few signatures or the
     * saved one is up to date. A failure only costs the next open a full read.
     *
     * <p>Written over the previous one in place, not into a temporary file renamed over it: ext4
     * writes out at once a file renamed over another ({@code auto_da_alloc}), which made the rename
     * most of closing a user (the users benchmark with 1,400 signatures per user, session 30). A
     * write torn by a crash fails the checksum and is ignored like any damaged index; one that
     * never reached the disk leaves the previous index, which still describes the file (records
     * are only appended to it until a purge, which deletes the index first).
     */
    private void saveIndex() {
        if (index.size() < SAVED_INDEX_MINIMUM || savedIndexCovers == size) {
            return;
        }
        try {
            Optional<String> key = identity();
            if (key.isEmpty()) {
                // Nothing to check a saved index against: every open reads the records
                return;
            }
            byte[] identity = key.get().getBytes(StandardCharsets.US_ASCII);
            ByteBuffer saved = ByteBuffer.allocate(8 + 2 + identity.length + 8 + 8 + 4
                + index.size() * SAVED_INDEX_ENTRY + 4);
            saved.putLong(JournalFormat.SIGNATURE_INDEX_MAGIC).putShort((short) identity.length).put(identity)
                .putLong(size).putLong(indexedSequence).putInt(index.size());
            index.forEachEntry((idHash, payloadPosition, payloadLength, createdOnDay) ->
                saved.putLong(idHash).putLong(payloadPosition).putInt(payloadLength).putInt(createdOnDay));
            saved.putInt(JournalFormat.crc(saved, 0, saved.position()));
            saved.flip();
            int length = saved.remaining();
            try (FileChannel out = FileChannel.open(savedIndex, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                JournalFormat.writeFully(out, saved, 0);
                if (out.size() > length) {
                    out.truncate(length);
                }
            }
            savedIndexCovers = size;
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("Cannot save the signature index {} (the next open reads every record instead): {}", savedIndex,
                e.toString());
        }
    }

    /** Record headers the last open read from the file (for tests). */
    int headersReadOnOpen() {
        return headersRead;
    }

    /** Closes the file as a process killed now would leave it: the index is not saved (for tests). */
    void closeWithoutSavingIndex() throws IOException {
        channel.close();
    }

    /** The id of the record whose payload starts at {@code payloadPosition} (the index keeps ids' hashes only). */
    private String idAt(long payloadPosition) throws IOException {
        RecordHeader record = readHeader(payloadPosition - JournalFormat.FRAME_HEADER, size);
        if (record == null) {
            throw new IOException("The signature record at " + payloadPosition + " is damaged in " + file);
        }
        return record.id;
    }

    /** The fields of a record that the index needs, read without its signature data. */
    private static final class RecordHeader {
        final int payloadLength;
        final long sequence;
        final int createdOnDay;
        final String id;

        RecordHeader(int payloadLength, long sequence, int createdOnDay, String id) {
            this.payloadLength = payloadLength;
            this.sequence = sequence;
            this.createdOnDay = createdOnDay;
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
        return new RecordHeader(payloadLength, sequence, day, new String(id, StandardCharsets.US_ASCII));
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
        return new Appended(signature.id(), sequence, position + JournalFormat.FRAME_HEADER,
            recordLength - JournalFormat.FRAME_HEADER, (int) signature.createdOn().toEpochDay(), position);
    }

    /** What {@link #append} wrote, to publish once the message is committed or to undo if it is not. */
    static final class Appended {
        private final String id;
        private final long sequence;
        private final long payloadPosition;
        private final int payloadLength;
        private final int createdOnDay;
        private final long previousSize;

        private Appended(String id, long sequence, long payloadPosition, int payloadLength, int createdOnDay,
                         long previousSize) {
            this.id = id;
            this.sequence = sequence;
            this.payloadPosition = payloadPosition;
            this.payloadLength = payloadLength;
            this.createdOnDay = createdOnDay;
            this.previousSize = previousSize;
        }
    }

    /**
     * Makes a committed signature visible. It cannot fail the committed message: should reading
     * back an id of equal hash fail (its channel closed under it, after which the store reads the
     * user's files again anyway), the signature is indexed as a new id.
     */
    void publish(Appended appended) {
        try {
            index.put(appended.id, appended.payloadPosition, appended.payloadLength, appended.createdOnDay);
        } catch (IOException e) {
            index.add(appended.id, appended.payloadPosition, appended.payloadLength, appended.createdOnDay);
        }
        indexedSequence = Math.max(indexedSequence, appended.sequence);
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

    boolean contains(String id) throws IOException {
        return index.find(id) >= 0;
    }

    int count() {
        return index.size();
    }

    /** Every signature held now, in the order they were written: one read of each record. */
    void forEachSignature(Consumer<StoredSignature> visitor) throws IOException {
        index.forEachInFileOrder((idHash, payloadPosition, payloadLength, createdOnDay) -> {
            ByteBuffer payload = payloadAt(payloadPosition);
            visitor.accept(signatureIn(payload, idIn(payload, 0), createdOnDay));
        });
    }

    Optional<StoredSignature> read(String id) throws IOException {
        // The record read to confirm the id (the index holds its hash) is the one returned
        ByteBuffer[] payload = new ByteBuffer[1];
        int slot = index.find(id, payloadPosition -> {
            payload[0] = payloadAt(payloadPosition);
            return idIn(payload[0], 0);
        });
        return slot < 0 ? Optional.empty() : Optional.of(signatureIn(payload[0], id, index.createdOnDay(slot)));
    }

    /** The payload of the record at {@code payloadPosition}, its checksum checked. */
    private ByteBuffer payloadAt(long payloadPosition) throws IOException {
        ByteBuffer payload = JournalFormat.readRecord(channel, payloadPosition - JournalFormat.FRAME_HEADER, size);
        if (payload == null) {
            throw new IOException("The signature record at " + payloadPosition + " is damaged in " + file
                + " (checksum mismatch)");
        }
        return payload;
    }

    private static StoredSignature signatureIn(ByteBuffer payload, String id, int createdOnDay) {
        ByteBuffer data = payload.duplicate();
        data.position(PAYLOAD_HEADER + idLength(payload, 0));
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return new StoredSignature(id, bytes, LocalDate.ofEpochDay(createdOnDay));
    }

    /** The length of the id of the payload starting at {@code payloadStart}: after its sequence (8 bytes) and day (4). */
    private static int idLength(ByteBuffer buffer, int payloadStart) {
        return buffer.getShort(payloadStart + 8 + 4) & 0xFFFF;
    }

    /** The id of the payload starting at {@code payloadStart} in {@code buffer}. */
    private static String idIn(ByteBuffer buffer, int payloadStart) {
        byte[] id = new byte[idLength(buffer, payloadStart)];
        ByteBuffer idBytes = buffer.duplicate();
        idBytes.position(payloadStart + PAYLOAD_HEADER);
        idBytes.get(id);
        return new String(id, StandardCharsets.US_ASCII);
    }

    /** Deletes the signatures created before {@code createdBefore} by rewriting the file; returns how many. */
    long purge(LocalDate createdBefore) throws IOException {
        long limit = createdBefore.toEpochDay();
        long[] stale = new long[1];
        index.forEachEntry((idHash, payloadPosition, payloadLength, createdOnDay) -> {
            if (createdOnDay < limit) {
                stale[0]++;
            }
        });
        if (stale[0] == 0) {
            return 0;
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        // The new file gets a new identity, which the saved index would not match anyway
        Files.deleteIfExists(savedIndex);
        savedIndexCovers = -1;
        SignatureIndex kept = new SignatureIndex(this::idAt);
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            long[] position = {0};
            ByteBuffer header = JournalFormat.fileHeader(JournalFormat.SIGNATURES_MAGIC, 0);
            JournalFormat.writeFully(out, header, position[0]);
            position[0] += JournalFormat.FILE_HEADER;
            // In the order they were written: the sequence numbers stay ascending in the new file.
            index.forEachInFileOrder((idHash, payloadPosition, payloadLength, createdOnDay) -> {
                if (createdOnDay < limit) {
                    return;
                }
                int recordLength = JournalFormat.FRAME_HEADER + payloadLength;
                ByteBuffer record = JournalFormat.readAt(channel, payloadPosition - JournalFormat.FRAME_HEADER,
                    recordLength);
                if (record == null) {
                    throw new IOException("The signature record at " + payloadPosition + " is cut short in " + file);
                }
                String id = idIn(record, JournalFormat.FRAME_HEADER);
                JournalFormat.writeFully(out, record, position[0]);
                kept.add(id, position[0] + JournalFormat.FRAME_HEADER, payloadLength, createdOnDay);
                position[0] += recordLength;
            });
            out.force(true);
            channel.close();
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            size = position[0];
        } finally {
            Files.deleteIfExists(temporary);
            if (!channel.isOpen()) {
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                size = channel.size();
            }
        }
        index = kept;
        return stale[0];
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            saveIndex();
        }
        channel.close();
    }
}

package io.jamesdspam.engine.signature;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary signature of WORD/CHAIN/OSB messages (docs/ENGINE-SPEC.md §8.1): one 16-byte record per
 * diction entry, in diction order: the token id (8 bytes little-endian), the frequency truncated
 * to 8 bits, 7 zero bytes. 12-byte records of 32-bit builds are read too.
 */
public final class SignatureRecords {
    public static final int RECORD_SIZE = 16;
    public static final int LEGACY_RECORD_SIZE = 12;

    private SignatureRecords() {
    }

    /** One record: token id and its (8-bit) frequency. */
    public static final class Record {
        private final long tokenId;
        private final int frequency;

        public Record(long tokenId, int frequency) {
            this.tokenId = tokenId;
            this.frequency = frequency;
        }

        public long tokenId() {
            return tokenId;
        }

        /** The frequency as stored: 0–255. */
        public int frequency() {
            return frequency;
        }
    }

    /**
     * Writes a signature record by record, without a {@link Record} per token: a message's
     * signature has one per diction entry, thousands, written for every processed message.
     */
    public static final class Writer {
        private final ByteBuffer buffer;

        public Writer(int records) {
            buffer = ByteBuffer.allocate(records * RECORD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        }

        /** The next record; {@code frequency} is truncated to its low 8 bits, as DSPAM stores it. */
        public Writer add(long tokenId, int frequency) {
            buffer.putLong(tokenId).put((byte) frequency);
            // The padding bytes: the new array is zeroed already
            buffer.position(buffer.position() + RECORD_SIZE - Long.BYTES - 1);
            return this;
        }

        /** The records written; the signature is complete once every announced record was added. */
        public byte[] bytes() {
            if (buffer.hasRemaining()) {
                throw new IllegalStateException((buffer.remaining() / RECORD_SIZE) + " records of the signature were not written");
            }
            return buffer.array();
        }
    }

    /** Decodes 16-byte records, or 12-byte ones when the length only fits those. */
    public static List<Record> decode(byte[] data) {
        int size = data.length % RECORD_SIZE == 0 ? RECORD_SIZE
            : data.length % LEGACY_RECORD_SIZE == 0 ? LEGACY_RECORD_SIZE : 0;
        if (size == 0) {
            throw new IllegalArgumentException("A signature of " + data.length
                + " bytes is neither 16- nor 12-byte records");
        }
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        List<Record> records = new ArrayList<>(data.length / size);
        for (int offset = 0; offset + size <= data.length; offset += size) {
            records.add(new Record(buffer.getLong(offset), data[offset + 8] & 0xff));
        }
        return records;
    }
}

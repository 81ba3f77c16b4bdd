package io.jamesdspam.engine.storage;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A stored signature (docs/ENGINE-SPEC.md §8): its id, its binary data in DSPAM's layout (16-byte records
 * for WORD/CHAIN/OSB, the degenerated text for SBPH) and its creation day ({@code created_on}).
 * The store keeps the bytes opaque; {@code io.jamesdspam.engine.signature} reads and writes them.
 */
public final class StoredSignature {
    private final String id;
    private final byte[] data;
    private final LocalDate createdOn;

    public StoredSignature(String id, byte[] data, LocalDate createdOn) {
        this.id = Objects.requireNonNull(id, "id");
        this.data = Objects.requireNonNull(data, "data").clone();
        this.createdOn = Objects.requireNonNull(createdOn, "createdOn");
    }

    public String id() {
        return id;
    }

    public byte[] data() {
        return data.clone();
    }

    public int length() {
        return data.length;
    }

    public LocalDate createdOn() {
        return createdOn;
    }

    @Override
    public String toString() {
        return "StoredSignature{" + id + ", " + data.length + " bytes, " + createdOn + "}";
    }
}

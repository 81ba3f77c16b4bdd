package io.jamesdspam.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A DSPAM signature id: the handle of what was learned from one processed message, used to
 * retrain it later without the message (docs/ENGINE-SPEC.md §8). Opaque; DSPAM's ids are ASCII letters
 * and digits with an optional {@code uid,} prefix, at most 127 bytes. Anything else is refused
 * because it would travel inside the DSPAMPROCESSMODE option string.
 */
public final class Signature {
    public static final int MAX_LENGTH = 127;
    /** What DSPAM prints when no signature was stored. */
    public static final String NONE = "N/A";

    private final String id;

    private Signature(String id) {
        this.id = id;
    }

    public static Signature of(String id) {
        Objects.requireNonNull(id, "signature id");
        if (!isValid(id)) {
            throw new IllegalArgumentException("Invalid DSPAM signature id '" + id
                + "': expected 1 to " + MAX_LENGTH + " ASCII letters, digits or commas");
        }
        return new Signature(id);
    }

    /** Parses a header or summary value; {@code N/A}, blank or invalid values mean no signature. */
    public static Optional<Signature> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty() || trimmed.equals(NONE) || !isValid(trimmed)) {
            return Optional.empty();
        }
        return Optional.of(new Signature(trimmed));
    }

    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ',';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public String asString() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature && ((Signature) o).id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return id;
    }
}

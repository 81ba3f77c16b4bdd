package io.jamesdspam.model;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A DSPAM user: the owner of one dictionary (token statistics, totals, signatures).
 *
 * <p>dspamd uses the name verbatim as a storage path, so a name that could escape the storage
 * directory or be read as a command-line option is refused here, before anything is sent or
 * stored (docs/PROTOCOL.md §3, §7, §14.4).
 */
public final class DspamUser {
    public static final int MAX_LENGTH_BYTES = 255;

    private final String name;

    private DspamUser(String name) {
        this.name = name;
    }

    public static DspamUser of(String name) {
        validate(name);
        return new DspamUser(name);
    }

    private static void validate(String name) {
        Objects.requireNonNull(name, "DSPAM user name must not be null");
        if (name.isEmpty()) {
            throw new InvalidDspamUserException(name, "it is empty");
        }
        if (name.startsWith("-") || name.startsWith("@")) {
            throw new InvalidDspamUserException(name, "it starts with '-' or '@'");
        }
        if (name.contains("/") || name.contains("\\")) {
            throw new InvalidDspamUserException(name, "it contains a path separator");
        }
        if (name.contains("..")) {
            throw new InvalidDspamUserException(name, "it contains '..'");
        }
        if (name.equals(".")) {
            throw new InvalidDspamUserException(name, "it is '.'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '<' || c == '>' || c == '"') {
                throw new InvalidDspamUserException(name,
                    "it contains a control character, a space, a quote or an angle bracket");
            }
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH_BYTES) {
            throw new InvalidDspamUserException(name, "it is longer than " + MAX_LENGTH_BYTES + " bytes");
        }
    }

    public static boolean isValid(String name) {
        try {
            validate(name);
            return true;
        } catch (InvalidDspamUserException | NullPointerException e) {
            return false;
        }
    }

    public String asString() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DspamUser && ((DspamUser) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}

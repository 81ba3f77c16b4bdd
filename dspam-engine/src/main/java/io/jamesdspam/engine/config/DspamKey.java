package io.jamesdspam.engine.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One dspam.conf key as DSPAM spells it, with the kind of its value. A key ending in a dot
 * ({@code ServerPass.}) is a family: every key starting with it is this key.
 */
public final class DspamKey {
    private final String name;
    private final ValueKind kind;

    DspamKey(String name, ValueKind kind) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** DSPAM's spelling, used in error messages. */
    public String name() {
        return name;
    }

    public ValueKind kind() {
        return kind;
    }

    public boolean isFamily() {
        return name.endsWith(".");
    }

    /** Whether a key as written in a file is this key (case-insensitive, as DSPAM). */
    public boolean matches(String written) {
        String lower = written.toLowerCase(Locale.ROOT);
        String mine = name.toLowerCase(Locale.ROOT);
        return isFamily() ? lower.startsWith(mine) && lower.length() > mine.length() : lower.equals(mine);
    }

    @Override
    public String toString() {
        return name;
    }
}

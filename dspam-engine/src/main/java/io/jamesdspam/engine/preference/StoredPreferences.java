package io.jamesdspam.engine.preference;

import java.util.Objects;

/** What a store holds for one user's settings: the system defaults and the user's own preferences. */
public final class StoredPreferences {
    private final Preferences defaults;
    private final Preferences own;

    public StoredPreferences(Preferences defaults, Preferences own) {
        this.defaults = Objects.requireNonNull(defaults);
        this.own = Objects.requireNonNull(own);
    }

    /** The stored system defaults (empty: dspam.conf's {@code Preference} lines are the defaults). */
    public Preferences defaults() {
        return defaults;
    }

    /** The user's own preferences, as stored. */
    public Preferences own() {
        return own;
    }
}

package io.jamesdspam.engine.preference;

import io.jamesdspam.model.DspamUser;

/**
 * Where a store keeps DSPAM preferences, beside the user's data (docs/ENGINE-SPEC.md §11.1): each user's
 * own set, and the system defaults (DSPAM's uid 0 rows of {@code dspam_preferences}, or
 * {@code default.prefs} of a file store). A store that implements this next to its
 * {@code DspamStore} gets per-user preferences in the engine.
 *
 * <p>Names are case-insensitive; storing an empty value deletes the name. Writes are durable when
 * they return.
 */
public interface PreferenceStore {

    /** The user's own preferences ({@link Preferences#NONE} for a user without any). */
    Preferences preferences(DspamUser user);

    /** Stores one preference of the user (an empty value deletes it). */
    void storePreference(DspamUser user, String name, String value);

    /** Deletes one preference of the user; whether it was set. */
    boolean deletePreference(DspamUser user, String name);

    /** The stored system defaults; when empty, dspam.conf's {@code Preference} lines are the defaults. */
    Preferences defaultPreferences();

    /**
     * The system defaults and the user's own preferences, as every message's settings need them.
     * This default asks for each; a store on a database server reads both in one round trip.
     */
    default StoredPreferences storedPreferences(DspamUser user) {
        return new StoredPreferences(defaultPreferences(), preferences(user));
    }

    /** Stores one system default (an empty value deletes it). */
    void storeDefaultPreference(String name, String value);

    /** Deletes one system default; whether it was set. */
    boolean deleteDefaultPreference(String name);
}

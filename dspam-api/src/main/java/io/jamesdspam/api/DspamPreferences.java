package io.jamesdspam.api;

import io.jamesdspam.model.DspamUser;

/**
 * DSPAM's per-user preferences (docs/ENGINE-SPEC.md §11.1–11.2), as {@code dspam_admin} manages
 * them: the system defaults, each user's own values, and their aggregate. Offered by backends that
 * own the store (the embedded engine); DLMTP has no preference command, so a dspamd client does not
 * offer it (its preferences are managed with {@code dspam_admin} on the dspamd host).
 */
public interface DspamPreferences {

    /** The defaults in force, the names a user may set ({@code AllowOverride}) and every preference DSPAM defines. */
    PreferenceDefaults preferenceDefaults();

    /** The user's own values (also those AllowOverride makes DSPAM ignore) and the aggregate the user's mail is processed with. */
    UserPreferences userPreferences(DspamUser user);

    /**
     * Stores one preference of the user ({@code dspam_admin change preference}). Returns DSPAM's
     * spelling of the name.
     *
     * @throws PreferenceRefusedException an unknown name, a bad value, or a name AllowOverride does not list
     */
    String changePreference(DspamUser user, String name, String value);

    /** Deletes one preference of the user ({@code dspam_admin delete preference}); whether it was set. */
    boolean removePreference(DspamUser user, String name);
}

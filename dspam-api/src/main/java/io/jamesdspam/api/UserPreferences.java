package io.jamesdspam.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's preferences: the values stored for the user, those DSPAM ignores because AllowOverride
 * does not list them, and the aggregate the user's mail is processed with (the defaults with the
 * user's honoured values on top, {@code dspam_admin aggregate preference}). Getters only, so that
 * it serialises with Jackson as it is; maps keep DSPAM's order.
 */
public final class UserPreferences {
    private final String user;
    private final Map<String, String> own;
    private final Map<String, String> ignored;
    private final Map<String, String> effective;

    public UserPreferences(String user, Map<String, String> own, Map<String, String> ignored, Map<String, String> effective) {
        this.user = user;
        this.own = Collections.unmodifiableMap(new LinkedHashMap<>(own));
        this.ignored = Collections.unmodifiableMap(new LinkedHashMap<>(ignored));
        this.effective = Collections.unmodifiableMap(new LinkedHashMap<>(effective));
    }

    /** The DSPAM user. */
    public String getUser() {
        return user;
    }

    /** Name → value as stored for the user. */
    public Map<String, String> getOwn() {
        return own;
    }

    /** The user's stored values DSPAM ignores: names AllowOverride does not list. */
    public Map<String, String> getIgnored() {
        return ignored;
    }

    /** The aggregate: the defaults in force with the user's honoured values on top. */
    public Map<String, String> getEffective() {
        return effective;
    }
}

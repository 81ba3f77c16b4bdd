package io.jamesdspam.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The system side of DSPAM's preferences: the defaults in force and where they come from, the
 * names a user may set, and every preference DSPAM defines with the values it accepts and whether
 * it has an effect here. Getters only, so that it serialises with Jackson as it is.
 */
public final class PreferenceDefaults {
    private final Map<String, String> defaults;
    private final String source;
    private final List<String> allowOverride;
    private final List<Definition> known;

    /** One preference DSPAM defines. */
    public static final class Definition {
        private final String name;
        private final String accepted;
        private final boolean effective;

        public Definition(String name, String accepted, boolean effective) {
            this.name = name;
            this.accepted = accepted;
            this.effective = effective;
        }

        /** DSPAM's spelling. */
        public String getName() {
            return name;
        }

        /** The values it accepts, in words. */
        public String getAccepted() {
            return accepted;
        }

        /** Whether it changes classification or training here; false: stored and listed only (DSPAM's own delivery). */
        public boolean isEffective() {
            return effective;
        }
    }

    public PreferenceDefaults(Map<String, String> defaults, String source, List<String> allowOverride, List<Definition> known) {
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        this.source = source;
        this.allowOverride = List.copyOf(allowOverride);
        this.known = List.copyOf(known);
    }

    /** Name → value of the defaults in force. */
    public Map<String, String> getDefaults() {
        return defaults;
    }

    /** {@code stored} (DSPAM's uid 0 / default.prefs) or {@code dspam.conf} (its Preference lines). */
    public String getSource() {
        return source;
    }

    /** The names a user may set (dspam.conf's {@code AllowOverride}), lower-cased. */
    public List<String> getAllowOverride() {
        return allowOverride;
    }

    public List<Definition> getKnown() {
        return known;
    }
}

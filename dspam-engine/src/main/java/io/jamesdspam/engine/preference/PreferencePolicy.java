package io.jamesdspam.engine.preference;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.config.DspamKeys;

/**
 * How DSPAM combines preferences (docs/ENGINE-SPEC.md §11.1): the system defaults are the stored ones
 * (uid 0, {@code default.prefs}) or, when none are stored, dspam.conf's {@code Preference} lines;
 * a user's own value replaces a default only for a name listed in {@code AllowOverride}.
 */
public final class PreferencePolicy {
    /** The {@code AllowOverride} lines of DSPAM 3.10's shipped dspam.conf, used when there is no dspam.conf at all. */
    public static final List<String> SHIPPED_ALLOW_OVERRIDE = List.of("trainingMode", "spamAction", "spamSubject",
        "statisticalSedation", "enableBNR", "enableWhitelist", "signatureLocation", "showFactors", "optIn", "optOut",
        "whitelistThreshold");

    private final Preferences configured;
    private final Set<String> overridable;

    public PreferencePolicy(Preferences configured, Iterable<String> allowOverride) {
        this.configured = Objects.requireNonNull(configured, "configured");
        Set<String> names = new LinkedHashSet<>();
        allowOverride.forEach(name -> names.add(name.trim().toLowerCase(Locale.ROOT)));
        this.overridable = Set.copyOf(names);
    }

    /** No configured defaults, the shipped AllowOverride list. */
    public static PreferencePolicy shipped() {
        return new PreferencePolicy(Preferences.NONE, SHIPPED_ALLOW_OVERRIDE);
    }

    /** dspam.conf's {@code Preference} and {@code AllowOverride} lines (none listed: no user may override anything). */
    public static PreferencePolicy from(DspamConf conf) {
        Preferences configured = Preferences.NONE;
        for (String line : conf.all(DspamKeys.PREFERENCE)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                configured = configured.with(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
            }
        }
        return new PreferencePolicy(configured, conf.words(DspamKeys.ALLOW_OVERRIDE));
    }

    /** dspam.conf's {@code Preference} lines. */
    public Preferences configured() {
        return configured;
    }

    /** The defaults in force: the stored ones if any, else dspam.conf's. */
    public Preferences defaults(Preferences stored) {
        return stored.isEmpty() ? configured : stored;
    }

    public boolean isOverridable(String name) {
        return overridable.contains(name.trim().toLowerCase(Locale.ROOT));
    }

    public Set<String> overridable() {
        return overridable;
    }

    /** The user's preferences DSPAM honours: those whose name is overridable. */
    public Preferences honoured(Preferences user) {
        Preferences honoured = Preferences.NONE;
        for (var entry : user.asMap().entrySet()) {
            if (isOverridable(entry.getKey())) {
                honoured = honoured.with(entry.getKey(), entry.getValue());
            }
        }
        return honoured;
    }

    /** {@code dspam_admin aggregate preference}: the defaults with the user's honoured values on top. */
    public Preferences aggregate(Preferences storedDefaults, Preferences user) {
        return defaults(storedDefaults).withAll(honoured(user));
    }

    /**
     * Checks a user preference before it is stored: the name must be one DSPAM defines, the value
     * one it accepts, and the name overridable. Returns DSPAM's spelling of the name.
     */
    public String checkUserPreference(String name, String value) {
        KnownPreference known = KnownPreference.find(name)
            .orElseThrow(() -> new InvalidPreferenceException("unknown preference '" + name + "'"));
        known.check(value);
        if (!isOverridable(name)) {
            throw new PreferenceNotOverridableException(known.spelling());
        }
        return known.spelling();
    }
}

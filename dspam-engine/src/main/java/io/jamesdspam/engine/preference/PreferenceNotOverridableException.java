package io.jamesdspam.engine.preference;

/**
 * A user preference whose name dspam.conf's {@code AllowOverride} lines do not list: DSPAM would
 * ignore it, so it is refused rather than stored to no effect.
 */
public final class PreferenceNotOverridableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String name;

    public PreferenceNotOverridableException(String name) {
        super("preference '" + name + "' may not be set per user: it is not listed in dspam.conf's AllowOverride");
        this.name = name;
    }

    public String preferenceName() {
        return name;
    }
}

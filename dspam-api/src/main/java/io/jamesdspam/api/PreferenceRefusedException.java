package io.jamesdspam.api;

/** A user preference DSPAM refuses to store; the message names the preference and why. */
public final class PreferenceRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a preference is refused. */
    public enum Reason {
        /** DSPAM defines no preference of that name. */
        UNKNOWN_NAME,
        /** The preference does not accept the value. */
        BAD_VALUE,
        /** dspam.conf's {@code AllowOverride} does not list the name: DSPAM would ignore a user's value. */
        NOT_OVERRIDABLE
    }

    private final Reason reason;

    public PreferenceRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

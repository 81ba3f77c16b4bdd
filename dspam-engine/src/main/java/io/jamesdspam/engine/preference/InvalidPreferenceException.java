package io.jamesdspam.engine.preference;

/** A preference name DSPAM does not define, or a value the preference does not accept; the message names it. */
public final class InvalidPreferenceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPreferenceException(String message) {
        super(message);
    }

    public InvalidPreferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.jamesdspam.api;

/**
 * Root of every failure a {@link DspamBackend} reports. Subclasses say what happened so that
 * callers can count and react per kind (retry another endpoint, alert, deliver unscanned).
 */
public class DspamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The failure kinds, stable names for metrics and mail attributes. */
    public enum Kind {
        UNREACHABLE, TIMEOUT, AUTHENTICATION, OPTION_REJECTED, PROTOCOL, STORAGE, INVALID_REQUEST, INTERNAL
    }

    private final Kind kind;

    public DspamException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public DspamException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

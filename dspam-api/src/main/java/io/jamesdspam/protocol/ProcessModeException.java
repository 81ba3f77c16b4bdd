package io.jamesdspam.protocol;

/**
 * A DSPAMPROCESSMODE value the server cannot act on. The kind decides the reply (docs/PROTOCOL.md §8):
 * an invalid value is answered {@code 554 5.1.0 Unable to initialize agent context} and the
 * client may RSET; inconsistent options are answered {@code 503 5.3.5 DSPAM agent misconfigured:
 * aborting} and the connection is closed.
 */
public final class ProcessModeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** An option value dspamd refuses (unknown class, source, mode, deliver word, ...). */
        INVALID_VALUE,
        /** Options that contradict each other (class without source, classify with class, ...). */
        INCONSISTENT,
        /**
         * An option a network client must not use: dspamd honours {@code --help}/{@code --version}
         * by terminating the whole daemon; this server refuses them like an invalid value.
         */
        REFUSED
    }

    private final Kind kind;

    public ProcessModeException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

package io.jamesdspam.client;

import java.util.Optional;

import io.jamesdspam.api.DspamException;

/**
 * A failure talking to dspamd. Besides the {@link DspamException.Kind} it says where the
 * transaction was when it failed, which decides whether it may be retried on another endpoint:
 * before dspamd acknowledged DATA nothing can have been learned; after it, a request that may
 * learn is never sent again.
 */
public class DlmtpException extends DspamException {
    private static final long serialVersionUID = 1L;

    /** How far the transaction got. */
    public enum Phase {
        /** Connecting, greeting or LHLO: no transaction started. */
        SESSION,
        /** MAIL FROM, RCPT TO or DATA not yet acknowledged with 354: nothing processed. */
        BEFORE_DATA,
        /** The message was (partly) sent: dspamd may have processed it. */
        AFTER_DATA
    }

    private final Phase phase;
    private final String endpoint;
    private final String offendingLine;

    public DlmtpException(Kind kind, Phase phase, String endpoint, String message, String offendingLine, Throwable cause) {
        super(kind, describe(kind, phase, endpoint, message, offendingLine), cause);
        this.phase = phase;
        this.endpoint = endpoint;
        this.offendingLine = offendingLine;
    }

    private static String describe(Kind kind, Phase phase, String endpoint, String message, String offendingLine) {
        StringBuilder text = new StringBuilder();
        text.append("dspamd ").append(endpoint).append(": ").append(message);
        if (offendingLine != null) {
            text.append(" (dspamd said: '").append(offendingLine).append("')");
        }
        if (phase == Phase.AFTER_DATA) {
            text.append(" [after the message was sent: dspamd may have processed it]");
        }
        return text.toString();
    }

    public Phase phase() {
        return phase;
    }

    /** The endpoint that failed, as configured. */
    public String endpoint() {
        return endpoint;
    }

    /** The reply or payload line that surprised the client, when there was one. */
    public Optional<String> offendingLine() {
        return Optional.ofNullable(offendingLine);
    }

    /**
     * Whether the same transaction may be tried again elsewhere: only transport-level failures,
     * and only if nothing can have been learned. Authentication and option errors would fail the
     * same way on every endpoint.
     */
    public boolean isRetryable(boolean requestMayLearn) {
        boolean transportFailure = kind() == Kind.UNREACHABLE || kind() == Kind.TIMEOUT || kind() == Kind.PROTOCOL;
        return transportFailure && (phase != Phase.AFTER_DATA || !requestMayLearn);
    }
}

package io.jamesdspam.mailet.configuration;

import java.util.Locale;

/**
 * When the retrain listener's work happens ({@code listener.mode} in {@code dspam.properties}).
 */
public enum RetrainListenerMode {
    /**
     * The event is acknowledged at once and the correction learned in the background, with James's
     * retry policy and dead letters applied by the listener itself: James 3.8.1's in-VM event bus
     * (memory and JPA servers) waits for an "asynchronous" group listener, so a move would
     * otherwise wait for a DSPAM that is down. A node that stops meanwhile loses the correction.
     */
    BACKGROUND,
    /**
     * The training and its ledger entry happen inside the event handling, and a failure fails the
     * event, so that James's event bus retries it and finally stores it as a dead letter: for
     * James's distributed server, whose RabbitMQ bus acknowledges the event only then and
     * redelivers it when a node dies. Redelivery trains nothing twice (the ledger).
     */
    INLINE;

    public static final String KEY = "listener.mode";

    public static RetrainListenerMode parse(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "background":
                return BACKGROUND;
            case "inline":
                return INLINE;
            default:
                throw new IllegalArgumentException("expected background or inline");
        }
    }
}

package io.jamesdspam.mailet.training;

/**
 * The ledger could not be read or written (its database is away, its file cannot be written):
 * nothing was recorded, the caller's work can be repeated (the event bus retries the listener).
 */
public class TrainingLedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingLedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.jamesdspam.engine.storage;

/** A journal store is open in another process, or already in this one: it has one writer at a time. */
public class StoreInUseException extends DspamStoreException {
    private static final long serialVersionUID = 1L;

    public StoreInUseException(String message) {
        super(message);
    }

    public StoreInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}

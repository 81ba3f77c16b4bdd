package io.jamesdspam.engine.storage;

/** A store could not read or write; nothing of the failed write was applied. */
public class DspamStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DspamStoreException(String message) {
        super(message);
    }

    public DspamStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

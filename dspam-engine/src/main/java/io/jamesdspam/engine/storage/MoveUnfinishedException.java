package io.jamesdspam.engine.storage;

/**
 * A move of one user onto another was committed but not all of its files are in place: the store
 * finishes it when it is next opened, and refuses both users until then. Unlike its parent's other
 * failures, the move happened.
 */
public class MoveUnfinishedException extends DspamStoreException {
    private static final long serialVersionUID = 1L;

    public MoveUnfinishedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.jamesdspam.engine.storage;

/**
 * A keyed update ({@link MessageUpdate#operationKey()}) whose key the store holds for the user
 * already: the training was applied before (a caller repeating it after a crash, or two nodes
 * handling the same event), and nothing of this update was applied.
 */
public class OperationAlreadyAppliedException extends DspamStoreException {
    private static final long serialVersionUID = 1L;

    public OperationAlreadyAppliedException(String message) {
        super(message);
    }
}

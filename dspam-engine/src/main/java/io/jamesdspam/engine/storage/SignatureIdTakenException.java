package io.jamesdspam.engine.storage;

/**
 * {@link DspamStore#apply} refused a message because its new signature's id is already the user's
 * (see {@link DspamStore#refusesTakenSignatureIds}); nothing of the message was applied, and the
 * same message may be applied again under another id.
 */
public class SignatureIdTakenException extends DspamStoreException {
    private static final long serialVersionUID = 1L;

    public SignatureIdTakenException(String message, Throwable cause) {
        super(message, cause);
    }
}

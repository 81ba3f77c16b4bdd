package io.jamesdspam.api;

import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;

/**
 * Explains verdicts ("Why was this spam?") without training or writing anything. Offered by
 * backends that own the store (the embedded engine); DLMTP has no such command, so a dspamd
 * client does not offer it.
 */
public interface DspamExplaining {

    /**
     * The verdict a classification would give {@code message} now, with the deciding tokens and
     * the words they came from.
     *
     * @throws DspamException {@code INVALID_REQUEST} when the message gets no verdict
     */
    DspamExplanation explain(DspamUser user, byte[] message);

    /**
     * The verdict the tokens of the user's stored signature get now (token ids and counts only).
     *
     * @throws DspamException {@code INVALID_REQUEST} for a signature the user does not have
     */
    DspamExplanation explain(DspamUser user, Signature signature);
}

package io.jamesdspam.mailet.readiness;

import io.jamesdspam.model.DspamUser;

/**
 * Whether a user's dictionary has learned enough to act on its verdicts. Until it is ready, a
 * spam verdict should only tag the message (DSPAM's own TOE warm-up trains everything until 100
 * spam and 100 innocent messages are learned; the seed warns new users about false positives).
 */
public interface DspamReadiness {

    /** Ready whatever the dictionary holds: for backends that keep no statistics here. */
    DspamReadiness ALWAYS_READY = user -> true;

    boolean isReady(DspamUser user);
}

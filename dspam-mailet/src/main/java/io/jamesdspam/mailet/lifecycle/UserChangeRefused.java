package io.jamesdspam.mailet.lifecycle;

import io.jamesdspam.mailet.user.DspamUserMapping;

/** Why a move or a deletion of a user's DSPAM data cannot be made; the message says what to do instead. */
public final class UserChangeRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean unsupported;

    UserChangeRefused(String message, boolean unsupported) {
        super(message);
        this.unsupported = unsupported;
    }

    /** The backend cannot do it (a dspamd), rather than a request that makes no sense. */
    public boolean unsupported() {
        return unsupported;
    }

    /** Refuses a change of one user's data where users share dictionaries: it would change the others' too. */
    static void unlessOwnDictionaries(DspamUserMapping userMapping) {
        if (!userMapping.givesEachUserItsOwnDictionary()) {
            throw new UserChangeRefused("Under userMapping=" + userMapping + " users share dictionaries: no user's own can be"
                + " moved or deleted", false);
        }
    }
}

package io.jamesdspam.model;

import io.jamesdspam.text.PrintableText;

/** A user name that DSPAM must never see (it could name a path outside the store, or an option). */
public class InvalidDspamUserException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidDspamUserException(String name, String reason) {
        super("Invalid DSPAM user name '" + PrintableText.of(name, 80) + "': " + reason);
    }
}

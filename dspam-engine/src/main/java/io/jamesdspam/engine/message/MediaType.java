package io.jamesdspam.engine.message;

/** A part's primary media type as DSPAM classifies its Content-Type (docs/ENGINE-SPEC.md §1.2). */
public enum MediaType {
    TEXT, APPLICATION, MESSAGE, MULTIPART, OTHER,
    /** Declared by DSPAM but never produced by its parser. */
    UNKNOWN
}

package io.jamesdspam.engine.message;

/** Content-Disposition as DSPAM recognises it by prefix (docs/ENGINE-SPEC.md §1.2). */
public enum Disposition {
    INLINE, ATTACHMENT, OTHER, UNKNOWN
}

package io.jamesdspam.engine.message;

/** The subtypes DSPAM recognises (docs/ENGINE-SPEC.md §1.2); everything else is OTHER. */
public enum MediaSubtype {
    PLAIN, HTML, DSPAM_SIGNATURE, RFC822, INOCULATION, MIXED, ALTERNATIVE, SIGNED, ENCRYPTED, OTHER
}

package io.jamesdspam.engine.message;

/** Content-Transfer-Encoding as DSPAM recognises it by prefix (docs/ENGINE-SPEC.md §1.2). */
public enum TransferEncoding {
    SEVEN_BIT, EIGHT_BIT, QUOTED_PRINTABLE, BASE64, BINARY, OTHER, UNKNOWN
}

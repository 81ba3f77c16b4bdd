package io.jamesdspam.client;

/**
 * What dspamd writes back after the message, decided by the options (docs/PROTOCOL.md §6.1).
 */
public enum ResultStyle {
    /** {@code X-DSPAM-Result:} lines (bare LF), then {@code .} CRLF (§6.2). */
    SUMMARY,
    /** The tagged message copies, unstuffed, LF lines, then {@code .} CRLF (§6.3). */
    MESSAGE,
    /** One LMTP reply per recipient, CRLF, no terminator (§6.4). */
    LMTP_REPLIES
}

package io.jamesdspam.engine.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks {@code MAIL FROM:<password@ident>} against the {@code ServerPass.<ident>} entries
 * (docs/PROTOCOL.md §4): the text between the first {@code <} and the next {@code >}, split at its
 * first {@code @}. Passwords are compared in constant time (dspamd uses strcmp).
 */
final class Authenticator {
    private final DlmtpServerSettings settings;

    Authenticator(DlmtpServerSettings settings) {
        this.settings = settings;
    }

    /** Whether the MAIL FROM line carries valid credentials. */
    boolean authenticate(String mailFromLine) {
        int open = mailFromLine.indexOf('<');
        int close = open < 0 ? -1 : mailFromLine.indexOf('>', open + 1);
        if (close < 0) {
            return false;
        }
        String credentials = mailFromLine.substring(open + 1, close);
        int at = credentials.indexOf('@');
        if (at < 0) {
            return false;
        }
        String password = credentials.substring(0, at);
        String ident = credentials.substring(at + 1);
        Optional<String> expected = settings.password(ident);
        // dspam.conf is read as ISO-8859-1 and so are command lines: both sides are the raw bytes.
        return expected.isPresent() && MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.ISO_8859_1),
            password.getBytes(StandardCharsets.ISO_8859_1));
    }
}

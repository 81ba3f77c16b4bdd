package io.jamesdspam.mailet.configuration;

import java.util.Locale;

/** Which DSPAM answers: the in-process engine or a dspamd reached over DLMTP. */
public enum BackendType {
    EMBEDDED,
    DSPAMD;

    public static BackendType parse(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "embedded":
                return EMBEDDED;
            case "dspamd":
                return DSPAMD;
            default:
                throw new IllegalArgumentException("expected embedded or dspamd, got '" + value + "'");
        }
    }
}

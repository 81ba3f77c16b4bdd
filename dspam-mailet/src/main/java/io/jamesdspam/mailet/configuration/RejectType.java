package io.jamesdspam.mailet.configuration;

import java.util.Locale;

/** How the SMTP hook refuses (the plugin's {@code reject_type}). */
public enum RejectType {
    /** 5xx: the sender must not retry. */
    PERM,
    /** 4xx: the sender may retry later. */
    TEMP,
    /** 5xx, then the connection is closed, so the client cannot try again in the same session. */
    DISCONNECT,
    /** 4xx, then the connection is closed. */
    TEMP_DISCONNECT;

    /** Accepts the plugin's spellings: perm/hard, temp/soft, disconnect, temp_disconnect. */
    public static RejectType parse(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "perm":
            case "hard":
                return PERM;
            case "temp":
            case "soft":
                return TEMP;
            case "disconnect":
                return DISCONNECT;
            case "temp_disconnect":
            case "temp-disconnect":
                return TEMP_DISCONNECT;
            default:
                throw new IllegalArgumentException("expected perm, temp, disconnect or temp_disconnect, got '" + value + "'");
        }
    }

    public boolean isPermanent() {
        return this == PERM || this == DISCONNECT;
    }

    public boolean disconnects() {
        return this == DISCONNECT || this == TEMP_DISCONNECT;
    }
}

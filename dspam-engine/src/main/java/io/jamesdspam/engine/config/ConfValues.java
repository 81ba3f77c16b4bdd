package io.jamesdspam.engine.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The one set of value parsers for dspam.conf keys and preferences. Every error is an
 * {@link IllegalArgumentException} that names the key (or preference) and the forms it accepts.
 */
public final class ConfValues {
    private ConfValues() {
    }

    /** {@code on} / {@code off}, case-insensitive. */
    public static boolean onOff(String key, String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "on":
                return true;
            case "off":
                return false;
            default:
                throw new IllegalArgumentException(key + ": expected on or off, got '" + value + "'");
        }
    }

    /** A whole number within {@code min..max}. */
    public static int integer(String key, String value, int min, int max) {
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected a whole number, got '" + value + "'", e);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(key + ": " + parsed + " is outside " + min + ".." + max);
        }
        return parsed;
    }

    /** A whole number of seconds within {@code min..max}. */
    public static Duration seconds(String key, String value, int min, int max) {
        return Duration.ofSeconds(integer(key, value, min, max));
    }

    /** Words separated by blanks or commas, empty words dropped. */
    public static List<String> words(String value) {
        List<String> words = new ArrayList<>();
        for (String word : value.trim().split("[\\s,]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /** A value parsed by {@code parser}, whose {@link IllegalArgumentException} is reworded to name the key. */
    public static <T> T parse(String key, String value, Function<String, T> parser) {
        try {
            return parser.apply(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": invalid value '" + value + "' (" + e.getMessage() + ")", e);
        }
    }
}

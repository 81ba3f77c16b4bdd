package io.jamesdspam.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser for the value types every DSPAM setting shares — on/off, sizes and durations —
 * whether it comes from {@code dspam.properties} (the {@code dspamd.*} client keys included), a
 * mailet's or matcher's parameters or the SMTP hook's elements, so that one file never speaks two
 * dialects. It accepts James's own forms ({@code true}, {@code 30s}, {@code 1d}, {@code 500k})
 * and, because administrators of other Java servers write them, ISO-8601 durations
 * ({@code PT30S}) and {@code yes/no/on/off}.
 *
 * <p>Errors say what was given and which forms are accepted; the caller, which knows where the
 * value came from, prefixes the file or component and the key.
 */
public final class SettingValues {
    public static final String BOOLEAN_FORMS = "true/false, yes/no or on/off";
    public static final String SIZE_FORMS = "a number of bytes, or with a unit: 500k, 10m, 1g (k = 1024 bytes)";
    public static final String DURATION_FORMS = "a number of seconds, or with a unit: 500ms, 30s, 5m, 2h, 1d, 1w;"
        + " or ISO-8601: PT30S";

    private static final Pattern AMOUNT_AND_UNIT = Pattern.compile("(\\d+)\\s*([a-z]*)");
    private static final Map<String, Long> SIZE_UNITS = Map.of(
        "", 1L, "b", 1L,
        "k", 1024L, "kb", 1024L,
        "m", 1024L * 1024, "mb", 1024L * 1024,
        "g", 1024L * 1024 * 1024, "gb", 1024L * 1024 * 1024);
    // James's DurationParser spellings, months and years left out: neither has a fixed length.
    private static final Map<String, Duration> DURATION_UNITS = Map.ofEntries(
        Map.entry("", Duration.ofSeconds(1)),
        Map.entry("ms", Duration.ofMillis(1)), Map.entry("msec", Duration.ofMillis(1)),
        Map.entry("msecs", Duration.ofMillis(1)),
        Map.entry("s", Duration.ofSeconds(1)), Map.entry("sec", Duration.ofSeconds(1)),
        Map.entry("secs", Duration.ofSeconds(1)), Map.entry("second", Duration.ofSeconds(1)),
        Map.entry("seconds", Duration.ofSeconds(1)),
        Map.entry("m", Duration.ofMinutes(1)), Map.entry("min", Duration.ofMinutes(1)),
        Map.entry("mins", Duration.ofMinutes(1)), Map.entry("minute", Duration.ofMinutes(1)),
        Map.entry("minutes", Duration.ofMinutes(1)),
        Map.entry("h", Duration.ofHours(1)), Map.entry("hour", Duration.ofHours(1)),
        Map.entry("hours", Duration.ofHours(1)),
        Map.entry("d", Duration.ofDays(1)), Map.entry("day", Duration.ofDays(1)),
        Map.entry("days", Duration.ofDays(1)),
        Map.entry("w", Duration.ofDays(7)), Map.entry("week", Duration.ofDays(7)),
        Map.entry("weeks", Duration.ofDays(7)));

    private SettingValues() {
    }

    /** @throws IllegalArgumentException naming the value and {@link #BOOLEAN_FORMS} */
    public static boolean parseBoolean(String value) {
        switch (normalized(value)) {
            case "true":
            case "yes":
            case "on":
                return true;
            case "false":
            case "no":
            case "off":
                return false;
            default:
                throw invalid(value, "an on/off value", BOOLEAN_FORMS);
        }
    }

    /** A size in bytes. @throws IllegalArgumentException naming the value and {@link #SIZE_FORMS} */
    public static long parseSize(String value) {
        Matcher matcher = AMOUNT_AND_UNIT.matcher(normalized(value));
        Long unit = matcher.matches() ? SIZE_UNITS.get(matcher.group(2)) : null;
        if (unit == null) {
            throw invalid(value, "a size", SIZE_FORMS);
        }
        try {
            return Math.multiplyExact(Long.parseLong(matcher.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid(value, "a size that fits in 64 bits", SIZE_FORMS);
        }
    }

    /** @throws IllegalArgumentException naming the value and {@link #DURATION_FORMS} */
    public static Duration parseDuration(String value) {
        String normalized = normalized(value);
        if (normalized.startsWith("p")) {
            try {
                return Duration.parse(normalized.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(value, "an ISO-8601 duration", DURATION_FORMS);
            }
        }
        Matcher matcher = AMOUNT_AND_UNIT.matcher(normalized);
        Duration unit = matcher.matches() ? DURATION_UNITS.get(matcher.group(2)) : null;
        if (unit == null) {
            throw invalid(value, "a duration", DURATION_FORMS);
        }
        try {
            return unit.multipliedBy(Long.parseLong(matcher.group(1)));
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid(value, "a duration that fits", DURATION_FORMS);
        }
    }

    private static String normalized(String value) {
        if (value == null) {
            return "";
        }
        return value.trim().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException invalid(String value, String what, String forms) {
        return new IllegalArgumentException("'" + value + "' is not " + what + "; accepted: " + forms);
    }
}

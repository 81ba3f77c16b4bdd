package io.jamesdspam.mailet.configuration;

import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Optional;

/**
 * When James purges the DSPAM store itself, once a day ({@code purge.daily} in
 * {@code dspam.properties}): what DSPAM's packages do with a nightly {@code dspam_clean} from cron,
 * here the purge task of {@code POST /dspam/purge} with the configured limits, for every user.
 *
 * <p>Unset, the plugin's own journal store is purged at {@link #DEFAULT_TIME} (without a purge its
 * signatures, ≈ 16 KB per classified message, would never go), and a database is not: it may be an
 * existing DSPAM installation's, purged by its own cron with limits James does not know, or shared
 * by several nodes, one of which should purge it ({@code purge.daily=HH:MM} there).
 */
public final class PurgeSchedule {
    public static final String KEY = "purge.daily";
    public static final LocalTime DEFAULT_TIME = LocalTime.of(4, 0);

    private static final String OFF = "off";
    private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("H:mm", Locale.ROOT)
        .withResolverStyle(ResolverStyle.STRICT);
    private static final PurgeSchedule UNSET = new PurgeSchedule(false, Optional.empty());
    private static final PurgeSchedule NEVER = new PurgeSchedule(true, Optional.empty());

    private final boolean given;
    private final Optional<LocalTime> time;

    private PurgeSchedule(boolean given, Optional<LocalTime> time) {
        this.given = given;
        this.time = time;
    }

    /** {@code purge.daily} absent: the default of the store James opens ({@link #timeFor}). */
    public static PurgeSchedule unset() {
        return UNSET;
    }

    /**
     * {@code off}, or a time of day {@code H:MM} / {@code HH:MM} in the server's time zone.
     *
     * @throws IllegalArgumentException anything else, saying what is expected
     */
    public static PurgeSchedule parse(String value) {
        String trimmed = value.trim();
        if (trimmed.equalsIgnoreCase(OFF)) {
            return NEVER;
        }
        try {
            return new PurgeSchedule(true, Optional.of(LocalTime.parse(trimmed, HOURS_MINUTES)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a time of day such as 04:00 (the server's time zone) or off", e);
        }
    }

    /** Whether {@code purge.daily} asks for a purge (a time given). */
    public boolean asksForPurge() {
        return given && time.isPresent();
    }

    /**
     * The time of day the purge runs, empty when it does not: as given, else {@link #DEFAULT_TIME}
     * for the plugin's own journal store and never for a database.
     */
    public Optional<LocalTime> timeFor(boolean databaseStore) {
        if (given) {
            return time;
        }
        return databaseStore ? Optional.empty() : Optional.of(DEFAULT_TIME);
    }

    /**
     * The first {@code time} strictly after {@code after}, on its day or the next (a time a
     * daylight-saving change skips moves on by the gap, as {@link ZonedDateTime#with} does).
     */
    public static ZonedDateTime nextRun(ZonedDateTime after, LocalTime time) {
        ZonedDateTime today = after.with(time);
        if (today.isAfter(after)) {
            return today;
        }
        return after.toLocalDate().plusDays(1).atTime(time).atZone(after.getZone());
    }

    @Override
    public String toString() {
        if (!given) {
            return "unset";
        }
        return time.map(LocalTime::toString).orElse(OFF);
    }
}

package io.jamesdspam.engine.purge;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.engine.config.ConfValues;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.config.DspamKeys;

/**
 * How many whole days a purge lets each kind of row rest unused: dspam.conf's {@code Purge*} keys
 * as {@code dspam_clean} reads them (docs/ENGINE-SPEC.md §10.6), with DSPAM's shipped values when a
 * key is absent. A rule applies when the age is greater than its limit; a limit of 0 always applies
 * (so {@code PurgeSignatures 0} deletes every signature). The four limits of unused tokens come as
 * one: {@code dspam_clean} applies them from dspam.conf only when all four are non-zero, so a 0 in
 * any of them there turns that purge off.
 */
public final class PurgeLimits {
    /** A century: more than any store keeps, and far from the calendar's end. */
    public static final int MAX_DAYS = 36_500;
    public static final int DEFAULT_SIGNATURE_DAYS = Math.toIntExact(DspamMaintenance.DEFAULT_SIGNATURE_AGE.toDays());
    public static final int DEFAULT_NEUTRAL_DAYS = 90;
    private static final PurgeLimits SHIPPED = new PurgeLimits(DEFAULT_SIGNATURE_DAYS, DEFAULT_NEUTRAL_DAYS,
        Optional.of(UnusedLimits.SHIPPED));

    private final int signatureDays;
    private final int neutralDays;
    private final Optional<UnusedLimits> unused;

    private PurgeLimits(int signatureDays, int neutralDays, Optional<UnusedLimits> unused) {
        this.signatureDays = days("signature age", signatureDays);
        this.neutralDays = days("neutral token age", neutralDays);
        this.unused = Objects.requireNonNull(unused, "unused");
    }

    /** DSPAM's shipped dspam.conf: 14, 90, and 90/30/15/15 for unused tokens. */
    public static PurgeLimits shipped() {
        return SHIPPED;
    }

    /**
     * dspam.conf's {@code PurgeSignatures}, {@code PurgeNeutral}, {@code PurgeUnused},
     * {@code PurgeHapaxes}, {@code PurgeHits1S} and {@code PurgeHits1I}, each 0 to {@link #MAX_DAYS};
     * an absent key keeps its shipped value.
     *
     * @throws IllegalArgumentException a value that is not a whole number of days, naming its key
     */
    public static PurgeLimits from(DspamConf conf) {
        int signatureDays = conf.integer(DspamKeys.PURGE_SIGNATURES, 0, MAX_DAYS).orElse(DEFAULT_SIGNATURE_DAYS);
        int neutralDays = conf.integer(DspamKeys.PURGE_NEUTRAL, 0, MAX_DAYS).orElse(DEFAULT_NEUTRAL_DAYS);
        UnusedLimits unused = new UnusedLimits(
            conf.integer(DspamKeys.PURGE_UNUSED, 0, MAX_DAYS).orElse(UnusedLimits.SHIPPED.anyDays),
            conf.integer(DspamKeys.PURGE_HAPAXES, 0, MAX_DAYS).orElse(UnusedLimits.SHIPPED.hapaxDays),
            conf.integer(DspamKeys.PURGE_HITS1S, 0, MAX_DAYS).orElse(UnusedLimits.SHIPPED.spamHitDays),
            conf.integer(DspamKeys.PURGE_HITS1I, 0, MAX_DAYS).orElse(UnusedLimits.SHIPPED.innocentHitDays));
        return new PurgeLimits(signatureDays, neutralDays, unused.anyZero() ? Optional.empty() : Optional.of(unused));
    }

    public PurgeLimits withSignatureDays(int days) {
        return new PurgeLimits(days, neutralDays, unused);
    }

    public PurgeLimits withNeutralDays(int days) {
        return new PurgeLimits(signatureDays, days, unused);
    }

    /** Unused tokens purged with these limits (0 in any: always), as {@code dspam_clean -u} given them. */
    public PurgeLimits withUnused(UnusedLimits limits) {
        return new PurgeLimits(signatureDays, neutralDays, Optional.of(limits));
    }

    public int signatureDays() {
        return signatureDays;
    }

    public int neutralDays() {
        return neutralDays;
    }

    /** Empty when unused tokens are not purged (a 0 among dspam.conf's four limits). */
    public Optional<UnusedLimits> unused() {
        return unused;
    }

    /** Whether a rule with {@code limit} days applies to a row last used {@code age} days ago. */
    static boolean applies(long age, int limit) {
        return limit == 0 || age > limit;
    }

    private static int days(String what, int days) {
        if (days < 0 || days > MAX_DAYS) {
            throw new IllegalArgumentException("The " + what + " must be 0 to " + MAX_DAYS + " days, not " + days);
        }
        return days;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PurgeLimits)) {
            return false;
        }
        PurgeLimits other = (PurgeLimits) o;
        return signatureDays == other.signatureDays && neutralDays == other.neutralDays && unused.equals(other.unused);
    }

    @Override
    public int hashCode() {
        return Objects.hash(signatureDays, neutralDays, unused);
    }

    @Override
    public String toString() {
        return "signatures " + signatureDays + ", neutral " + neutralDays + ", unused "
            + unused.map(UnusedLimits::toString).orElse("off");
    }

    /**
     * {@code dspam_clean -u}'s four limits: any token ({@code PurgeUnused}; not for TOE and NOTRAIN
     * users, for TUM users only tokens with fewer than 50 hits), hapaxes ({@code PurgeHapaxes}), and
     * tokens seen once in spam ({@code PurgeHits1S}) or once in innocent mail ({@code PurgeHits1I}).
     */
    public static final class UnusedLimits {
        /** The values of DSPAM's shipped dspam.conf and of its {@code purge-4.1.sql}. */
        public static final UnusedLimits SHIPPED = new UnusedLimits(90, 30, 15, 15);

        private final int anyDays;
        private final int hapaxDays;
        private final int spamHitDays;
        private final int innocentHitDays;

        public UnusedLimits(int anyDays, int hapaxDays, int spamHitDays, int innocentHitDays) {
            this.anyDays = days("unused token age", anyDays);
            this.hapaxDays = days("hapax age", hapaxDays);
            this.spamHitDays = days("one-spam-hit token age", spamHitDays);
            this.innocentHitDays = days("one-innocent-hit token age", innocentHitDays);
        }

        /**
         * {@code dspam_clean -u}'s spelling, {@code ANY,HAPAX,HITS1S,HITS1I} in days.
         *
         * @throws IllegalArgumentException anything else, saying what is expected
         */
        public static UnusedLimits parse(String name, String value) {
            List<String> parts = List.of(value.split(",", -1));
            if (parts.size() != 4) {
                throw new IllegalArgumentException(name + ": expected four day counts ANY,HAPAX,HITS1S,HITS1I"
                    + " (e.g. 90,30,15,15), got '" + value + "'");
            }
            return new UnusedLimits(ConfValues.integer(name, parts.get(0), 0, MAX_DAYS),
                ConfValues.integer(name, parts.get(1), 0, MAX_DAYS), ConfValues.integer(name, parts.get(2), 0, MAX_DAYS),
                ConfValues.integer(name, parts.get(3), 0, MAX_DAYS));
        }

        public int anyDays() {
            return anyDays;
        }

        public int hapaxDays() {
            return hapaxDays;
        }

        public int spamHitDays() {
            return spamHitDays;
        }

        public int innocentHitDays() {
            return innocentHitDays;
        }

        private boolean anyZero() {
            return anyDays == 0 || hapaxDays == 0 || spamHitDays == 0 || innocentHitDays == 0;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof UnusedLimits)) {
                return false;
            }
            UnusedLimits other = (UnusedLimits) o;
            return anyDays == other.anyDays && hapaxDays == other.hapaxDays && spamHitDays == other.spamHitDays
                && innocentHitDays == other.innocentHitDays;
        }

        @Override
        public int hashCode() {
            return Objects.hash(anyDays, hapaxDays, spamHitDays, innocentHitDays);
        }

        @Override
        public String toString() {
            return anyDays + "," + hapaxDays + "," + spamHitDays + "," + innocentHitDays;
        }
    }
}

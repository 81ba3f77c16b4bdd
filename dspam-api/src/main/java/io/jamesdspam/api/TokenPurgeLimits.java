package io.jamesdspam.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The token limits one purge is given, as {@code dspam_clean -p DAYS} and {@code -u A,H,S,I} give
 * them on its command line (docs/ENGINE-SPEC.md §10.6): days that replace the store's configured
 * {@code PurgeNeutral} resp. {@code PurgeUnused}, {@code PurgeHapaxes}, {@code PurgeHits1S},
 * {@code PurgeHits1I}. What is not given stays as configured.
 */
public final class TokenPurgeLimits {
    /** Nothing given: the store's configured limits. */
    public static final TokenPurgeLimits CONFIGURED = new TokenPurgeLimits(OptionalInt.empty(), Optional.empty());

    /** A century ({@link DspamMaintenance#MAX_SIGNATURE_AGE}): more than any store keeps. */
    public static final int MAX_DAYS = Math.toIntExact(DspamMaintenance.MAX_SIGNATURE_AGE.toDays());

    private final OptionalInt neutralDays;
    private final Optional<Unused> unused;

    public TokenPurgeLimits(OptionalInt neutralDays, Optional<Unused> unused) {
        neutralDays.ifPresent(days -> days("neutral token age", days));
        this.neutralDays = neutralDays;
        this.unused = Objects.requireNonNull(unused, "unused");
    }

    /** Days a neutral token rests unused before it goes ({@code -p}); empty: as configured. */
    public OptionalInt neutralDays() {
        return neutralDays;
    }

    /** The four limits of unused tokens ({@code -u}); empty: as configured. */
    public Optional<Unused> unused() {
        return unused;
    }

    public boolean isConfigured() {
        return neutralDays.isEmpty() && unused.isEmpty();
    }

    /**
     * {@code days} when it is a purge limit, 0 to {@link #MAX_DAYS}.
     *
     * @throws IllegalArgumentException otherwise, naming {@code what}
     */
    public static int days(String what, int days) {
        if (days < 0 || days > MAX_DAYS) {
            throw new IllegalArgumentException("The " + what + " must be 0 to " + MAX_DAYS + " days, not " + days);
        }
        return days;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TokenPurgeLimits)) {
            return false;
        }
        TokenPurgeLimits other = (TokenPurgeLimits) o;
        return neutralDays.equals(other.neutralDays) && unused.equals(other.unused);
    }

    @Override
    public int hashCode() {
        return Objects.hash(neutralDays, unused);
    }

    @Override
    public String toString() {
        return "neutral " + (neutralDays.isPresent() ? neutralDays.getAsInt() : "configured") + ", unused "
            + unused.map(Unused::toString).orElse("configured");
    }

    /**
     * {@code dspam_clean -u}'s four limits in days: any token ({@code PurgeUnused}; not for TOE and
     * NOTRAIN users, for TUM users only tokens with fewer than 50 hits), hapaxes ({@code PurgeHapaxes}),
     * and tokens seen once in spam ({@code PurgeHits1S}) or once in innocent mail ({@code PurgeHits1I}).
     * A limit of 0 always applies.
     */
    public static final class Unused {
        /** The values of DSPAM's shipped dspam.conf and of its {@code purge-4.1.sql}. */
        public static final Unused SHIPPED = new Unused(90, 30, 15, 15);

        private final int anyDays;
        private final int hapaxDays;
        private final int spamHitDays;
        private final int innocentHitDays;

        public Unused(int anyDays, int hapaxDays, int spamHitDays, int innocentHitDays) {
            this.anyDays = days("unused token age", anyDays);
            this.hapaxDays = days("hapax age", hapaxDays);
            this.spamHitDays = days("one-spam-hit token age", spamHitDays);
            this.innocentHitDays = days("one-innocent-hit token age", innocentHitDays);
        }

        /** In the order of {@code dspam_clean -u}: any, hapax, one spam hit, one innocent hit. */
        public static Unused of(List<Integer> days) {
            if (days.size() != 4) {
                throw new IllegalArgumentException("Expected four limits ANY,HAPAX,HITS1S,HITS1I, got " + days.size());
            }
            return new Unused(days.get(0), days.get(1), days.get(2), days.get(3));
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

        /** The four in {@link #of}'s order. */
        public List<Integer> asList() {
            return List.of(anyDays, hapaxDays, spamHitDays, innocentHitDays);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Unused)) {
                return false;
            }
            Unused other = (Unused) o;
            return anyDays == other.anyDays && hapaxDays == other.hapaxDays && spamHitDays == other.spamHitDays
                && innocentHitDays == other.innocentHitDays;
        }

        @Override
        public int hashCode() {
            return Objects.hash(anyDays, hapaxDays, spamHitDays, innocentHitDays);
        }

        /** {@code dspam_clean -u}'s spelling: {@code 90,30,15,15}. */
        @Override
        public String toString() {
            return anyDays + "," + hapaxDays + "," + spamHitDays + "," + innocentHitDays;
        }
    }
}

package io.jamesdspam.engine.purge;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.api.TokenPurgeLimits.Unused;
import io.jamesdspam.engine.config.ConfValues;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.config.DspamKey;
import io.jamesdspam.engine.config.DspamKeys;

/**
 * How many whole days a purge lets each kind of row rest unused: dspam.conf's {@code Purge*} keys
 * as {@code dspam_clean} reads them (docs/ENGINE-SPEC.md §10.6), with DSPAM's shipped values when a
 * key is absent. A rule applies when the age is greater than its limit; a limit of 0 always applies
 * (so {@code PurgeSignatures 0} deletes every signature). The four limits of unused tokens come as
 * one: {@code dspam_clean} applies them from dspam.conf only when all four are non-zero, so a 0 in
 * any of them there turns that purge off. A value {@code off}, as an installation may write, turns its
 * rule off (the spec does not say what DSPAM makes of it; off never deletes more than DSPAM would).
 */
public final class PurgeLimits {
    /** A century ({@link TokenPurgeLimits#MAX_DAYS}): more than any store keeps. */
    public static final int MAX_DAYS = TokenPurgeLimits.MAX_DAYS;
    private static final int DEFAULT_SIGNATURE_DAYS = Math.toIntExact(DspamMaintenance.DEFAULT_SIGNATURE_AGE.toDays());
    private static final int DEFAULT_NEUTRAL_DAYS = 90;
    private static final PurgeLimits SHIPPED = new PurgeLimits(OptionalInt.of(DEFAULT_SIGNATURE_DAYS),
        OptionalInt.of(DEFAULT_NEUTRAL_DAYS), Optional.of(Unused.SHIPPED));

    private static final String OFF = "off";

    private final OptionalInt signatureDays;
    private final OptionalInt neutralDays;
    private final Optional<Unused> unused;

    private PurgeLimits(OptionalInt signatureDays, OptionalInt neutralDays, Optional<Unused> unused) {
        this.signatureDays = signatureDays;
        this.neutralDays = neutralDays;
        this.unused = Objects.requireNonNull(unused, "unused");
        signatureDays.ifPresent(days -> TokenPurgeLimits.days("signature age", days));
        neutralDays.ifPresent(days -> TokenPurgeLimits.days("neutral token age", days));
    }

    /** DSPAM's shipped dspam.conf: 14, 90, and 90/30/15/15 for unused tokens. */
    public static PurgeLimits shipped() {
        return SHIPPED;
    }

    /**
     * dspam.conf's {@code PurgeSignatures}, {@code PurgeNeutral}, {@code PurgeUnused},
     * {@code PurgeHapaxes}, {@code PurgeHits1S} and {@code PurgeHits1I}, each 0 to {@link #MAX_DAYS}
     * or {@code off}; an absent key keeps its shipped value.
     *
     * @throws IllegalArgumentException a value that is neither a whole number of days nor off, naming its key
     */
    public static PurgeLimits from(DspamConf conf) {
        OptionalInt signatureDays = days(conf, DspamKeys.PURGE_SIGNATURES, DEFAULT_SIGNATURE_DAYS);
        OptionalInt neutralDays = days(conf, DspamKeys.PURGE_NEUTRAL, DEFAULT_NEUTRAL_DAYS);
        OptionalInt any = days(conf, DspamKeys.PURGE_UNUSED, Unused.SHIPPED.anyDays());
        OptionalInt hapax = days(conf, DspamKeys.PURGE_HAPAXES, Unused.SHIPPED.hapaxDays());
        OptionalInt spamHit = days(conf, DspamKeys.PURGE_HITS1S, Unused.SHIPPED.spamHitDays());
        OptionalInt innocentHit = days(conf, DspamKeys.PURGE_HITS1I, Unused.SHIPPED.innocentHitDays());
        boolean unusedOn = Stream.of(any, hapax, spamHit, innocentHit).allMatch(days -> days.orElse(0) != 0);
        Optional<Unused> unused = unusedOn ? Optional.of(new Unused(any.getAsInt(), hapax.getAsInt(),
            spamHit.getAsInt(), innocentHit.getAsInt())) : Optional.empty();
        return new PurgeLimits(signatureDays, neutralDays, unused);
    }

    /** The key's days, or empty for {@code off}, or {@code shipped} when the key is absent. */
    private static OptionalInt days(DspamConf conf, DspamKey key, int shipped) {
        Optional<String> value = conf.text(key).map(String::trim);
        if (value.isEmpty()) {
            return OptionalInt.of(shipped);
        }
        if (value.get().equalsIgnoreCase(OFF)) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(ConfValues.integer(key.name(), value.get(), 0, MAX_DAYS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (days, or off)", e);
        }
    }

    public PurgeLimits withSignatureDays(int days) {
        return new PurgeLimits(OptionalInt.of(days), neutralDays, unused);
    }

    public PurgeLimits withNeutralDays(int days) {
        return new PurgeLimits(signatureDays, OptionalInt.of(days), unused);
    }

    /** Unused tokens purged with these limits (0 in any: always), as {@code dspam_clean -u} given them. */
    public PurgeLimits withUnused(Unused limits) {
        return new PurgeLimits(signatureDays, neutralDays, Optional.of(limits));
    }

    /** These limits with those one purge is given in their place ({@code dspam_clean -p -u}). */
    public PurgeLimits with(TokenPurgeLimits given) {
        PurgeLimits limits = given.neutralDays().isPresent() ? withNeutralDays(given.neutralDays().getAsInt()) : this;
        return given.unused().map(limits::withUnused).orElse(limits);
    }

    /**
     * {@code dspam_clean -u}'s spelling of the four limits, {@code ANY,HAPAX,HITS1S,HITS1I} in days.
     *
     * @throws IllegalArgumentException anything else, naming {@code name} and saying what is expected
     */
    public static Unused parseUnused(String name, String value) {
        List<String> parts = List.of(value.split(",", -1));
        if (parts.size() != 4) {
            throw new IllegalArgumentException(name + ": expected four day counts ANY,HAPAX,HITS1S,HITS1I"
                + " (e.g. 90,30,15,15), got '" + value + "'");
        }
        return Unused.of(parts.stream().map(part -> ConfValues.integer(name, part, 0, MAX_DAYS)).collect(Collectors.toList()));
    }

    /** Days a signature is kept; empty when signatures are not purged ({@code PurgeSignatures off}). */
    public OptionalInt signatureDays() {
        return signatureDays;
    }

    /**
     * {@link #signatureDays()} for an interface that takes an age ({@code DspamMaintenance}):
     * {@code off} keeps signatures a century, which is never.
     */
    public Duration signatureAge() {
        return Duration.ofDays(signatureDays.orElse(MAX_DAYS));
    }

    /** Days a neutral token is kept unused; empty when neutral tokens are not purged. */
    public OptionalInt neutralDays() {
        return neutralDays;
    }

    /** Empty when unused tokens are not purged (a 0 among dspam.conf's four limits). */
    public Optional<Unused> unused() {
        return unused;
    }

    /** Whether a rule with {@code limit} days applies to a row last used {@code age} days ago. */
    static boolean applies(long age, int limit) {
        return limit == 0 || age > limit;
    }

    private static String shown(OptionalInt days) {
        return days.isPresent() ? Integer.toString(days.getAsInt()) : OFF;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PurgeLimits)) {
            return false;
        }
        PurgeLimits other = (PurgeLimits) o;
        return signatureDays.equals(other.signatureDays) && neutralDays.equals(other.neutralDays)
            && unused.equals(other.unused);
    }

    @Override
    public int hashCode() {
        return Objects.hash(signatureDays, neutralDays, unused);
    }

    @Override
    public String toString() {
        return "signatures " + shown(signatureDays) + ", neutral " + shown(neutralDays) + ", unused "
            + unused.map(Unused::toString).orElse(OFF);
    }
}

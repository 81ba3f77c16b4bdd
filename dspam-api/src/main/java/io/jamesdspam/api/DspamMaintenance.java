package io.jamesdspam.api;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import io.jamesdspam.model.DspamUser;

/**
 * Store maintenance in the spirit of {@code dspam_clean}: purge stale signatures and tokens.
 * Offered by backends that own the store (the embedded engine).
 */
public interface DspamMaintenance {

    /** What one purge removed, from how many users (so far, while it runs). */
    final class PurgeReport {
        public static final PurgeReport NOTHING = new PurgeReport(0, 0, 0);

        private final long usersPurged;
        private final long signaturesPurged;
        private final long tokensPurged;

        public PurgeReport(long usersPurged, long signaturesPurged, long tokensPurged) {
            this.usersPurged = usersPurged;
            this.signaturesPurged = signaturesPurged;
            this.tokensPurged = tokensPurged;
        }

        /** The users whose signatures and tokens were gone through. */
        public long usersPurged() {
            return usersPurged;
        }

        public long signaturesPurged() {
            return signaturesPurged;
        }

        public long tokensPurged() {
            return tokensPurged;
        }
    }

    /** DSPAM's default: signatures older than 14 days are purged ({@code PurgeSignatures 14}). */
    Duration DEFAULT_SIGNATURE_AGE = Duration.ofDays(14);

    /** A century: longer than any store keeps anything, and far from the calendar's ends. */
    Duration MAX_SIGNATURE_AGE = Duration.ofDays(36_500);

    /**
     * Deletes signatures older than {@code signatureAge} and stale tokens per DSPAM's purge rules
     * (docs/ENGINE-SPEC.md §10.6) with the configured limits, for every user.
     */
    default PurgeReport purge(Duration signatureAge) {
        return purge(signatureAge, TokenPurgeLimits.CONFIGURED, Optional.empty(), report -> { });
    }

    /**
     * {@link #purge(Duration)} with the token limits {@code tokenLimits} gives in place of the
     * configured ones ({@code dspam_clean -p -u}), of {@code only} that user when given (nothing
     * when the store holds nothing for it), telling {@code progress} what was purged so far after
     * each user (a purge of many users takes a while).
     */
    PurgeReport purge(Duration signatureAge, TokenPurgeLimits tokenLimits, Optional<DspamUser> only,
                      Consumer<PurgeReport> progress);

    /**
     * The limits a purge given these arguments applies, in days as {@code dspam-tool clean} prints
     * them ({@code signatures 14, neutral 90, unused 90,30,15,15}); empty when the backend cannot tell.
     */
    default Optional<String> limitsOf(Duration signatureAge, TokenPurgeLimits tokenLimits) {
        return Optional.empty();
    }

    /**
     * The signature age of a purge not given one: the store's configuration (DSPAM's
     * {@code PurgeSignatures}), else {@link #DEFAULT_SIGNATURE_AGE}.
     */
    default Duration configuredSignatureAge() {
        return DEFAULT_SIGNATURE_AGE;
    }
}

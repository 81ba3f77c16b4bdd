package io.jamesdspam.api;

import java.time.Duration;

/**
 * Store maintenance in the spirit of {@code dspam_clean}: purge stale signatures and tokens.
 * Offered by backends that own the store (the embedded engine).
 */
public interface DspamMaintenance {

    /** What one purge removed. */
    final class PurgeReport {
        private final long signaturesPurged;
        private final long tokensPurged;

        public PurgeReport(long signaturesPurged, long tokensPurged) {
            this.signaturesPurged = signaturesPurged;
            this.tokensPurged = tokensPurged;
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

    /**
     * Deletes signatures older than {@code signatureAge} and stale tokens per DSPAM's purge rules
     * (docs/ENGINE-SPEC.md §10.6), for every user.
     */
    PurgeReport purge(Duration signatureAge);

    /**
     * The signature age of a purge not given one: the store's configuration (DSPAM's
     * {@code PurgeSignatures}), else {@link #DEFAULT_SIGNATURE_AGE}.
     */
    default Duration configuredSignatureAge() {
        return DEFAULT_SIGNATURE_AGE;
    }
}

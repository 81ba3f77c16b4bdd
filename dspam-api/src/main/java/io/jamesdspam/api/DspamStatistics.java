package io.jamesdspam.api;

import java.util.List;

import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * Read access to DSPAM's per-user statistics. Offered by backends that own the store (the
 * embedded engine); DLMTP has no statistics command, so a dspamd client does not offer it.
 */
public interface DspamStatistics {

    /** The user's totals; {@link DspamTotals#EMPTY} for a user DSPAM has never seen. */
    DspamTotals totals(DspamUser user);

    /**
     * What the user's classifications read: the user's own totals, or with groups the dictionary
     * the user reads in process mode (a shared group's, or the user's summed with a merged
     * group's). Readiness counts these, so that a new user of a merged global group is ready
     * when user and group together have learned enough.
     */
    default DspamTotals readableTotals(DspamUser user) {
        return totals(user);
    }

    /** Every user the store knows. */
    List<DspamUser> users();
}

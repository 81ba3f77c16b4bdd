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

    /** Every user the store knows. */
    List<DspamUser> users();
}

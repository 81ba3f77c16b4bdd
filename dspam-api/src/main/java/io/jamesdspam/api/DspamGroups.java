package io.jamesdspam.api;

import io.jamesdspam.model.DspamUser;

/**
 * DSPAM's groups (docs/ENGINE-SPEC.md §11.3) as the group file ({@code GroupConfig}) defines them
 * now. Offered by backends that own the store (the embedded engine); a dspamd reads its own group
 * file, which DLMTP cannot show.
 */
public interface DspamGroups {

    /** The group file as read now: its groups and the lines left out, with why. */
    GroupFileListing groupFile();

    /** The groups that apply to the user in process mode, and how. */
    UserGroupListing userGroups(DspamUser user);
}

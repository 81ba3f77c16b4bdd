package io.jamesdspam.api;

import java.util.List;
import java.util.Optional;

/**
 * The groups that apply to one user in process mode and how (docs/ENGINE-SPEC.md §11.3): whose
 * dictionary the user writes, which merged group it reads too, and each group with its effect.
 * Getters only, so that it serialises with Jackson as it is.
 */
public final class UserGroupListing {
    private final String user;
    private final boolean ignoreGroups;
    private final String dataUser;
    private final Optional<String> mergedWith;
    private final List<AppliedGroup> groups;

    /** One group that applies, and how. */
    public static final class AppliedGroup {
        private final String name;
        private final String type;
        private final String how;
        private final int line;

        public AppliedGroup(String name, String type, String how, int line) {
            this.name = name;
            this.type = type;
            this.how = how;
            this.line = line;
        }

        public String getName() {
            return name;
        }

        public String getType() {
            return type;
        }

        public String getHow() {
            return how;
        }

        /** The group's line in the group file. */
        public int getLine() {
            return line;
        }
    }

    public UserGroupListing(String user, boolean ignoreGroups, String dataUser, Optional<String> mergedWith,
                            List<AppliedGroup> groups) {
        this.user = user;
        this.ignoreGroups = ignoreGroups;
        this.dataUser = dataUser;
        this.mergedWith = mergedWith;
        this.groups = List.copyOf(groups);
    }

    public String getUser() {
        return user;
    }

    /** The user's {@code ignoreGroups} preference is on: no group applies, whatever the file says. */
    public boolean isIgnoreGroups() {
        return ignoreGroups;
    }

    /** The dictionary the user's mail reads and writes: a shared group's name, or the user's own. */
    public String getDataUser() {
        return dataUser;
    }

    /** The merged group read together with the user's dictionary; null when none. */
    public String getMergedWith() {
        return mergedWith.orElse(null);
    }

    public List<AppliedGroup> getGroups() {
        return groups;
    }
}

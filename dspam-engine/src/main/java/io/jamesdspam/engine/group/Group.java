package io.jamesdspam.engine.group;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** One line of a group file: {@code name:type:member,member,…}. */
public final class Group {
    private final String name;
    private final GroupType type;
    private final boolean managed;
    private final List<GroupMember> members;
    private final int line;

    Group(String name, GroupType type, boolean managed, List<GroupMember> members, int line) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.managed = managed;
        this.members = List.copyOf(members);
        this.line = line;
    }

    public String name() {
        return name;
    }

    public GroupType type() {
        return type;
    }

    /** {@code shared,managed}: one quarantine too (DSPAM's own delivery; no effect on classification). */
    public boolean managed() {
        return managed;
    }

    public List<GroupMember> members() {
        return members;
    }

    /** The line of the file (1-based). */
    public int line() {
        return line;
    }

    /** Whether the user is a member: named by an entry and, in a merged group, excluded by none. */
    public boolean hasMember(String user) {
        boolean named = false;
        for (GroupMember member : members) {
            if (member.isExclusion()) {
                if (type == GroupType.MERGED && member.covers(user)) {
                    return false;
                }
            } else if (member.covers(user)) {
                named = true;
            }
        }
        return named;
    }

    @Override
    public String toString() {
        return name + ":" + type.name().toLowerCase(Locale.ROOT) + (managed ? ",managed" : "") + ":" + members;
    }
}

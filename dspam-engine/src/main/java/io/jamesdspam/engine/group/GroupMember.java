package io.jamesdspam.engine.group;

import java.util.Locale;
import java.util.Objects;

import io.jamesdspam.model.DspamUser;

/**
 * One entry of a group's member list (docs/ENGINE-SPEC.md §11.3): a user (case-insensitive), {@code *}
 * (everyone), {@code *@domain}, a global peer {@code *user} (classification groups), and for
 * merged groups the exclusions {@code -user} and {@code -*@domain}.
 */
public final class GroupMember {
    /** What a member entry stands for. */
    public enum Kind { USER, EVERYONE, DOMAIN, GLOBAL_PEER, EXCLUDED_USER, EXCLUDED_DOMAIN }

    private final Kind kind;
    /** The user name or domain, lower-cased; empty for everyone. */
    private final String value;
    private final String written;

    private GroupMember(Kind kind, String value, String written) {
        this.kind = kind;
        this.value = value;
        this.written = written;
    }

    static GroupMember parse(String entry) {
        String written = entry.trim();
        if (written.isEmpty()) {
            throw new IllegalArgumentException("empty member");
        }
        boolean excluded = written.startsWith("-");
        String rest = (excluded ? written.substring(1) : written).toLowerCase(Locale.ROOT);
        if (rest.equals("*")) {
            if (excluded) {
                throw new IllegalArgumentException("'-*' would exclude everyone");
            }
            return new GroupMember(Kind.EVERYONE, "", written);
        }
        if (rest.startsWith("*@")) {
            return new GroupMember(excluded ? Kind.EXCLUDED_DOMAIN : Kind.DOMAIN, checkedName(rest.substring(2), written), written);
        }
        if (rest.startsWith("*")) {
            if (excluded) {
                throw new IllegalArgumentException("'" + written + "': a global peer cannot be excluded");
            }
            return new GroupMember(Kind.GLOBAL_PEER, checkedName(rest.substring(1), written), written);
        }
        return new GroupMember(excluded ? Kind.EXCLUDED_USER : Kind.USER, checkedName(rest, written), written);
    }

    private static String checkedName(String name, String written) {
        if (name.isEmpty() || !DspamUser.isValid(name)) {
            throw new IllegalArgumentException("'" + written + "' is not a valid member");
        }
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The entry as written in the file. */
    public String written() {
        return written;
    }

    boolean isExclusion() {
        return kind == Kind.EXCLUDED_USER || kind == Kind.EXCLUDED_DOMAIN;
    }

    /** Whether this entry names (or, for an exclusion, excludes) the user. */
    boolean covers(String user) {
        String lower = user.toLowerCase(Locale.ROOT);
        switch (kind) {
            case EVERYONE:
            case GLOBAL_PEER:
                return true;
            case USER:
            case EXCLUDED_USER:
                return lower.equals(value);
            case DOMAIN:
            case EXCLUDED_DOMAIN:
                return lower.endsWith("@" + value);
            default:
                return false;
        }
    }

    /** The user this entry names, for USER and GLOBAL_PEER entries. */
    DspamUser user() {
        String name = written.startsWith("*") ? written.substring(1) : written;
        return DspamUser.of(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupMember && ((GroupMember) o).kind == kind && ((GroupMember) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, value);
    }

    @Override
    public String toString() {
        return written;
    }
}

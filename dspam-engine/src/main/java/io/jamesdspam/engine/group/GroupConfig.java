package io.jamesdspam.engine.group;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.jamesdspam.model.DspamUser;

/**
 * A DSPAM group file ({@code GroupConfig}, docs/ENGINE-SPEC.md §11.3): one {@code name:type:member,member,…}
 * per line, {@code #} and {@code ;} lines are comments. A line that cannot be read is kept as an
 * {@link LineError} (with its number) and left out, so one typo does not disable the other groups.
 */
public final class GroupConfig {
    public static final GroupConfig NONE = new GroupConfig(List.of(), List.of());

    private final List<Group> groups;
    private final List<LineError> errors;

    private GroupConfig(List<Group> groups, List<LineError> errors) {
        this.groups = List.copyOf(groups);
        this.errors = List.copyOf(errors);
    }

    /** A line of the file that was left out, and why. */
    public static final class LineError {
        private final int line;
        private final String text;
        private final String message;

        LineError(int line, String text, String message) {
            this.line = line;
            this.text = text;
            this.message = message;
        }

        public int line() {
            return line;
        }

        public String text() {
            return text;
        }

        public String message() {
            return message;
        }

        @Override
        public String toString() {
            return "line " + line + ": " + message + " (" + text + ")";
        }
    }

    public static GroupConfig read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
    }

    public static GroupConfig parse(List<String> lines) {
        List<Group> groups = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).trim();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith(";")) {
                continue;
            }
            try {
                groups.add(parseLine(text, i + 1));
            } catch (IllegalArgumentException e) {
                errors.add(new LineError(i + 1, text, e.getMessage()));
            }
        }
        return new GroupConfig(groups, errors);
    }

    /** {@code name:type:members}; the type may be {@code shared,managed}, so the members follow the last colon. */
    private static Group parseLine(String text, int line) {
        int first = text.indexOf(':');
        int last = text.lastIndexOf(':');
        if (first <= 0 || last == first) {
            throw new IllegalArgumentException("expected name:type:member,member,...");
        }
        String name = text.substring(0, first).trim();
        if (!DspamUser.isValid(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid group name");
        }
        String typeWord = text.substring(first + 1, last).trim();
        GroupType type = GroupType.parse(typeWord);
        List<GroupMember> members = new ArrayList<>();
        for (String entry : text.substring(last + 1).split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            GroupMember member = GroupMember.parse(entry);
            if (member.isExclusion() && type != GroupType.MERGED) {
                throw new IllegalArgumentException("'" + member.written() + "': exclusions are for merged groups only");
            }
            if (member.kind() == GroupMember.Kind.GLOBAL_PEER && type != GroupType.CLASSIFICATION) {
                throw new IllegalArgumentException("'" + member.written() + "': a global peer (*user) belongs to a"
                    + " classification group");
            }
            members.add(member);
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("group '" + name + "' has no members");
        }
        return new Group(name, type, typeWord.toLowerCase(Locale.ROOT).endsWith("managed"), members, line);
    }

    public List<Group> groups() {
        return groups;
    }

    public List<LineError> errors() {
        return errors;
    }

    /**
     * The groups that apply to a user, by DSPAM's precedence (§11.3): the first shared group the
     * user is in wins and drops the merged, inoculation and classification groups listed before
     * it; the first merged group wins; every inoculation and classification group counts.
     */
    public UserGroups groupsOf(DspamUser user) {
        String name = user.asString();
        Group shared = null;
        Group merged = null;
        List<Group> inoculation = new ArrayList<>();
        List<Group> classification = new ArrayList<>();
        for (Group group : groups) {
            if (!group.hasMember(name)) {
                continue;
            }
            switch (group.type()) {
                case SHARED:
                    if (shared == null) {
                        shared = group;
                        merged = null;
                        inoculation.clear();
                        classification.clear();
                    }
                    break;
                case MERGED:
                    if (merged == null) {
                        merged = group;
                    }
                    break;
                case INOCULATION:
                    inoculation.add(group);
                    break;
                default:
                    classification.add(group);
            }
        }
        return new UserGroups(user, shared, merged, inoculation, classification);
    }

    @Override
    public String toString() {
        return "GroupConfig" + groups + (errors.isEmpty() ? "" : " errors " + errors);
    }
}

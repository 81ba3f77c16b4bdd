package io.jamesdspam.api;

import java.util.List;
import java.util.Optional;

/**
 * A group file as read now: the path ({@code null} without {@code GroupConfig}), its groups and
 * the lines left out with why. Getters only, so that it serialises with Jackson as it is.
 */
public final class GroupFileListing {
    private final Optional<String> path;
    private final List<GroupLine> groups;
    private final List<LineError> errors;

    /** One group of the file. */
    public static final class GroupLine {
        private final String name;
        private final String type;
        private final List<String> members;
        private final int line;

        public GroupLine(String name, String type, List<String> members, int line) {
            this.name = name;
            this.type = type;
            this.members = List.copyOf(members);
            this.line = line;
        }

        public String getName() {
            return name;
        }

        /** {@code shared}, {@code shared,managed}, {@code merged}, {@code inoculation} or {@code classification}. */
        public String getType() {
            return type;
        }

        /** The member entries as written ({@code *}, {@code *@domain}, {@code -user}, {@code *global}…). */
        public List<String> getMembers() {
            return members;
        }

        /** The line of the file (1-based). */
        public int getLine() {
            return line;
        }
    }

    /** A line left out of the groups, and why. */
    public static final class LineError {
        private final int line;
        private final String text;
        private final String message;

        public LineError(int line, String text, String message) {
            this.line = line;
            this.text = text;
            this.message = message;
        }

        public int getLine() {
            return line;
        }

        public String getText() {
            return text;
        }

        public String getMessage() {
            return message;
        }
    }

    public GroupFileListing(Optional<String> path, List<GroupLine> groups, List<LineError> errors) {
        this.path = path;
        this.groups = List.copyOf(groups);
        this.errors = List.copyOf(errors);
    }

    /** The group file; null when no group file is configured. */
    public String getPath() {
        return path.orElse(null);
    }

    public boolean isConfigured() {
        return path.isPresent();
    }

    public List<GroupLine> getGroups() {
        return groups;
    }

    public List<LineError> getErrors() {
        return errors;
    }
}

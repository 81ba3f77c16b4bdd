package io.jamesdspam.mailet.mailbox;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.mailbox.Role;
import org.apache.james.mailbox.model.MailboxPath;

/**
 * Which mailboxes mean "spam" and which mean "thrown away" for training: James's SPAM and TRASH
 * roles first, then configured names (compared case-insensitively, on the whole name and on its
 * last hierarchy level, so that {@code INBOX.Junk} counts as Junk).
 *
 * <p>Configured only in {@code dspam.properties} ({@code spamMailboxes=Spam,Junk},
 * {@code trashMailboxes=Trash,Deleted}), so that the retrain listener and the periodic training
 * task agree.
 */
public final class SpecialMailboxes {
    public static final List<String> DEFAULT_SPAM_NAMES = List.of("Spam", "Junk");
    public static final List<String> DEFAULT_TRASH_NAMES = List.of("Trash", "Deleted", "Deleted Items", "Deleted Messages");
    public static final String SPAM_MAILBOXES_KEY = "spamMailboxes";
    public static final String TRASH_MAILBOXES_KEY = "trashMailboxes";

    /** What a mailbox means for training. */
    public enum Kind {
        SPAM, TRASH, OTHER
    }

    private final List<String> spamNames;
    private final List<String> trashNames;

    private SpecialMailboxes(List<String> spamNames, List<String> trashNames) {
        this.spamNames = lowerCase(spamNames);
        this.trashNames = lowerCase(trashNames);
    }

    public static SpecialMailboxes defaults() {
        return new SpecialMailboxes(DEFAULT_SPAM_NAMES, DEFAULT_TRASH_NAMES);
    }

    public static SpecialMailboxes of(List<String> spamNames, List<String> trashNames) {
        return new SpecialMailboxes(spamNames, trashNames);
    }

    /**
     * A comma-separated list of mailbox names.
     *
     * @throws IllegalArgumentException when it names none
     */
    public static List<String> parseNames(String commaSeparated) {
        List<String> names = Arrays.stream(commaSeparated.split(","))
            .map(String::trim)
            .filter(name -> !name.isEmpty())
            .collect(Collectors.toList());
        if (names.isEmpty()) {
            throw new IllegalArgumentException("at least one mailbox name is needed");
        }
        return names;
    }

    public Kind kindOf(MailboxPath path) {
        Optional<Role> role = Role.from(path.getName());
        if (role.equals(Optional.of(Role.SPAM)) || matches(path.getName(), spamNames)) {
            return Kind.SPAM;
        }
        if (role.equals(Optional.of(Role.TRASH)) || matches(path.getName(), trashNames)) {
            return Kind.TRASH;
        }
        return Kind.OTHER;
    }

    public List<String> spamNames() {
        return spamNames;
    }

    public List<String> trashNames() {
        return trashNames;
    }

    private static boolean matches(String mailboxName, List<String> names) {
        String lower = mailboxName.toLowerCase(Locale.ROOT);
        String lastLevel = lower.substring(Math.max(lower.lastIndexOf('.'), lower.lastIndexOf('/')) + 1);
        return names.contains(lower) || names.contains(lastLevel);
    }

    private static List<String> lowerCase(List<String> names) {
        return names.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableList());
    }
}

package io.jamesdspam.engine.group;

import java.util.Locale;

/** The group types of a DSPAM group file (docs/ENGINE-SPEC.md §11.3). */
public enum GroupType {
    /** One dictionary for all members, stored under the group's name ({@code shared}, {@code shared,managed}). */
    SHARED,
    /** Read the member's and the group's dictionary summed, write the member's. */
    MERGED,
    /** A member's spam report inoculates the other members. */
    INOCULATION,
    /** Uncertain innocent results are put to the other members (peers), or to a global user ({@code *user}). */
    CLASSIFICATION;

    /** The type word of a group line: {@code shared}, {@code shared,managed}, {@code merged}, {@code inoculation}, {@code classification}. */
    static GroupType parse(String word) {
        String lower = word.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("shared") || lower.equals("shared,managed")) {
            return SHARED;
        }
        for (GroupType type : values()) {
            if (type.name().toLowerCase(Locale.ROOT).equals(lower)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown group type '" + word
            + "' (expected shared, shared,managed, merged, inoculation or classification)");
    }
}

package io.jamesdspam.engine.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.jamesdspam.testing.SharedDirectory;

/** The files of {@code reference/groups}, read through {@code dspam.reference.directory} like the other conformance data. */
final class GroupReference {
    private GroupReference() {
    }

    static Path directory() {
        return SharedDirectory.dspamReference().resolve("groups");
    }

    /** The CSV's name relative to the reference directory, for {@code ReferenceSet.results}. */
    static String csv(String name) {
        return "groups/" + name + ".csv";
    }

    /**
     * The {@code dspam_stats -H user} block of a scenario in {@code stats.txt}: the section whose
     * title starts with {@code section}: the user line and the 11 figures after
     * {@code $ dspam_stats -H user} (the blank-ish line dspam_stats ends with was trimmed from the
     * last block of each section when the file was made, so it is left out everywhere).
     */
    static String stats(String section, String user) {
        List<String> lines;
        try {
            lines = Files.readAllLines(directory().resolve("stats.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean inSection = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## " + section);
            } else if (inSection && line.startsWith("$ dspam_stats -H " + user + " ")) {
                return String.join("\n", lines.subList(i + 1, i + 13)) + "\n";
            }
        }
        throw new IllegalArgumentException("No stats of " + user + " in section " + section);
    }
}

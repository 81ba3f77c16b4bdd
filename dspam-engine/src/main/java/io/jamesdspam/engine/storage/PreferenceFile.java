package io.jamesdspam.engine.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import io.jamesdspam.engine.preference.Preferences;

/**
 * A preference file in DSPAM's {@code .prefs} format ({@code name=value} lines, docs/ENGINE-SPEC.md
 * §11.1), replaced whole on every change: written beside, forced to disk, then renamed over the
 * old one, so a reader sees the old or the new set, never half of one (as {@code dspam_admin}
 * writes {@code <user>.prefs.bak} and renames it).
 */
final class PreferenceFile {
    private PreferenceFile() {
    }

    static Preferences read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Preferences.NONE;
        }
        try {
            return Preferences.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DspamStoreException("Cannot read the preferences " + file + ": " + e.getMessage(), e);
        }
    }

    static void write(Path file, Preferences preferences) {
        Path temporary = file.resolveSibling(file.getFileName() + ".bak");
        try {
            Files.createDirectories(file.getParent());
            Files.write(temporary, preferences.format().getBytes(StandardCharsets.UTF_8));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DspamStoreException("Cannot write the preferences " + file + " (unchanged): " + e.getMessage(), e);
        }
    }
}

package io.jamesdspam.it.mailet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Figures an IT measured, kept in {@code target/mailet-it-results/<name>.txt} for the build's reader. */
public final class ItReport {
    private ItReport() {
    }

    public static void write(String name, String text) {
        Path directory = Paths.get("target", "mailet-it-results");
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(name + ".txt"), text + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.jamesdspam.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the project's {@code shared/} reference directory (corpus, DSPAM reference data,
 * DLMTP transcripts), which lives beside the checkout. The build passes {@code dspam.root};
 * without it, the current directory and its parents are searched.
 */
public final class SharedDirectory {
    private SharedDirectory() {
    }

    public static Path locate() {
        String root = System.getProperty("dspam.root");
        if (root != null) {
            Path candidate = Paths.get(root).toAbsolutePath().resolveSibling("shared");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("dspam"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("Cannot find the shared/ directory beside the checkout (set -Ddspam.root=<checkout>)");
    }

    /** {@code shared/dspam/reference}: real DSPAM 3.10.2 outputs. */
    public static Path dspamReference() {
        String configured = System.getProperty("dspam.reference.directory");
        return configured != null ? Paths.get(configured) : locate().resolve("dspam/reference");
    }

    /** {@code shared/dspam/transcripts}: byte-exact DLMTP sessions. */
    public static Path transcripts() {
        String configured = System.getProperty("dspam.transcripts.directory");
        return configured != null ? Paths.get(configured) : locate().resolve("dspam/transcripts");
    }
}

package io.jamesdspam.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the project's reference data lives inside the checkout: the DSPAM 3.10.2 reference
 * outputs (packed in {@code docs/reference/dspam-reference.tar.gz}, unpacked once into
 * {@code target/dspam-reference/reference}) and the DLMTP transcripts ({@code docs/transcripts}).
 * The build passes each location as a system property (see the parent pom); without them, e.g.
 * in an IDE, the checkout root is {@code dspam.root} or the nearest folder above the current
 * one that holds {@code .mvn/}. Nothing is ever read from outside the checkout.
 */
public final class SharedDirectory {
    public static final String ROOT_PROPERTY = "dspam.root";
    public static final String REFERENCE_ARCHIVE_PROPERTY = "dspam.reference.archive";
    public static final String REFERENCE_DIRECTORY_PROPERTY = "dspam.reference.directory";
    public static final String TRANSCRIPTS_DIRECTORY_PROPERTY = "dspam.transcripts.directory";

    private SharedDirectory() {
    }

    /** The root of the checkout (the folder holding the parent pom and {@code .mvn/}). */
    public static Path checkoutRoot() {
        String configured = System.getProperty(ROOT_PROPERTY);
        if (configured != null) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".mvn")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the checkout root (a folder with .mvn/ and pom.xml) above "
            + Paths.get("").toAbsolutePath() + "; set -D" + ROOT_PROPERTY + "=<checkout>");
    }

    /** Real DSPAM 3.10.2 outputs ({@code docs/reference/README.md} explains each file), unpacked. */
    public static Path dspamReference() {
        Path archive = location(REFERENCE_ARCHIVE_PROPERTY, "docs/reference/dspam-reference.tar.gz");
        return PackedArchive.unpackOnce(archive, location(REFERENCE_DIRECTORY_PROPERTY, "target/dspam-reference/reference"));
    }

    /** Byte-exact DLMTP sessions with a real dspamd, cited by {@code docs/PROTOCOL.md}. */
    public static Path transcripts() {
        return location(TRANSCRIPTS_DIRECTORY_PROPERTY, "docs/transcripts");
    }

    private static Path location(String property, String pathInCheckout) {
        String configured = System.getProperty(property);
        return configured != null ? Paths.get(configured) : checkoutRoot().resolve(pathInCheckout);
    }
}

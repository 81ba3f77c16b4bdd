package io.jamesdspam.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A directory the repository keeps as a {@code .tar.gz} (the corpus, the DSPAM reference outputs)
 * so that the repository stays small, unpacked once per checkout under {@code target/}, never
 * into the source tree. The archive's top-level directory is named like the unpacked root.
 *
 * <p>A marker beside the root records which archive (path, size, time) it came from, so a
 * changed archive is unpacked again; concurrent JVMs serialise on a lock file. The unpacking is
 * staged in a temporary directory and moved into place, so a reader never sees half a tree.
 */
public final class PackedArchive {
    private static final String DOCUMENTATION_FILE = "README.md";

    private PackedArchive() {
    }

    /**
     * Unpacks the build's archives before any test runs (called by {@code test-support}'s pom):
     * {@code ARCHIVE ROOT} — the root is the directory the archive's top-level folder becomes.
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: PackedArchive ARCHIVE UNPACKED-ROOT");
            System.exit(2);
        }
        Path root = unpackOnce(Paths.get(args[0]), Paths.get(args[1]));
        System.out.println("[packed-archive] " + args[0] + " -> " + root);
    }

    /**
     * The unpacked root, unpacking the archive first when it is missing or stale. The
     * {@code README.md} files found beside the archive (in its folder and below) are copied into
     * the same places of the root: the repository keeps each folder's documentation once, under
     * {@code docs/}, and the unpacked tree has the layout its documentation describes.
     */
    public static Path unpackOnce(Path archive, Path root) {
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("Archive not found at " + archive.toAbsolutePath()
                + ": it is part of the repository (is the checkout complete?)");
        }
        Path unpackDirectory = root.toAbsolutePath().getParent();
        Path marker = unpackDirectory.resolve("." + root.getFileName() + ".unpacked");
        try {
            String origin = origin(archive);
            if (isCurrent(marker, origin)) {
                return root;
            }
            Files.createDirectories(unpackDirectory);
            try (FileChannel lockChannel = FileChannel.open(unpackDirectory.resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lockChannel.lock()) {
                if (isCurrent(marker, origin)) {
                    return root;
                }
                Files.deleteIfExists(marker);
                Path staging = Files.createTempDirectory(unpackDirectory, "unpacking-");
                untar(archive, staging);
                Path unpacked = staging.resolve(root.getFileName().toString());
                if (!Files.isDirectory(unpacked)) {
                    throw new IOException(archive + " has no top-level folder " + root.getFileName());
                }
                copyDocumentation(archive.toAbsolutePath().getParent(), unpacked);
                DirectoryTrees.delete(root);
                Files.move(unpacked, root, StandardCopyOption.ATOMIC_MOVE);
                DirectoryTrees.delete(staging);
                Files.writeString(marker, origin);
                return root;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + archive + " into " + root, e);
        }
    }

    private static String origin(Path archive) throws IOException {
        return archive.toAbsolutePath() + " " + Files.size(archive) + " " + Files.getLastModifiedTime(archive).toMillis();
    }

    private static boolean isCurrent(Path marker, String origin) throws IOException {
        return Files.isRegularFile(marker) && Files.readString(marker).equals(origin);
    }

    private static void untar(Path archive, Path target) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
             InputStream gzip = new GZIPInputStream(file)) {
            TarReader.extract(gzip, target);
        }
    }

    private static void copyDocumentation(Path archiveFolder, Path unpacked) throws IOException {
        List<Path> documentation;
        try (Stream<Path> walk = Files.walk(archiveFolder)) {
            documentation = walk.filter(p -> p.getFileName().toString().equals(DOCUMENTATION_FILE))
                .collect(Collectors.toList());
        }
        for (Path file : documentation) {
            Path destination = unpacked.resolve(archiveFolder.relativize(file).toString());
            Files.createDirectories(destination.getParent());
            Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

package io.jamesdspam.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The SpamAssassin public corpus of {@code shared/corpus} (4,829 messages) with its manifest and
 * the standard split: train on folds 0–6, test on folds 7–9, each sorted by sha256 (the order
 * matters for train-on-error modes and is the order of DSPAM's reference runs).
 *
 * <p>The archive is unpacked once per build into {@code target/corpus} of the checkout root
 * (never into the source tree); concurrent JVMs serialise on a lock file.
 */
public final class Corpus {
    public static final String ARCHIVE_PROPERTY = "dspam.corpus.archive";
    public static final String UNPACK_DIRECTORY_PROPERTY = "dspam.corpus.unpackDirectory";
    private static final String ROOT_NAME = "spamassassin-public";
    private static final String COMPLETE_MARKER = ".unpacked";

    private static volatile Corpus instance;

    private final Path root;
    private final List<CorpusMessage> messages;

    private Corpus(Path root, List<CorpusMessage> messages) {
        this.root = root;
        this.messages = List.copyOf(messages);
    }

    /** The corpus at the locations the build passes as system properties (see the parent pom). */
    public static Corpus load() {
        Corpus loaded = instance;
        if (loaded == null) {
            synchronized (Corpus.class) {
                loaded = instance;
                if (loaded == null) {
                    loaded = load(archiveLocation(), unpackLocation());
                    instance = loaded;
                }
            }
        }
        return loaded;
    }

    public static Corpus load(Path archive, Path unpackDirectory) {
        try {
            Path root = unpackOnce(archive, unpackDirectory);
            return new Corpus(root, readManifest(root));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the corpus from " + archive, e);
        }
    }

    static Path archiveLocation() {
        String configured = System.getProperty(ARCHIVE_PROPERTY);
        Path archive = configured != null
            ? Paths.get(configured)
            : SharedDirectory.locate().resolve("corpus/spamassassin-public.tar.gz");
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("Corpus archive not found at " + archive.toAbsolutePath()
                + " (set -D" + ARCHIVE_PROPERTY + "=...): the corpus lives in ../shared/corpus beside the checkout");
        }
        return archive;
    }

    static Path unpackLocation() {
        String configured = System.getProperty(UNPACK_DIRECTORY_PROPERTY);
        return configured != null ? Paths.get(configured) : Paths.get("target", "corpus");
    }

    private static Path unpackOnce(Path archive, Path unpackDirectory) throws IOException {
        Path root = unpackDirectory.resolve(ROOT_NAME);
        Path marker = unpackDirectory.resolve(COMPLETE_MARKER);
        if (Files.exists(marker)) {
            return root;
        }
        Files.createDirectories(unpackDirectory);
        try (FileChannel lockChannel = FileChannel.open(unpackDirectory.resolve(".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockChannel.lock()) {
            if (Files.exists(marker)) {
                return root;
            }
            Path staging = Files.createTempDirectory(unpackDirectory, "unpacking-");
            untar(archive, staging);
            deleteRecursively(root);
            Files.move(staging.resolve(ROOT_NAME), root, StandardCopyOption.ATOMIC_MOVE);
            deleteRecursively(staging);
            Files.writeString(marker, archive.toAbsolutePath().toString());
            return root;
        }
    }

    private static void untar(Path archive, Path target) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
             InputStream gzip = new GZIPInputStream(file)) {
            TarReader.extract(gzip, target);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }

    private static List<CorpusMessage> readManifest(Path root) throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("manifest.csv"), StandardCharsets.UTF_8);
        String header = lines.get(0);
        if (!header.equals("path,class,group,id,size,sha256,split,fold,source_md5,envelope_from")) {
            throw new IOException("Unexpected manifest header: " + header);
        }
        List<CorpusMessage> messages = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length < 10) {
                throw new IOException("Malformed manifest row: " + line);
            }
            messages.add(new CorpusMessage(f[0], CorpusMessage.Kind.parse(f[1]), f[2], f[3], Long.parseLong(f[4]), f[5],
                Integer.parseInt(f[7]), f[9], root.resolve(f[0])));
        }
        return messages;
    }

    public Path root() {
        return root;
    }

    /** Every message, in manifest order. */
    public List<CorpusMessage> all() {
        return messages;
    }

    /** Folds 0–6 sorted by sha256: the training sequence of the reference runs (3,411 messages). */
    public List<CorpusMessage> trainSet() {
        return folds(0, 6);
    }

    /** Folds 7–9 sorted by sha256: the test sequence (1,418 messages). */
    public List<CorpusMessage> testSet() {
        return folds(7, 9);
    }

    /** Messages whose fold is within [first, last], sorted by sha256. */
    public List<CorpusMessage> folds(int first, int last) {
        return messages.stream()
            .filter(m -> m.fold() >= first && m.fold() <= last)
            .sorted(Comparator.comparing(CorpusMessage::sha256))
            .collect(Collectors.toList());
    }

    public CorpusMessage byPath(String path) {
        return messages.stream().filter(m -> m.path().equals(path)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("No corpus message " + path));
    }
}

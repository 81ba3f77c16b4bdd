package io.jamesdspam.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SpamAssassin public corpus of the repository's {@code corpus/} (4,829 messages) with its
 * manifest and the standard split: train on folds 0–6, test on folds 7–9, each sorted by sha256
 * (the order matters for train-on-error modes and is the order of DSPAM's reference runs).
 *
 * <p>The archive is unpacked once per checkout into {@code target/corpus} of the checkout root
 * (never into the source tree), see {@link PackedArchive}.
 */
public final class Corpus {
    public static final String ARCHIVE_PROPERTY = "dspam.corpus.archive";
    public static final String UNPACK_DIRECTORY_PROPERTY = "dspam.corpus.unpackDirectory";
    private static final String ROOT_NAME = "spamassassin-public";

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
            Path root = PackedArchive.unpackOnce(archive, unpackDirectory.resolve(ROOT_NAME));
            return new Corpus(root, readManifest(root));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the corpus from " + archive, e);
        }
    }

    static Path archiveLocation() {
        String configured = System.getProperty(ARCHIVE_PROPERTY);
        return configured != null
            ? Paths.get(configured)
            : SharedDirectory.checkoutRoot().resolve("corpus/spamassassin-public.tar.gz");
    }

    static Path unpackLocation() {
        String configured = System.getProperty(UNPACK_DIRECTORY_PROPERTY);
        return configured != null ? Paths.get(configured) : SharedDirectory.checkoutRoot().resolve("target/corpus");
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

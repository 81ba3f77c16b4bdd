package io.jamesdspam.it.ship;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Where the checkout's shipped pieces are: the start script, the sample conf, the assembly. */
public final class ShipPaths {
    private ShipPaths() {
    }

    public static Path root() {
        String root = System.getProperty("dspam.root");
        if (root == null) {
            throw new IllegalStateException("system property dspam.root is not set (run through Maven)");
        }
        return Paths.get(root).toAbsolutePath().normalize();
    }

    static Path startScript() {
        return root().resolve("james-conf/start-james.sh");
    }

    public static Path sampleConf() {
        return root().resolve("james-conf/src/main/conf");
    }

    /** james-conf/target/james: lib/ (James 3.8.1), conf/, extensions-jars/, logback.xml. */
    public static Path assembly() {
        Path assembly = root().resolve("james-conf/target/james");
        if (!Files.isDirectory(assembly.resolve("lib"))) {
            throw new IllegalStateException("no James assembly in " + assembly + ": build james-conf first (mvn -pl integration-tests -am verify)");
        }
        return assembly;
    }

    /** dist/target/james-dspam-VERSION.tar.gz, the release archive. */
    static Path releaseArchive() {
        return single(root().resolve("dist/target"), "james-dspam-.*\\.tar\\.gz", "release archive");
    }

    static Path extensionJar() {
        return single(root().resolve("james-conf/target"), "james-dspam-extension-.*\\.jar", "drop-in jar");
    }

    private static Path single(Path directory, String namePattern, String what) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("no " + directory + ": build it first (mvn -pl integration-tests -am verify)");
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().matches(namePattern))
                .collect(Collectors.toList());
            if (found.size() != 1) {
                throw new IllegalStateException("expected one " + what + " in " + directory + ", found " + found);
            }
            return found.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

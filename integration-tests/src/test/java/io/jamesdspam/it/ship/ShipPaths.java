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
final class ShipPaths {
    private ShipPaths() {
    }

    static Path root() {
        String root = System.getProperty("dspam.root");
        if (root == null) {
            throw new IllegalStateException("system property dspam.root is not set (run through Maven)");
        }
        return Paths.get(root).toAbsolutePath().normalize();
    }

    static Path startScript() {
        return root().resolve("james-conf/start-james.sh");
    }

    static Path sampleConf() {
        return root().resolve("james-conf/src/main/conf");
    }

    /** james-conf/target/james: lib/ (James 3.8.1), conf/, extensions-jars/, logback.xml. */
    static Path assembly() {
        Path assembly = root().resolve("james-conf/target/james");
        if (!Files.isDirectory(assembly.resolve("lib"))) {
            throw new IllegalStateException("no James assembly in " + assembly + ": build james-conf first (mvn -pl integration-tests -am verify)");
        }
        return assembly;
    }

    static Path extensionJar() {
        Path target = root().resolve("james-conf/target");
        try (Stream<Path> files = Files.list(target)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("james-dspam-extension-.*\\.jar"))
                .collect(Collectors.toList());
            if (jars.size() != 1) {
                throw new IllegalStateException("expected one drop-in jar in " + target + ", found " + jars);
            }
            return jars.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

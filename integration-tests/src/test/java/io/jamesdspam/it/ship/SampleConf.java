package io.jamesdspam.it.ship;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;

/**
 * A copy of the shipped sample configuration (james-conf/src/main/conf) in a James working
 * directory, changed only the way its comments tell an operator to: ports, and optional
 * variants switched on by deleting their two marker lines.
 */
public final class SampleConf {
    /** Adapts the copied sample configuration in a James working directory. */
    @FunctionalInterface
    public interface Preparation {
        void prepare(Path workingDirectory) throws IOException;
    }

    private final Path conf;

    /**
     * A James 3.8.1 memory server, one per test class, booted from its working directory's
     * {@code conf/}, which {@code preparation} fills (normally {@link #copyInto} plus changes).
     */
    public static JamesServerExtension server(Preparation preparation) {
        return new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir -> {
            try {
                preparation.prepare(tmpDir.toPath());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return MemoryJamesConfiguration.builder()
                .workingDirectory(tmpDir)
                .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
                .build();
        })
            .server(MemoryJamesServerMain::createServer)
            .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
            .build();
    }

    private SampleConf(Path conf) {
        this.conf = conf;
    }

    /** Copies every sample file into {@code workingDirectory/conf}. */
    public static SampleConf copyInto(Path workingDirectory) throws IOException {
        return copyInto(workingDirectory, ShipPaths.sampleConf());
    }

    /** Copies every file of {@code samples} (e.g. a release archive's sample-conf/) into {@code workingDirectory/conf}. */
    static SampleConf copyInto(Path workingDirectory, Path samples) throws IOException {
        Path conf = Files.createDirectories(workingDirectory.resolve("conf"));
        try (Stream<Path> files = Files.list(samples)) {
            for (Path file : files.collect(Collectors.toList())) {
                Files.copy(file, conf.resolve(file.getFileName()));
            }
        }
        return new SampleConf(conf);
    }

    public Path directory() {
        return conf;
    }

    /** Binds SMTP, IMAP and WebAdmin to these loopback ports (0 = any free port, in-process only). */
    public SampleConf ports(int smtp, int imap, int webadmin) throws IOException {
        replace("smtpserver.xml", "<bind>127\\.0\\.0\\.1:\\d+</bind>", "<bind>127.0.0.1:" + smtp + "</bind>");
        replace("imapserver.xml", "<bind>127\\.0\\.0\\.1:\\d+</bind>", "<bind>127.0.0.1:" + imap + "</bind>");
        replace("webadmin.properties", "(?m)^port=\\d+$", "port=" + webadmin);
        return this;
    }

    /**
     * Switches on the variant NAME of a file the way its header comment says: deletes the
     * "[variant NAME]" and "[/variant NAME]" marker lines; in a .properties file, also removes the
     * '#' in front of the settings between them.
     */
    public SampleConf enableVariant(String file, String name) throws IOException {
        Path path = conf.resolve(file);
        String open = "[variant " + name + "]";
        String close = "[/variant " + name + "]";
        boolean properties = file.endsWith(".properties");
        List<String> result = new ArrayList<>();
        boolean inside = false;
        int blocks = 0;
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            if (line.contains(open)) {
                inside = true;
                blocks++;
            } else if (line.contains(close)) {
                inside = false;
            } else if (inside && properties && line.matches("#[A-Za-z][^ ]*=.*")) {
                result.add(line.substring(1));
            } else {
                result.add(line);
            }
        }
        if (blocks == 0 || inside) {
            throw new IllegalStateException(file + " has no well-formed variant '" + name + "'");
        }
        Files.write(path, result, StandardCharsets.UTF_8);
        return this;
    }

    /** Replaces a setting; fails when the sample no longer holds it, so a test never runs on an unchanged copy. */
    public SampleConf replace(String file, String regex, String replacement) throws IOException {
        Path path = conf.resolve(file);
        String text = Files.readString(path, StandardCharsets.UTF_8);
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException(file + " has no match for " + regex);
        }
        Files.writeString(path, matcher.replaceAll(Matcher.quoteReplacement(replacement)), StandardCharsets.UTF_8);
        return this;
    }
}

package io.jamesdspam.it.mailet;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.james.JamesServerBuilder;
import org.apache.james.JamesServerExtension;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;

/**
 * A full in-process James 3.8.1 memory server configured for one mailet IT scenario: the files of
 * {@code mailet-it/common} then {@code mailet-it/<scenario>} are copied into the server's own
 * {@code conf/} (each server its own configuration, as in production), {@code dspam.properties}
 * is written from the test's settings, and extra SMTP handlers can be put in the chain.
 */
public final class MailetItServer {
    static final String RESOURCE_ROOT = "mailet-it/";
    static final String EXTRA_HANDLERS_MARK = "<!--EXTRA_HANDLERS-->";

    private MailetItServer() {
    }

    public static JamesServerExtension extension(String scenario, Supplier<Map<String, String>> dspamProperties) {
        return extension(scenario, dspamProperties, () -> "");
    }

    public static JamesServerExtension extension(String scenario, Supplier<Map<String, String>> dspamProperties,
                                          Supplier<String> extraSmtpHandlers) {
        return extension(scenario, dspamProperties, extraSmtpHandlers, Map::of);
    }

    /** {@code extraConfFiles}: file name → content, written last (e.g. a service address known only at run time). */
    public static JamesServerExtension extension(String scenario, Supplier<Map<String, String>> dspamProperties,
                                          Supplier<String> extraSmtpHandlers, Supplier<Map<String, String>> extraConfFiles) {
        return new JamesServerBuilder<MemoryJamesConfiguration>(tmpDir -> {
            prepareConf(tmpDir, scenario, dspamProperties.get(), extraSmtpHandlers.get());
            writeFiles(tmpDir.toPath().resolve("conf"), extraConfFiles.get());
            return MemoryJamesConfiguration.builder()
                .workingDirectory(tmpDir)
                .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
                .build();
        })
            .server(MemoryJamesServerMain::createServer)
            .lifeCycle(JamesServerExtension.Lifecycle.PER_CLASS)
            .build();
    }

    private static void prepareConf(File workingDirectory, String scenario, Map<String, String> dspamProperties,
                                    String extraSmtpHandlers) {
        try {
            Path conf = workingDirectory.toPath().resolve("conf");
            Files.createDirectories(conf);
            copyFolder(RESOURCE_ROOT + "common", conf);
            copyFolder(RESOURCE_ROOT + scenario, conf);
            Path smtp = conf.resolve("smtpserver.xml");
            Files.writeString(smtp, Files.readString(smtp).replace(EXTRA_HANDLERS_MARK, extraSmtpHandlers));
            String properties = dspamProperties.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
            Files.writeString(conf.resolve("dspam.properties"), properties, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeFiles(Path conf, Map<String, String> files) {
        files.forEach((name, content) -> {
            try {
                Files.writeString(conf.resolve(name), content, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void copyFolder(String resourceFolder, Path target) throws IOException {
        URL url = MailetItServer.class.getClassLoader().getResource(resourceFolder);
        if (url == null) {
            throw new IllegalStateException("No test resource folder " + resourceFolder);
        }
        Path source;
        try {
            source = Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(source)) {
            files = listing.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        for (Path file : files) {
            Files.copy(file, target.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

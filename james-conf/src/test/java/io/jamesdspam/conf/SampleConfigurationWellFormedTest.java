package io.jamesdspam.conf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

/** Every sample file parses: a typo in a sample breaks an operator's first start. */
class SampleConfigurationWellFormedTest {
    private static final Path CONF = Paths.get("src/main/conf");

    @Test
    void everyXmlFileIsWellFormed() throws Exception {
        List<Path> xmlFiles = files(".xml");
        assertThat(xmlFiles).isNotEmpty();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        for (Path xml : xmlFiles) {
            factory.newDocumentBuilder().parse(xml.toFile());
        }
    }

    @Test
    void everyPropertiesFileLoadsExactlyTheKeysItWrites() throws Exception {
        List<Path> propertiesFiles = files(".properties");
        assertThat(propertiesFiles).isNotEmpty();
        for (Path file : propertiesFiles) {
            List<String> written = writtenKeys(Files.readAllLines(file));
            // Properties.load never fails: a key lost to a stray line continuation, or written
            // twice (the last one silently wins), only shows when the keys are compared
            assertThat(written).as(file + ": keys written").isNotEmpty().doesNotHaveDuplicates();
            assertThat(load(file).stringPropertyNames()).as(file + ": keys loaded").containsExactlyInAnyOrderElementsOf(written);
        }
    }

    @Test
    void thePluginsPropertiesHoldTheKeysJamesAndDspamRead() throws Exception {
        assertThat(load(CONF.resolve("extensions.properties")))
            .containsEntry("guice.extension.module", "io.jamesdspam.mailet.module.DspamModule")
            .containsEntry("guice.extension.task", "io.jamesdspam.mailet.module.DspamTaskExtensionModule");
        assertThat(load(CONF.resolve("webadmin.properties")))
            .containsEntry("extensions.routes", "io.jamesdspam.mailet.route.DspamRoutes");
        assertThat(load(CONF.resolve("healthcheck.properties")))
            .containsEntry("additional.healthchecks", "io.jamesdspam.mailet.healthcheck.DspamHealthCheck");
        assertThat(load(CONF.resolve("dspam.properties")))
            .containsEntry("backend", "embedded")
            .containsEntry("embedded.directory", "var/dspam");
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    /** The key of every line that starts an entry: not blank, no comment, not a continued value. */
    private static List<String> writtenKeys(List<String> lines) {
        List<String> keys = new ArrayList<>();
        boolean continued = false;
        for (String line : lines) {
            String trimmed = line.strip();
            boolean startsEntry = !continued && !trimmed.isEmpty() && !trimmed.startsWith("#") && !trimmed.startsWith("!");
            if (startsEntry) {
                keys.add(trimmed.split("[=:\\s]", 2)[0]);
            }
            continued = (startsEntry || continued) && endsWithContinuation(line);
        }
        return keys;
    }

    private static boolean endsWithContinuation(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    @Test
    void everyXmlVariantStaysWellFormedWhenSwitchedOn() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        int variants = 0;
        for (Path xml : files(".xml")) {
            List<String> lines = Files.readAllLines(xml);
            for (String name : variantNames(lines)) {
                String enabled = lines.stream()
                    .filter(line -> !line.contains("[variant " + name + "]") && !line.contains("[/variant " + name + "]"))
                    .collect(Collectors.joining("\n"));
                factory.newDocumentBuilder().parse(new InputSource(new StringReader(enabled)));
                variants++;
            }
        }
        assertThat(variants).isGreaterThanOrEqualTo(3);
    }

    @Test
    void variantMarkersComeInPairs() throws Exception {
        for (Path file : files("")) {
            List<String> lines = Files.readAllLines(file);
            for (String name : variantNames(lines)) {
                long opens = lines.stream().filter(line -> line.contains("[variant " + name + "]")).count();
                long closes = lines.stream().filter(line -> line.contains("[/variant " + name + "]")).count();
                assertThat(closes).as(file + " variant " + name).isEqualTo(opens);
            }
        }
    }

    private static List<String> variantNames(List<String> lines) {
        Pattern marker = Pattern.compile("\\[variant ([a-z-]+)]");
        return lines.stream()
            .map(marker::matcher)
            .filter(Matcher::find)
            .map(matcher -> matcher.group(1))
            .distinct()
            .collect(Collectors.toList());
    }

    private static List<Path> files(String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(CONF)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        }
    }
}

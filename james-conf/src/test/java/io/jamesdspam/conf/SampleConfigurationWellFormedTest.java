package io.jamesdspam.conf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;

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
    void everyPropertiesFileLoads() throws Exception {
        for (Path file : files(".properties")) {
            try (InputStream in = Files.newInputStream(file)) {
                new Properties().load(in);
            }
        }
    }

    private static List<Path> files(String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(CONF)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        }
    }
}

package io.jamesdspam.it.ship;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.james.util.Port;
import org.apache.james.utils.SMTPMessageSender;
import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in jar deployed the way an operator deploys it: a stock James 3.8.1 memory server
 * (james-server-memory-app and its dependencies, nothing else, in lib/), the jar copied into
 * {@code extensions-jars/}, the sample configuration in {@code conf/}, started with James's own
 * main class in a separate JVM. The plugin's classes can only come from the jar.
 */
class DropInExtensionIT {
    private static final String USER = "carol@example.org";
    private static final String PASSWORD = "secret";

    @Test
    void stockJamesLoadsTheExtensionFromExtensionsJars(@TempDir Path home) throws Exception {
        Path lib = ShipPaths.assembly().resolve("lib");
        assertThat(classesUnder(lib, "io/jamesdspam/")).as("plugin classes in James's own lib/").isEmpty();

        int smtpPort = FreePorts.next();
        int imapPort = FreePorts.next();
        int webAdminPort = FreePorts.next();
        StockJames.deployInto(home, smtpPort, imapPort, webAdminPort);

        try (ExternalProcess james = StockJames.start(home);
             SMTPMessageSender smtp = new SMTPMessageSender("example.com");
             TestIMAPClient imap = new TestIMAPClient()) {
            StockJames.createUser(webAdminPort, USER, PASSWORD);
            String health = given().port(webAdminPort).get("/healthcheck").then().extract().body().asString();
            assertThat(health).containsIgnoringCase("dspam");

            smtp.connect("127.0.0.1", Port.of(smtpPort)).sendMessageWithHeaders("mallory@example.com", USER,
                "From: mallory@example.com\r\n"
                    + "To: " + USER + "\r\n"
                    + "Subject: forged DSPAM headers\r\n"
                    + "X-DSPAM-Signature: 1,deadbeef0000000000000\r\n"
                    + "X-DSPAM-Result: Innocent, probability=0.0000, confidence=1.00\r\n"
                    + "\r\n"
                    + "Cheap watches, best prices, click here now.\r\n");

            imap.connect("127.0.0.1", imapPort).login(USER, PASSWORD).select(TestIMAPClient.INBOX)
                .awaitMessage(Awaitility.await().atMost(Duration.ofMinutes(2)));
            String headers = imap.readFirstMessageHeaders();
            assertThat(headers).containsPattern("X-DSPAM-Result: (Innocent|Spam), probability=");
            assertThat(headers).doesNotContain("deadbeef0000000000000");
            assertThat(headers.split("X-DSPAM-Signature:", -1)).hasSize(2);
        }
    }

    private static List<String> classesUnder(Path lib, String prefix) throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).collect(Collectors.toList());
        }
        assertThat(jars).hasSizeGreaterThan(250);
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    String name = entries.nextElement().getName();
                    if (name.startsWith(prefix)) {
                        found.add(jar.getFileName() + "!" + name);
                    }
                }
            }
        }
        return found;
    }
}

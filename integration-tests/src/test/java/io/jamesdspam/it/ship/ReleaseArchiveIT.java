package io.jamesdspam.it.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.james.util.Port;
import org.apache.james.utils.SMTPMessageSender;
import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive installed the way the README's "Install into an existing James 3.8.1"
 * says: unpacked with tar, its {@code extensions-jars/} copied into a stock James 3.8.1's (whose
 * {@code lib/} stays as James ships it), its {@code sample-conf/} as James's {@code conf/}. James
 * boots, classifies a mail delivered over SMTP, and the archive's {@code bin/james-dspam-admin}
 * reads the recipient's statistics from its WebAdmin.
 */
class ReleaseArchiveIT {
    private static final String USER = "dave@example.org";
    private static final String PASSWORD = "secret";

    @Test
    void theArchiveInstallsIntoStockJamesAndItsAdminCommandTalksToIt(@TempDir Path temp) throws Exception {
        Path release = unpack(ShipPaths.releaseArchive(), Files.createDirectories(temp.resolve("unpacked")));
        assertThat(release.resolve("LICENSE")).content().contains("Apache License");
        assertThat(release.resolve("NOTICE")).content().contains("SpamAssassin public corpus");
        assertThat(release.resolve("README.md")).isRegularFile();
        assertThat(release.resolve("dspam-tool.jar")).isRegularFile();
        assertThat(release.resolve("bin/james-dspam-admin")).isExecutable();
        assertThat(namesIn(release.resolve("extensions-jars"))).anyMatch(n -> n.matches("james-dspam-extension-.*\\.jar"))
            .noneMatch(n -> n.startsWith("picocli") || n.startsWith("jackson"))
            // the SQL storage's pool and drivers, unshaded beside the drop-in jar, and nothing they pull
            .anyMatch(n -> n.matches("HikariCP-.*\\.jar")).anyMatch(n -> n.matches("postgresql-.*\\.jar"))
            .anyMatch(n -> n.matches("mariadb-java-client-.*\\.jar")).hasSize(4);
        assertThat(namesIn(release.resolve("admin-jars"))).anyMatch(n -> n.startsWith("picocli-"))
            .anyMatch(n -> n.startsWith("jackson-databind-"));

        Path home = Files.createDirectories(temp.resolve("james"));
        Path extensions = Files.createDirectories(home.resolve("extensions-jars"));
        for (String jar : namesIn(release.resolve("extensions-jars"))) {
            Files.copy(release.resolve("extensions-jars").resolve(jar), extensions.resolve(jar));
        }
        int smtpPort = FreePorts.next();
        int imapPort = FreePorts.next();
        int webAdminPort = FreePorts.next();
        SampleConf.copyInto(home, release.resolve("sample-conf")).ports(smtpPort, imapPort, webAdminPort);

        try (ExternalProcess james = StockJames.start(home);
             SMTPMessageSender smtp = new SMTPMessageSender("example.com");
             TestIMAPClient imap = new TestIMAPClient()) {
            StockJames.createUser(webAdminPort, USER, PASSWORD);

            smtp.connect("127.0.0.1", Port.of(smtpPort)).sendMessageWithHeaders("someone@example.com", USER,
                "From: someone@example.com\r\n"
                    + "To: " + USER + "\r\n"
                    + "Subject: minutes of the meeting\r\n"
                    + "\r\n"
                    + "Here are the minutes of yesterday's meeting, as promised.\r\n");
            imap.connect("127.0.0.1", imapPort).login(USER, PASSWORD).select(TestIMAPClient.INBOX)
                .awaitMessage(Awaitility.await().atMost(Duration.ofMinutes(2)));
            assertThat(imap.readFirstMessageHeaders()).containsPattern("X-DSPAM-Result: (Innocent|Spam), probability=");

            List<String> statistics = List.of(release.resolve("bin/james-dspam-admin").toString(),
                "--url", "http://127.0.0.1:" + webAdminPort, "stats", USER);
            try (ExternalProcess admin = ExternalProcess.start(statistics, temp, temp.resolve("admin.log"))) {
                admin.awaitLine(USER, Duration.ofMinutes(1));
                assertThat(admin.awaitExit(Duration.ofMinutes(1))).as(admin.output()).isZero();
            }
        }
    }

    /** Unpacks with the system's tar, as an operator would (keeps the launcher's execute bit). */
    private static Path unpack(Path archive, Path into) throws IOException, InterruptedException {
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
            .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes());
        assertThat(tar.waitFor()).as("tar -xzf: " + output).isZero();
        List<String> top = namesIn(into);
        assertThat(top).as("one top-level folder").hasSize(1);
        assertThat(top.get(0)).matches("james-dspam-.*");
        return into.resolve(top.get(0));
    }

    private static List<String> namesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}

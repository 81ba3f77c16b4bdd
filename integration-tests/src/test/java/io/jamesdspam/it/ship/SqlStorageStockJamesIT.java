package io.jamesdspam.it.ship;

import static org.assertj.core.api.Assertions.assertThat;

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

import io.jamesdspam.testing.TestDatabase;

/**
 * The SQL storage as an operator installs it: a stock James 3.8.1 whose {@code extensions-jars/}
 * holds what the assembly puts there (the drop-in jar, HikariCP, pgjdbc, MariaDB Connector/J),
 * the sample configuration with {@code embedded.storage=postgresql}, on the machine's real
 * PostgreSQL (database {@code sqlj_stock_james}). The drivers are only in the extension class
 * loader: the mail is classified and DSPAM's and James's tables are written.
 */
class SqlStorageStockJamesIT {
    private static final String USER = "bob@example.org";
    private static final String PASSWORD = "secret";

    @Test
    void stockJamesClassifiesIntoPostgresqlWithTheJarsOfExtensionsJars(@TempDir Path home) throws Exception {
        try (TestDatabase database = TestDatabase.createNamed(TestDatabase.Kind.POSTGRESQL, "sqlj_", "stock_james")) {
            Path extensions = Files.createDirectories(home.resolve("extensions-jars"));
            List<Path> jars;
            try (Stream<Path> assembled = Files.list(ShipPaths.assembly().resolve("extensions-jars"))) {
                jars = assembled.filter(p -> p.toString().endsWith(".jar")).collect(Collectors.toList());
            }
            for (Path jar : jars) {
                Files.copy(jar, extensions.resolve(jar.getFileName()));
            }
            int smtpPort = FreePorts.next();
            int imapPort = FreePorts.next();
            int webAdminPort = FreePorts.next();
            SampleConf.copyInto(home).ports(smtpPort, imapPort, webAdminPort)
                .replace("dspam.properties", "#embedded.storage=postgresql", "embedded.storage=postgresql")
                .replace("dspam.properties", "#embedded.sql.url=\\S+", "embedded.sql.url=" + database.url())
                .replace("dspam.properties", "#embedded.sql.user=\\S+", "embedded.sql.user=" + database.user())
                .replace("dspam.properties", "#embedded.sql.poolSize=\\S+", "embedded.sql.poolSize=4");

            try (ExternalProcess james = StockJames.start(home);
                 SMTPMessageSender smtp = new SMTPMessageSender("example.com");
                 TestIMAPClient imap = new TestIMAPClient()) {
                StockJames.createUser(webAdminPort, USER, PASSWORD);
                smtp.connect("127.0.0.1", Port.of(smtpPort)).sendMessageWithHeaders("someone@example.com", USER,
                        "From: someone@example.com\r\nSubject: lunch\r\n\r\nShall we meet for lunch on Thursday?\r\n");
                imap.connect("127.0.0.1", imapPort).login(USER, PASSWORD).select(TestIMAPClient.INBOX)
                    .awaitMessage(Awaitility.await().atMost(Duration.ofMinutes(2)));

                assertThat(imap.readFirstMessageHeaders()).containsPattern("X-DSPAM-Result: (Innocent|Spam), probability=");
                assertThat(database.queryLong("SELECT COUNT(*) FROM dspam_stats")).isEqualTo(1);
                assertThat(database.queryLong("SELECT COUNT(*) FROM dspam_virtual_uids WHERE username = '" + USER + "'"))
                    .isEqualTo(1);
                assertThat(database.queryLong("SELECT COUNT(*) FROM dspam_signature_data")).isEqualTo(1);
                assertThat(database.queryLong("SELECT COUNT(*) FROM james_dspam_trained")).isZero();
                assertThat(home.resolve("var/dspam")).doesNotExist();
            }
        }
    }
}

package io.jamesdspam.it.ship;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.core.Username;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.modules.MailboxProbeImpl;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.SMTPMessageSender;
import org.apache.james.utils.TestIMAPClient;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * James 3.8.1 booted on the shipped sample configuration, exactly as shipped except for the
 * ports (any free one). One test per sample file shows that James read it and did what its
 * comments promise.
 */
class SampleConfigurationIT {
    private static final String DOMAIN = "example.org";
    private static final String ALICE = "alice@example.org";
    private static final String BOB = "bob@example.org";
    private static final String PASSWORD = "secret";
    private static Path workingDirectory;

    @RegisterExtension
    static JamesServerExtension james = SampleConf.server(directory -> {
        workingDirectory = directory;
        SampleConf.copyInto(workingDirectory).ports(0, 0, 0);
    });

    @RegisterExtension
    SMTPMessageSender smtp = new SMTPMessageSender("example.com");
    @RegisterExtension
    TestIMAPClient imap = new TestIMAPClient();

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        server.getProbe(DataProbeImpl.class).fluent().addDomain(DOMAIN).addUser(ALICE, PASSWORD).addUser(BOB, PASSWORD);
        server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.forUser(Username.of(ALICE), "Spam"));
        server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.forUser(Username.of(BOB), "Spam"));
    }

    @Test
    void smtpserverXmlGreetsOnLoopback(GuiceJamesServer server) throws IOException {
        int port = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            String banner = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(banner).startsWith("220").contains("James SMTP server with DSPAM");
        }
    }

    @Test
    void imapserverXmlAndUsersrepositoryXmlLetAVirtualHostUserLogInWithoutTls(GuiceJamesServer server) throws IOException {
        imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(ALICE, PASSWORD);

        assertThat(imap.list()).anyMatch(line -> line.contains("Spam"));
    }

    @Test
    void domainlistXmlKeepsItsDefaultDomain(GuiceJamesServer server) throws Exception {
        assertThat(server.getProbe(DataProbeImpl.class).getDefaultDomain()).isEqualTo("localhost");
    }

    @Test
    void mailetcontainerXmlClassifiesAndStripsForgedHeaders(GuiceJamesServer server) throws Exception {
        CorpusMessage ham = Corpus.load().byPath("ham/easy-ham-1/00005.eml");
        String forged = "X-DSPAM-Signature: 1,deadbeef0000000000000\r\n" + new String(ham.crlfBytes(), StandardCharsets.UTF_8);

        smtp.connect("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort())
            .sendMessageWithHeaders("sender@example.com", ALICE, forged);

        imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(ALICE, PASSWORD)
            .select(TestIMAPClient.INBOX).awaitMessage(Awaitility.await().atMost(Duration.ofMinutes(1)));
        String headers = imap.readFirstMessageHeaders();
        assertThat(headers)
            .containsPattern("X-DSPAM-Result: (Innocent|Spam), probability=[01]\\.\\d{4}, confidence=[01]\\.\\d{2}")
            .containsPattern("X-DSPAM-Signature: \\S+")
            .doesNotContain("deadbeef0000000000000");
    }

    @Test
    void dspamPropertiesKeepsTheEmbeddedStoreUnderTheWorkingDirectory(GuiceJamesServer server) throws Exception {
        smtp.connect("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort())
            .sendMessageWithHeaders("sender@example.com", ALICE,
                "Subject: store\r\nFrom: sender@example.com\r\n\r\nA message the embedded engine learns from.\r\n");

        Path store = workingDirectory.resolve("var/dspam");
        Awaitility.await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(store).isDirectory();
            try (Stream<Path> files = Files.walk(store)) {
                assertThat(files.filter(Files::isRegularFile)).isNotEmpty();
            }
        });
    }

    @Test
    void healthcheckPropertiesAddsTheDspamCheck(GuiceJamesServer server) {
        int port = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();

        String health = given().port(port).get("/healthcheck").then().statusCode(200).extract().body().asString();

        assertThat(health).containsIgnoringCase("dspam");
    }

    @Test
    void webadminPropertiesServesOnLoopback(GuiceJamesServer server) {
        int port = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();

        given().baseUri("http://127.0.0.1").port(port).get("/domains").then().statusCode(200);
    }

    @Test
    void listenersXmlRetrainsWhenTheUserMovesAMessageToSpam(GuiceJamesServer server) throws Exception {
        int webAdmin = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
        smtp.connect("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort())
            .sendMessageWithHeaders("sender@example.com", BOB,
                "Subject: cheap pills\r\nFrom: sender@example.com\r\n\r\nBuy cheap pills now, limited offer.\r\n");
        imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(BOB, PASSWORD)
            .select(TestIMAPClient.INBOX).awaitMessage(Awaitility.await().atMost(Duration.ofMinutes(1)));
        assertThat(statistics(webAdmin, BOB)).contains("\"spamLearned\":0");

        imap.moveFirstMessage("Spam");

        Awaitility.await().atMost(Duration.ofMinutes(1))
            .untilAsserted(() -> assertThat(statistics(webAdmin, BOB)).contains("\"spamLearned\":1"));
    }

    @Test
    void extensionsPropertiesAndWebadminPropertiesServeDspamTasks(GuiceJamesServer server) {
        int webAdmin = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();

        String taskId = given().port(webAdmin).post("/dspam/purge")
            .then().statusCode(201).extract().jsonPath().getString("taskId");

        given().port(webAdmin).get("/tasks/" + taskId + "/await")
            .then().statusCode(200)
            .body("status", org.hamcrest.Matchers.equalTo("completed"))
            .body("type", org.hamcrest.Matchers.equalTo("dspam-purge"));
    }

    private static String statistics(int webAdmin, String user) {
        return given().port(webAdmin).get("/dspam/users/" + user + "/statistics")
            .then().statusCode(200).extract().body().asString();
    }

    @Test
    void jmxPropertiesKeepsJmxOff() {
        assertThat(FreePorts.isListening(9999)).isFalse();
    }
}

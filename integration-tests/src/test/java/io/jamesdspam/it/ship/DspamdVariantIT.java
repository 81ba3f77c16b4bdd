package io.jamesdspam.it.ship;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.SMTPMessageSender;
import org.apache.james.utils.TestIMAPClient;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.server.DlmtpServer;
import io.jamesdspam.engine.server.DlmtpServerSettings;
import io.jamesdspam.engine.storage.InMemoryDspamStore;

/**
 * The "dspamd" variant of dspam.properties against a DLMTP server configured by the shipped
 * dspam.conf (only its port changed): the project's DLMTP server stands in for dspamd, reading
 * ServerPass, ServerMode, TrainingMode, Tokenizer... from the sample, and James reaches it with
 * the sample's ident and password.
 */
class DspamdVariantIT {
    private static final String ALICE = "alice@example.org";
    private static final String PASSWORD = "secret";
    private static DlmtpServer dspamd;

    @RegisterExtension
    static JamesServerExtension james = SampleConf.server(directory -> {
        SampleConf conf = SampleConf.copyInto(directory).ports(0, 0, 0);
        int dspamdPort = FreePorts.next();
        conf.replace("dspam.conf", "(?m)^ServerPort 24$", "ServerPort " + dspamdPort);
        dspamd = startDspamd(conf.directory().resolve("dspam.conf"));
        conf.enableVariant("dspam.properties", "dspamd")
            .replace("dspam.properties", "(?m)^backend=embedded$", "backend=dspamd")
            .replace("dspam.properties", "(?m)^dspamd.endpoints=127.0.0.1:24$", "dspamd.endpoints=127.0.0.1:" + dspamdPort);
    });

    @RegisterExtension
    SMTPMessageSender smtp = new SMTPMessageSender("example.com");
    @RegisterExtension
    TestIMAPClient imap = new TestIMAPClient();

    private static DlmtpServer startDspamd(Path dspamConf) throws IOException {
        DspamConf conf = DspamConf.read(dspamConf);
        return DlmtpServer.start(DlmtpServerSettings.from(conf),
            EmbeddedDspam.create(EngineSettings.from(conf), new InMemoryDspamStore()));
    }

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        server.getProbe(DataProbeImpl.class).fluent().addDomain("example.org").addUser(ALICE, PASSWORD);
    }

    @AfterAll
    static void stopDspamd() {
        dspamd.close();
    }

    @Test
    void mailIsClassifiedByTheDspamdTheSampleDspamConfDescribes(GuiceJamesServer server) throws Exception {
        smtp.connect("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort())
            .sendMessageWithHeaders("sender@example.com", ALICE,
                "From: sender@example.com\r\nTo: " + ALICE + "\r\nSubject: via dspamd\r\n\r\nHello through DLMTP.\r\n");

        imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(ALICE, PASSWORD)
            .select(TestIMAPClient.INBOX).awaitMessage(Awaitility.await().atMost(Duration.ofMinutes(1)));
        assertThat(imap.readFirstMessageHeaders())
            .containsPattern("X-DSPAM-Result: (Innocent|Spam), probability=[01]\\.\\d{4}, confidence=[01]\\.\\d{2}")
            .containsPattern("X-DSPAM-Signature: \\S+");
        assertThat(dspamd.isRunning()).isTrue();

        int webAdmin = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
        assertThat(given().port(webAdmin).get("/healthcheck").then().extract().body().asString())
            .contains("\"componentName\":\"DSPAM\"");
    }
}

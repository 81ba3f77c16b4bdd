package io.jamesdspam.it.ship;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.testing.TestServices;

/**
 * The sample configuration with its optional variants switched on the way its comments say
 * (marker lines deleted): "spamassassin" and "reject" in mailetcontainer.xml, "smtp-reject" in
 * smtpserver.xml, against the real spamd. SpamAssassin's verdict trains DSPAM (autolearn).
 */
class SampleVariantsIT {
    private static final String ALICE = "alice@example.org";
    private static final String PASSWORD = "secret";
    /** SpamAssassin's standard test string: score 1000, far above autolearn.learnSpam. */
    private static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    @RegisterExtension
    static JamesServerExtension james = SampleConf.server(directory -> {
        TestServices.Endpoint spamd = TestServices.requireReachable(TestServices.spamd());
        SampleConf.copyInto(directory)
            .ports(0, 0, 0)
            .enableVariant("mailetcontainer.xml", "spamassassin")
            .enableVariant("mailetcontainer.xml", "reject")
            .enableVariant("smtpserver.xml", "smtp-reject")
            .replace("extensions.properties", "(?m)^guice.extension.module=io.jamesdspam.mailet.module.DspamModule$",
                "guice.extension.module=io.jamesdspam.mailet.module.DspamModule,org.apache.james.spamassassin.SpamAssassinModule")
            .replace("spamassassin.properties", "(?m)^spamassassin.host=.*$", "spamassassin.host=" + spamd.host())
            .replace("spamassassin.properties", "(?m)^spamassassin.port=.*$", "spamassassin.port=" + spamd.port());
    });

    @RegisterExtension
    SMTPMessageSender smtp = new SMTPMessageSender("example.com");
    @RegisterExtension
    TestIMAPClient imap = new TestIMAPClient();

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        server.getProbe(DataProbeImpl.class).fluent().addDomain("example.org").addUser(ALICE, PASSWORD);
    }

    @Test
    void spamAssassinVariantTrainsDspamWhenSpamAssassinIsSure(GuiceJamesServer server) throws Exception {
        smtp.connect("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort())
            .sendMessageWithHeaders("spammer@example.com", ALICE,
                "From: spammer@example.com\r\nTo: " + ALICE + "\r\nSubject: test\r\n\r\n" + GTUBE + "\r\n");

        imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(ALICE, PASSWORD)
            .select(TestIMAPClient.INBOX).awaitMessage(Awaitility.await().atMost(Duration.ofMinutes(1)));
        assertThat(imap.readFirstMessageHeaders()).containsPattern("X-DSPAM-Result: (Innocent|Spam), probability=");

        int webAdmin = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
        Awaitility.await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
            assertThat(given().port(webAdmin).get("/dspam/users/" + ALICE + "/statistics")
                .then().statusCode(200).extract().body().asString())
                .contains("\"spamLearned\":1"));
    }
}

package io.jamesdspam.it.retrain;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.restassured.specification.RequestSpecification;
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
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.model.DspamTotals;

/**
 * An inoculation group in James (ENGINE-SPEC §11.3): {@code team:inoculation:alice,bob}. Alice's
 * correction of a delivered spam (IMAP MOVE into Spam, retrained by signature) and her report of a
 * whole message ({@code POST /dspam/users/alice/messages?class=spam&source=inoculation}) each
 * inoculate bob, visible in his statistics as Spam Corpusfed; carol, in no group, is untouched.
 */
class InoculationIT {
    private static final String DOMAIN = "example.org";
    private static final String PASSWORD = "secret";
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String BOB = "bob@" + DOMAIN;
    private static final String CAROL = "carol@" + DOMAIN;
    private static final ConditionFactory AWAIT = Awaitility.await().atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100));
    private static final SwitchableBackend BACKEND = new SwitchableBackend(
        EngineSettings.defaults().withGroupConfig(groupFile("team:inoculation:" + ALICE + "," + BOB)));

    @RegisterExtension
    static JamesServerExtension james = RetrainItServer.extension(BACKEND);

    private final TestIMAPClient imap = new TestIMAPClient();

    @AfterEach
    void tearDown() throws IOException {
        imap.close();
    }

    private static Path groupFile(String line) {
        try {
            Path file = Files.createTempFile("inoculation-it", ".groups");
            file.toFile().deleteOnExit();
            return Files.writeString(file, line + "\n", StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aMembersSpamReportsInoculateTheOtherMemberOnly(GuiceJamesServer server) throws Exception {
        provision(server, ALICE, BOB, CAROL);
        send(server, "Cheap watches", "Replica watches at unbeatable prices, order today and save ninety percent");
        for (String user : List.of(ALICE, BOB, CAROL)) {
            // A fresh dictionary calls it innocent and learns it so (TEFT)
            awaitTotals(server, user, new DspamTotals(0, 1, 0, 0, 0, 0, 0, 0));
        }

        imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(ALICE, PASSWORD)
            .select("INBOX").awaitMessage(AWAIT);
        assertThat(imap.readFirstMessageHeaders()).contains("X-DSPAM-Signature: ");
        imap.moveFirstMessage("Spam");

        // alice: the error retrained by signature (§6.5); bob: inoculated by signature, SL and SCF + 1
        awaitTotals(server, ALICE, new DspamTotals(1, 0, 1, 0, 0, 0, 0, 0));
        awaitTotals(server, BOB, new DspamTotals(1, 1, 0, 0, 1, 0, 0, 0));
        webAdmin(server).get("/dspam/users/" + BOB + "/statistics").then()
            .statusCode(200)
            .body("spamCorpusfed", is(1))
            .body("falseNegatives", is(0));

        // A report with the whole message (no signature) inoculates bob too (§6.4)
        webAdmin(server).queryParam("class", "spam").queryParam("source", "inoculation")
            .body(("From: promo@elsewhere.net\r\nSubject: Casino bonus\r\n\r\n"
                + "Claim your casino bonus now, free spins and jackpot guaranteed\r\n").getBytes(StandardCharsets.UTF_8))
            .post("/dspam/users/" + ALICE + "/messages").then().statusCode(200).body("trained", is(true));
        awaitTotals(server, ALICE, new DspamTotals(2, 0, 1, 0, 1, 0, 0, 0));
        awaitTotals(server, BOB, new DspamTotals(2, 1, 0, 0, 2, 0, 0, 0));
        webAdmin(server).get("/dspam/users/" + BOB + "/statistics").then()
            .statusCode(200)
            .body("spamCorpusfed", is(2));

        assertThat(totals(server, CAROL)).as("carol is in no group").isEqualTo(new DspamTotals(0, 1, 0, 0, 0, 0, 0, 0));
    }

    private static void provision(GuiceJamesServer server, String... users) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        if (!data.containsDomain(DOMAIN)) {
            data.addDomain(DOMAIN);
        }
        for (String user : users) {
            data.addUser(user, PASSWORD);
            for (String name : List.of("INBOX", "Spam")) {
                server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.forUser(Username.of(user), name));
            }
        }
    }

    private static void send(GuiceJamesServer server, String subject, String body) throws IOException {
        String message = "From: offers@elsewhere.net\r\nSubject: " + subject + "\r\n\r\n" + body + "\r\n";
        try (SMTPMessageSender smtp = new SMTPMessageSender(DOMAIN)
            .connect("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort())) {
            smtp.sendMessageWithHeaders("offers@elsewhere.net", List.of(ALICE, BOB, CAROL), message);
        }
    }

    private static DspamTotals totals(GuiceJamesServer server, String user) {
        return server.getProbe(RetrainProbe.class).totals(user);
    }

    private static void awaitTotals(GuiceJamesServer server, String user, DspamTotals expected) {
        AWAIT.untilAsserted(() -> assertThat(totals(server, user)).as(user).isEqualTo(expected));
    }

    private static RequestSpecification webAdmin(GuiceJamesServer server) {
        return given().port(server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue()).basePath("/");
    }
}

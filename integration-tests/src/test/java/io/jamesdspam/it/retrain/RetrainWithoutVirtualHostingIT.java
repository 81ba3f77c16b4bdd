package io.jamesdspam.it.retrain;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.model.DspamTotals;

/**
 * James with virtual hosting off ({@code enableVirtualHosting=false}, as with LDAP): the user
 * {@code carol} owns the mailbox of {@code carol@} every local domain. Her mail must be classified
 * and her corrections learned in one dictionary, {@code carol@<default domain>}: before, mail was
 * classified as {@code carol@example.org} and her moves trained a dictionary {@code carol} that
 * classified nothing.
 */
class RetrainWithoutVirtualHostingIT {
    private static final String DEFAULT_DOMAIN = "example.org";
    private static final String OTHER_DOMAIN = "other.example";
    private static final String PASSWORD = "secret";
    private static final ConditionFactory AWAIT = Awaitility.await().atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100));

    @RegisterExtension
    static JamesServerExtension james = RetrainItServer.withoutVirtualHosting(new SwitchableBackend());

    private final TestIMAPClient imap = new TestIMAPClient();

    @BeforeAll
    static void domains(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        for (String domain : List.of(DEFAULT_DOMAIN, OTHER_DOMAIN)) {
            if (!data.containsDomain(domain)) {
                data.addDomain(domain);
            }
        }
    }

    @AfterEach
    void tearDown() throws IOException {
        imap.close();
    }

    private static void provision(GuiceJamesServer server, String user) throws Exception {
        server.getProbe(DataProbeImpl.class).addUser(user, PASSWORD);
        for (String name : List.of("INBOX", "Spam")) {
            server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.forUser(Username.of(user), name));
        }
    }

    private static void send(GuiceJamesServer server, String to, String subject, String body) throws IOException {
        String message = "From: someone@elsewhere.net\r\nSubject: " + subject + "\r\n\r\n" + body + "\r\n";
        try (SMTPMessageSender smtp = new SMTPMessageSender(DEFAULT_DOMAIN)
            .connect("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort())) {
            smtp.sendMessageWithHeaders("someone@elsewhere.net", List.of(to), message);
        }
    }

    private static DspamTotals totals(GuiceJamesServer server, String dspamUser) {
        return server.getProbe(RetrainProbe.class).totals(dspamUser);
    }

    private static DspamTotals awaitTotals(GuiceJamesServer server, String dspamUser, Predicate<DspamTotals> condition) {
        AWAIT.until(() -> condition.test(totals(server, dspamUser)));
        return totals(server, dspamUser);
    }

    @Test
    void mailToEveryLocalDomainAndTheOwnersCorrectionsShareOneDictionary(GuiceJamesServer server) throws Exception {
        provision(server, "carol");
        String dictionary = "carol@" + DEFAULT_DOMAIN;
        send(server, "carol@" + OTHER_DOMAIN, "Meeting", "Shall we meet tomorrow at ten to review the budget figures?");
        imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login("carol", PASSWORD)
            .select("INBOX").awaitMessage(AWAIT);
        assertThat(imap.readFirstMessageHeaders()).contains("X-DSPAM-Result: Innocent");
        awaitTotals(server, dictionary, t -> t.innocentLearned() == 1);

        imap.moveFirstMessage("Spam");

        DspamTotals totals = awaitTotals(server, dictionary, t -> t.spamMisclassified() == 1);
        assertThat(totals.spamLearned()).isEqualTo(1);
        assertThat(totals.innocentLearned()).isZero();
        assertThat(totals(server, "carol").spamLearned() + totals(server, "carol").innocentLearned())
            .as("no dictionary named by the bare user").isZero();
        assertThat(totals(server, "carol@" + OTHER_DOMAIN).innocentLearned())
            .as("none for the address the mail was sent to either").isZero();
    }

    @Test
    void webAdminNamesTheUserAsJamesDoes(GuiceJamesServer server) throws Exception {
        provision(server, "dave");
        send(server, "dave@" + DEFAULT_DOMAIN, "Lunch", "Lunch on Thursday at noon at the usual place?");
        awaitTotals(server, "dave@" + DEFAULT_DOMAIN, t -> t.innocentLearned() == 1);

        given().port(server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue())
            .get("/dspam/users/dave/statistics").then()
            .statusCode(200)
            .body("dspamUser", is("dave@" + DEFAULT_DOMAIN))
            .body("messagesClassified", is(1));
    }
}

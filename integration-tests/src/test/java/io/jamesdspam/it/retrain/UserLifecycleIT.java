package io.jamesdspam.it.retrain;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
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

import io.jamesdspam.model.DspamTotals;

/**
 * James's user rename ({@code POST /users/OLD/rename/NEW?action=rename}), then DSPAM's
 * ({@code POST /dspam/users/OLD/rename/NEW}): the renamed user's dictionary follows, and a message
 * tagged before the rename, moved by James into the new user's mailbox, is corrected by its
 * signature afterwards. James's deletion of a user ({@code DELETE /users/USER}), then DSPAM's
 * ({@code DELETE /dspam/users/USER}): the dictionary goes, and a user given the name later
 * starts with a new one.
 */
class UserLifecycleIT {
    private static final String DOMAIN = "example.org";
    private static final String PASSWORD = "secret";
    private static final ConditionFactory AWAIT = Awaitility.await().atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100));

    @RegisterExtension
    static JamesServerExtension james = RetrainItServer.extension(new SwitchableBackend());

    private final TestIMAPClient imap = new TestIMAPClient();

    @AfterEach
    void tearDown() throws IOException {
        imap.close();
    }

    private static DspamTotals totals(GuiceJamesServer server, String user) {
        return server.getProbe(RetrainProbe.class).totals(user);
    }

    private static RequestSpecification webAdmin(GuiceJamesServer server) {
        return given().port(server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue()).basePath("/");
    }

    private static DataProbeImpl dataWithDomain(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        if (!data.containsDomain(DOMAIN)) {
            data.addDomain(DOMAIN);
        }
        return data;
    }

    private static void deliver(GuiceJamesServer server, String recipient) throws Exception {
        try (SMTPMessageSender smtp = new SMTPMessageSender(DOMAIN)
            .connect("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort())) {
            smtp.sendMessageWithHeaders("someone@elsewhere.net", List.of(recipient),
                "From: someone@elsewhere.net\r\nSubject: Meeting\r\n\r\nShall we meet tomorrow at ten to review the budget?\r\n");
        }
    }

    @Test
    void aDeletedUsersDictionaryGoesAndTheNameStartsAfresh(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = dataWithDomain(server);
        String user = "frank@" + DOMAIN;
        data.addUser(user, PASSWORD);
        server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.forUser(Username.of(user), "INBOX"));
        deliver(server, user);
        AWAIT.until(() -> totals(server, user).innocentLearned() == 1);

        webAdmin(server).delete("/dspam/users/" + user).then()
            .statusCode(409);
        webAdmin(server).delete("/users/" + user).then().statusCode(204);
        webAdmin(server).delete("/dspam/users/" + user).then()
            .statusCode(200)
            .body("user", is(user));

        assertThat(totals(server, user)).isEqualTo(DspamTotals.EMPTY);
        // James kept the mailboxes of the deleted user: the name's next mail finds its INBOX
        data.addUser(user, PASSWORD);
        deliver(server, user);
        AWAIT.until(() -> totals(server, user).innocentLearned() == 1);
    }

    @Test
    void theDictionaryFollowsTheRenamedUserAndItsSignaturesStillRetrain(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = dataWithDomain(server);
        String old = "erin@" + DOMAIN;
        String renamed = "erin.new@" + DOMAIN;
        data.addUser(old, PASSWORD);
        data.addUser(renamed, PASSWORD);
        for (String name : List.of("INBOX", "Spam")) {
            server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.forUser(Username.of(old), name));
        }
        deliver(server, old);
        AWAIT.until(() -> totals(server, old).innocentLearned() == 1);
        DspamTotals learned = totals(server, old);

        String taskId = webAdmin(server).queryParam("action", "rename").post("/users/" + old + "/rename/" + renamed)
            .then().statusCode(201).extract().jsonPath().getString("taskId");
        webAdmin(server).get("/tasks/" + taskId + "/await").then().body("status", is("completed"));
        assertThat(totals(server, renamed)).as("James's rename leaves DSPAM's data").isEqualTo(DspamTotals.EMPTY);
        webAdmin(server).post("/dspam/users/" + old + "/rename/" + renamed).then()
            .statusCode(200)
            .body("to", is(renamed))
            .body("merged", is(false));

        assertThat(totals(server, renamed)).isEqualTo(learned);
        assertThat(totals(server, old)).isEqualTo(DspamTotals.EMPTY);
        imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(renamed, PASSWORD)
            .select("INBOX").awaitMessage(AWAIT);
        imap.moveFirstMessage("Spam");
        AWAIT.until(() -> totals(server, renamed).spamMisclassified() == 1);
        DspamTotals corrected = totals(server, renamed);
        assertThat(corrected.spamLearned()).isEqualTo(1);
        assertThat(corrected.innocentLearned()).isZero();
        assertThat(corrected.spamCorpusfed()).as("retrained by the signature tagged for the old name").isZero();
    }
}

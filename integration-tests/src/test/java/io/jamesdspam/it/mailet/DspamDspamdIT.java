package io.jamesdspam.it.mailet;

import static io.jamesdspam.it.mailet.MailetItMail.DOMAIN;
import static io.jamesdspam.it.mailet.MailetItMail.awaitSpoolEmpty;
import static io.jamesdspam.it.mailet.MailetItMail.count;
import static io.jamesdspam.it.mailet.MailetItMail.firstMessageHeaders;
import static io.jamesdspam.it.mailet.MailetItMail.headerValues;
import static io.jamesdspam.it.mailet.MailetItMail.headersOfEveryMessage;
import static io.jamesdspam.it.mailet.MailetItMail.provision;
import static io.jamesdspam.it.mailet.MailetItMail.send;
import static io.jamesdspam.it.mailet.MailetItMail.smtp;
import static io.jamesdspam.it.mailet.MailetItMail.textMessage;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.utils.SMTPMessageSender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.server.DlmtpServer;
import io.jamesdspam.engine.server.DlmtpServerSettings;
import io.jamesdspam.engine.storage.InMemoryDspamStore;

/**
 * The Dspam mailet with {@code backend=dspamd}: James talks DLMTP over a real socket to the
 * project's DLMTP server (port 0). Then the server is killed while mail keeps coming: every mail
 * is still delivered, unclassified and without any X-DSPAM header.
 */
class DspamDspamdIT {
    static final String IDENT = "james";
    static final String SECRET = "dlmtp-secret";
    static DlmtpServer dspamd;

    @RegisterExtension
    static JamesServerExtension james = MailetItServer.extension("embedded", DspamDspamdIT::startDspamd);

    static Map<String, String> startDspamd() {
        try {
            dspamd = DlmtpServer.start(DlmtpServerSettings.builder().host("127.0.0.1").port(0).password(IDENT, SECRET).build(),
                EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = dspamd.tcpAddress().orElseThrow().getPort();
        return Map.of(
            "backend", "dspamd",
            "dspamd.endpoints", "127.0.0.1:" + port,
            "dspamd.ident", IDENT,
            "dspamd.password", SECRET,
            "dspamd.connectTimeout", "1s",
            "dspamd.replyTimeout", "3s");
    }

    @AfterAll
    static void stopDspamd() {
        if (dspamd != null) {
            dspamd.close();
        }
    }

    @Test
    void classifiesThroughDspamdAndKeepsDeliveringWhenItDies(GuiceJamesServer server) throws Exception {
        String frank = "frank@" + DOMAIN;
        provision(server, DOMAIN, frank);

        try (SMTPMessageSender smtp = smtp(server)) {
            send(smtp, frank, textMessage("Minutes", "The minutes of Tuesday's meeting are below."));
        }
        String headers = firstMessageHeaders(server, frank, "INBOX");
        assertThat(headerValues(headers, "X-DSPAM-Result")).singleElement().asString()
            .matches(DspamEmbeddedIT.RESULT_PATTERN);
        assertThat(headerValues(headers, "X-DSPAM-Signature")).singleElement().asString().matches("[0-9a-f,]{8,}");

        try (SMTPMessageSender smtp = smtp(server)) {
            for (int i = 0; i < 10; i++) {
                if (i == 4) {
                    dspamd.close();
                }
                send(smtp, frank, textMessage("Report " + i, "Weekly report number " + i,
                    "X-DSPAM-Signature: forged" + i));
            }
        }
        awaitSpoolEmpty(server);

        assertThat(count(server, frank, "INBOX") + count(server, frank, "Spam")).isEqualTo(11);
        List<String> copies = headersOfEveryMessage(server, frank, "INBOX", "X-DSPAM-Result", "X-DSPAM-Signature");
        assertThat(copies).allSatisfy(copy -> assertThat(copy).doesNotContain("forged"));
        assertThat(copies).filteredOn(copy -> headerValues(copy, "X-DSPAM-Result").isEmpty())
            .as("mail sent after dspamd died is delivered unclassified").hasSizeGreaterThanOrEqualTo(6);
    }
}

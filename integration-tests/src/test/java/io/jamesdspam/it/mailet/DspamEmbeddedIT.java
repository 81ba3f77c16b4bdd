package io.jamesdspam.it.mailet;

import static io.jamesdspam.it.mailet.MailetItMail.DOMAIN;
import static io.jamesdspam.it.mailet.MailetItMail.awaitSpoolEmpty;
import static io.jamesdspam.it.mailet.MailetItMail.count;
import static io.jamesdspam.it.mailet.MailetItMail.firstMessageHeaders;
import static io.jamesdspam.it.mailet.MailetItMail.headerValues;
import static io.jamesdspam.it.mailet.MailetItMail.lastMessageHeaders;
import static io.jamesdspam.it.mailet.MailetItMail.provision;
import static io.jamesdspam.it.mailet.MailetItMail.send;
import static io.jamesdspam.it.mailet.MailetItMail.smtp;
import static io.jamesdspam.it.mailet.MailetItMail.textMessage;
import static io.jamesdspam.it.mailet.MailetItMail.withHeader;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.utils.SMTPMessageSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * The Dspam mailet in a real James 3.8.1 server with the embedded engine (the default backend,
 * its store under the server's working directory): SMTP in, IMAP out.
 */
class DspamEmbeddedIT {
    static final String RESULT_PATTERN = "(Spam|Innocent), probability=[01]\\.\\d{4}, confidence=[01]\\.\\d{2}";

    @RegisterExtension
    static JamesServerExtension james = MailetItServer.extension("embedded", Map::of);

    @Test
    void everyMailArrivesWithItsRecipientsVerdictAndSignature(GuiceJamesServer server) throws Exception {
        String dora = "dora@" + DOMAIN;
        provision(server, DOMAIN, dora);

        try (SMTPMessageSender smtp = smtp(server)) {
            send(smtp, dora, textMessage("Lunch", "Shall we meet at noon near the station?"));
        }

        String headers = firstMessageHeaders(server, dora, "INBOX");
        assertThat(headerValues(headers, "X-DSPAM-Result")).singleElement().asString().matches(RESULT_PATTERN);
        assertThat(headerValues(headers, "X-DSPAM-Signature")).singleElement().asString().matches("[0-9a-f,]{8,}");
    }

    @Test
    void forgedInboundDspamHeadersNeverReachTheMailbox(GuiceJamesServer server) throws Exception {
        String erin = "erin@" + DOMAIN;
        provision(server, DOMAIN, erin);

        try (SMTPMessageSender smtp = smtp(server)) {
            send(smtp, erin, textMessage("Invoice", "Please find the invoice attached.",
                "X-DSPAM-Signature: forged0signature0id",
                "X-DSPAM-Result: Innocent, probability=0.0000, confidence=1.00",
                "X-DSPAM-Processed: Mon Jan 1 00:00:00 2024",
                "X-Dspam-Factors: 27"));
        }

        String headers = firstMessageHeaders(server, erin, "INBOX");
        assertThat(headers).doesNotContain("forged0signature0id").doesNotContainIgnoringCase("X-DSPAM-Processed")
            .doesNotContainIgnoringCase("X-Dspam-Factors");
        assertThat(headerValues(headers, "X-DSPAM-Signature")).hasSize(1);
        assertThat(headerValues(headers, "X-DSPAM-Result")).singleElement().asString().matches(RESULT_PATTERN);
    }

    @Test
    void twoRecipientsTrainedOppositelyGetOppositeVerdictsForTheSameMail(GuiceJamesServer server) throws Exception {
        String alice = "alice@" + DOMAIN;
        String bob = "bob@" + DOMAIN;
        provision(server, DOMAIN, alice, bob);
        List<CorpusMessage> spam = Corpus.load().trainSet().stream().filter(CorpusMessage::isSpam).limit(40)
            .collect(Collectors.toList());
        List<CorpusMessage> ham = Corpus.load().trainSet().stream().filter(m -> !m.isSpam()).limit(40)
            .collect(Collectors.toList());
        CorpusMessage testSpam = Corpus.load().testSet().stream().filter(CorpusMessage::isSpam).findFirst().orElseThrow();

        try (SMTPMessageSender smtp = smtp(server)) {
            for (int i = 0; i < spam.size(); i++) {
                // alice calls spam spam; bob calls the very same messages innocent, and the reverse for ham.
                send(smtp, List.of(alice), withHeader("X-Train-As: spam", spam.get(i).crlfBytes()));
                send(smtp, List.of(bob), withHeader("X-Train-As: innocent", spam.get(i).crlfBytes()));
                send(smtp, List.of(alice), withHeader("X-Train-As: innocent", ham.get(i).crlfBytes()));
                send(smtp, List.of(bob), withHeader("X-Train-As: spam", ham.get(i).crlfBytes()));
            }
        }
        awaitSpoolEmpty(server);
        long aliceSpamBefore = count(server, alice, "Spam");
        long bobInboxBefore = count(server, bob, "INBOX");

        try (SMTPMessageSender smtp = smtp(server)) {
            send(smtp, List.of(alice, bob), testSpam.crlfBytes());
        }
        awaitSpoolEmpty(server);

        assertThat(count(server, alice, "Spam")).isEqualTo(aliceSpamBefore + 1);
        assertThat(count(server, bob, "INBOX")).isEqualTo(bobInboxBefore + 1);
        String aliceCopy = lastMessageHeaders(server, alice, "Spam");
        String bobCopy = lastMessageHeaders(server, bob, "INBOX");
        assertThat(headerValues(aliceCopy, "X-DSPAM-Result")).singleElement().asString().startsWith("Spam,");
        assertThat(headerValues(bobCopy, "X-DSPAM-Result")).singleElement().asString().startsWith("Innocent,");
        assertThat(headerValues(aliceCopy, "X-DSPAM-Signature")).doesNotContainAnyElementsOf(
            headerValues(bobCopy, "X-DSPAM-Signature"));
    }
}

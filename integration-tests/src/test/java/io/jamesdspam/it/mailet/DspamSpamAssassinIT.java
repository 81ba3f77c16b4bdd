package io.jamesdspam.it.mailet;

import static io.jamesdspam.it.mailet.MailetItMail.DOMAIN;
import static io.jamesdspam.it.mailet.MailetItMail.headerValues;
import static io.jamesdspam.it.mailet.MailetItMail.headersOfEveryMessage;
import static io.jamesdspam.it.mailet.MailetItMail.provision;
import static io.jamesdspam.it.mailet.MailetItMail.sendAndAwaitDelivery;
import static io.jamesdspam.it.mailet.MailetItMail.smtp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.utils.SMTPMessageSender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;
import io.jamesdspam.testing.TestServices;

/**
 * James's SpamAssassin mailet against the real spamd, then the Dspam mailet with
 * {@code autolearn=spamassassin}, then {@code IsDspamSpam=agree} routing to Spam, on corpus
 * messages. DSPAM starts empty, runs in classify mode (it never learns its own verdicts) and is
 * told nothing but SpamAssassin's confident verdicts, so every spam verdict it gives was learned
 * from SpamAssassin.
 */
class DspamSpamAssassinIT {
    private static final Logger LOGGER = LoggerFactory.getLogger(DspamSpamAssassinIT.class);
    static final String SA_STATUS = "org.apache.james.spamassassin.status";
    static final String USER = "sam@" + DOMAIN;
    static final List<String> MAILBOXES = List.of("INBOX", "Spam");

    @RegisterExtension
    static JamesServerExtension james = MailetItServer.extension("spamassassin", Map::of, () -> "", () -> {
        TestServices.Endpoint spamd = TestServices.requireReachable(TestServices.spamd());
        return Map.of("spamassassin.properties",
            "spamassassin.host=" + spamd.host() + "\nspamassassin.port=" + spamd.port() + "\n");
    });

    /** One delivered copy: where it landed and what both filters said. */
    static final class Delivered {
        final String mailbox;
        final boolean dspamSpam;
        final boolean spamAssassinSpam;
        final double spamAssassinHits;

        Delivered(String mailbox, String headers) {
            this.mailbox = mailbox;
            String dspam = headerValues(headers, "X-DSPAM-Result").stream().findFirst().orElseThrow(
                () -> new AssertionError("no X-DSPAM-Result in " + headers));
            String status = headerValues(headers, SA_STATUS).stream().findFirst().orElseThrow(
                () -> new AssertionError("no SpamAssassin status in " + headers));
            this.dspamSpam = dspam.startsWith("Spam,");
            this.spamAssassinSpam = status.startsWith("Yes");
            this.spamAssassinHits = Double.parseDouble(status.replaceAll(".*hits=(-?[0-9.]+).*", "$1"));
        }
    }

    @Test
    void dspamLearnsFromSpamAssassinAndSpamIsFiledOnlyWhenBothAgree(GuiceJamesServer server) throws Exception {
        provision(server, DOMAIN, USER);
        List<CorpusMessage> training = interleave(Corpus.load().trainSet(), 40, 20);
        List<CorpusMessage> test = interleave(Corpus.load().testSet(), 12, 6);

        try (SMTPMessageSender smtp = smtp(server)) {
            for (CorpusMessage message : training) {
                sendAndAwaitDelivery(server, smtp, USER, message.crlfBytes(), MAILBOXES);
            }
        }
        List<Delivered> afterTraining = delivered(server);
        int trainingCopies = afterTraining.size();
        long trainingDspamSpam = afterTraining.stream().filter(d -> d.dspamSpam).count();
        try (SMTPMessageSender smtp = smtp(server)) {
            for (CorpusMessage message : test) {
                sendAndAwaitDelivery(server, smtp, USER, message.crlfBytes(), MAILBOXES);
            }
        }

        List<Delivered> all = delivered(server);
        assertThat(all).hasSize(training.size() + test.size());
        long corrections = all.stream().filter(d -> d.spamAssassinHits >= 12.0).count();
        long dspamSpam = all.stream().filter(d -> d.dspamSpam).count();
        long filed = all.stream().filter(d -> d.mailbox.equals("Spam")).count();
        long gated = all.stream().filter(d -> d.dspamSpam && !d.spamAssassinSpam).count();
        String summary = String.format("%d copies (%d during training), %d SpamAssassin scores >= 12,"
            + " %d DSPAM spam verdicts (%d in the test phase), %d filed in Spam,"
            + " %d DSPAM spam kept in INBOX because SpamAssassin disagreed",
            all.size(), trainingCopies, corrections, dspamSpam, dspamSpam - trainingDspamSpam, filed, gated);
        LOGGER.info("SpamAssassin autolearn IT: {}", summary);
        ItReport.write("spamassassin-autolearn", summary);

        // What the product reaches on this data (fixed corpus order, spamd with --local rules, each mail
        // delivered before the next is sent, so DSPAM learns in the order sent), three runs alike: 78 copies
        // (60 during training), 20 SpamAssassin scores >= 12, 20 DSPAM spam verdicts (2 in the test phase),
        // 14 filed in Spam, 6 DSPAM spam kept in INBOX. Sent all at once, the spool's threads learned in a
        // varying order and the test phase gave 1 to 3. The bounds leave room for another spamd release.
        assertThat(corrections).as("spamd's learn-spam scores on this data: " + summary).isBetween(18L, 22L);
        assertThat(dspamSpam).as("DSPAM learned spam, from SpamAssassin alone: " + summary).isGreaterThanOrEqualTo(16);
        assertThat(dspamSpam - trainingDspamSpam).as("DSPAM spam verdicts in the test phase: " + summary)
            .isGreaterThanOrEqualTo(2);
        assertThat(all).allSatisfy(copy -> assertThat(copy.mailbox)
            .as("Spam iff DSPAM and SpamAssassin both say spam")
            .isEqualTo(copy.dspamSpam && copy.spamAssassinSpam ? "Spam" : "INBOX"));
        assertThat(filed).as(summary).isGreaterThanOrEqualTo(12);
    }

    private static List<Delivered> delivered(GuiceJamesServer server) throws Exception {
        List<Delivered> copies = new ArrayList<>();
        for (String mailbox : MAILBOXES) {
            for (String headers : headersOfEveryMessage(server, USER, mailbox, "X-DSPAM-Result", SA_STATUS)) {
                copies.add(new Delivered(mailbox, headers));
            }
        }
        return copies;
    }

    private static List<CorpusMessage> interleave(List<CorpusMessage> messages, int spamCount, int hamCount) {
        List<CorpusMessage> spam = messages.stream().filter(CorpusMessage::isSpam).limit(spamCount).collect(Collectors.toList());
        List<CorpusMessage> ham = messages.stream().filter(m -> !m.isSpam()).limit(hamCount).collect(Collectors.toList());
        List<CorpusMessage> mixed = new ArrayList<>();
        for (int i = 0; i < Math.max(spam.size(), ham.size()); i++) {
            Stream.of(i < spam.size() ? spam.get(i) : null, i < ham.size() ? ham.get(i) : null)
                .filter(m -> m != null).forEach(mixed::add);
        }
        return mixed;
    }
}

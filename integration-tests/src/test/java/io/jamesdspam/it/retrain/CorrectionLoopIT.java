package io.jamesdspam.it.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.core.Username;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.modules.MailboxProbeImpl;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.SMTPMessageSender;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * The whole loop on corpus messages: the same mail reaches two users; one corrects every
 * misclassification by moving it into or out of Spam, the other never does. On later mail the
 * correcting user's dictionary must make fewer mistakes.
 */
class CorrectionLoopIT {
    private static final Logger LOGGER = LoggerFactory.getLogger(CorrectionLoopIT.class);
    private static final String DOMAIN = "example.org";
    private static final String CORRECTING = "corrector@" + DOMAIN;
    private static final String CONTROL = "control@" + DOMAIN;
    private static final String ID_HEADER = "X-Corpus-Id";
    private static final int PER_CLASS = 100;
    private static final ConditionFactory AWAIT = Awaitility.await().atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(250));

    @RegisterExtension
    static JamesServerExtension james = RetrainItServer.extension(new SwitchableBackend());

    @Test
    void correctionsMakeLaterClassificationBetter(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        if (!data.containsDomain(DOMAIN)) {
            data.addDomain(DOMAIN);
        }
        for (String user : List.of(CORRECTING, CONTROL)) {
            data.addUser(user, "secret");
            for (String mailbox : List.of("INBOX", "Spam")) {
                server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.forUser(Username.of(user), mailbox));
            }
        }
        List<CorpusMessage> training = sample(Corpus.load().trainSet(), 1);
        List<CorpusMessage> later = sample(Corpus.load().testSet(), 2);

        deliver(server, training, "train");
        RetrainProbe probe = server.getProbe(RetrainProbe.class);
        List<String> corrections = misclassified(probe, CORRECTING, training, "train");
        for (String id : corrections) {
            CorpusMessage message = training.get(Integer.parseInt(id.substring("train-".length())));
            probe.moveByHeader(CORRECTING, message.isSpam() ? "INBOX" : "Spam", message.isSpam() ? "Spam" : "INBOX", ID_HEADER, id);
        }
        AWAIT.until(() -> learnedCorrections(probe.totals(CORRECTING)) == corrections.size());
        int controlTrainingErrors = misclassified(probe, CONTROL, training, "train").size();

        deliver(server, later, "later");
        int correctingErrors = misclassified(probe, CORRECTING, later, "later").size();
        int controlErrors = misclassified(probe, CONTROL, later, "later").size();

        String figures = String.format(Locale.ROOT, "Correction loop: %d training messages, %d corrections (%d errors for the"
                + " control user, not corrected); on %d later messages: %d errors with corrections, %d without (ratio %s)%n",
            training.size(), corrections.size(), controlTrainingErrors, later.size(), correctingErrors, controlErrors,
            controlErrors == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", (double) correctingErrors / controlErrors));
        LOGGER.info(figures);
        // Kept beside the test reports so that the figures can be quoted without rerunning.
        Files.writeString(Path.of("target", "correction-loop.txt"), figures);
        assertThat(corrections).isNotEmpty();
        assertThat(correctingErrors).isLessThan(controlErrors);
    }

    private static long learnedCorrections(DspamTotals totals) {
        return totals.spamMisclassified() + totals.innocentMisclassified() + totals.spamCorpusfed() + totals.innocentCorpusfed();
    }

    /** {@code PER_CLASS} spam and as many innocent messages, in a fixed shuffled order. */
    private static List<CorpusMessage> sample(List<CorpusMessage> messages, long seed) {
        List<CorpusMessage> spam = messages.stream().filter(CorpusMessage::isSpam).limit(PER_CLASS).collect(Collectors.toList());
        List<CorpusMessage> ham = messages.stream().filter(m -> !m.isSpam()).limit(PER_CLASS).collect(Collectors.toList());
        List<CorpusMessage> all = new ArrayList<>(spam);
        all.addAll(ham);
        Collections.shuffle(all, new Random(seed));
        return all;
    }

    private static void deliver(GuiceJamesServer server, List<CorpusMessage> messages, String prefix) throws Exception {
        try (SMTPMessageSender smtp = new SMTPMessageSender(DOMAIN)
            .connect("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort())) {
            for (int i = 0; i < messages.size(); i++) {
                String raw = ID_HEADER + ": " + prefix + "-" + i + "\r\n"
                    + new String(messages.get(i).crlfBytes(), StandardCharsets.ISO_8859_1);
                smtp.sendMessageWithHeaders("corpus@elsewhere.net", List.of(CORRECTING, CONTROL), raw);
            }
        }
        RetrainProbe probe = server.getProbe(RetrainProbe.class);
        for (String user : List.of(CORRECTING, CONTROL)) {
            AWAIT.until(() -> delivered(probe, user, prefix).size() == messages.size());
        }
    }

    private static Set<String> delivered(RetrainProbe probe, String user, String prefix) throws Exception {
        Set<String> ids = new HashSet<>();
        for (String mailbox : List.of("INBOX", "Spam")) {
            probe.headerValues(user, mailbox, ID_HEADER).stream().filter(id -> id.startsWith(prefix + "-")).forEach(ids::add);
        }
        return ids;
    }

    /** The ids of messages in the wrong mailbox: spam in INBOX, innocent mail in Spam. */
    private static List<String> misclassified(RetrainProbe probe, String user, List<CorpusMessage> messages, String prefix)
        throws Exception {
        List<String> wrong = new ArrayList<>();
        for (String mailbox : List.of("INBOX", "Spam")) {
            for (String id : probe.headerValues(user, mailbox, ID_HEADER)) {
                if (!id.startsWith(prefix + "-")) {
                    continue;
                }
                boolean spam = messages.get(Integer.parseInt(id.substring(prefix.length() + 1))).isSpam();
                if (spam != mailbox.equals("Spam")) {
                    wrong.add(id);
                }
            }
        }
        return wrong;
    }
}

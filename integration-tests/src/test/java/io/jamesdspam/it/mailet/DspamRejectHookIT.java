package io.jamesdspam.it.mailet;

import static io.jamesdspam.it.mailet.MailetItMail.DOMAIN;
import static io.jamesdspam.it.mailet.MailetItMail.awaitSpoolEmpty;
import static io.jamesdspam.it.mailet.MailetItMail.firstMessageHeaders;
import static io.jamesdspam.it.mailet.MailetItMail.headerValues;
import static io.jamesdspam.it.mailet.MailetItMail.provision;
import static io.jamesdspam.it.mailet.MailetItMail.send;
import static io.jamesdspam.it.mailet.MailetItMail.smtp;
import static io.jamesdspam.it.mailet.MailetItMail.withHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.SMTPMessageSender;
import org.apache.james.utils.SMTPSendingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * {@code DspamRejectHook} in James's SMTP handler chain: once DSPAM has learned (through the
 * mailet pipeline), a spam is refused at DATA with a permanent 552, while ham is accepted and
 * delivered with the verdict the hook computed (the mailet reuses it).
 */
class DspamRejectHookIT {
    static final String HOOK = "<handler class=\"io.jamesdspam.mailet.smtp.DspamRejectHook\">"
        + "<reject>0.5</reject><rejectType>perm</rejectType></handler>";

    private static final Path STORE = temporaryDirectory();

    @RegisterExtension
    static JamesServerExtension james = MailetItServer.extension("embedded",
        () -> Map.of("embedded.directory", STORE.toString()), () -> HOOK);

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("dspam-reject-hook-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The DSPAM users the embedded store holds (one directory each). */
    private static List<String> storeUsers() throws IOException {
        try (Stream<Path> users = Files.list(STORE.resolve("users"))) {
            return users.map(path -> path.getFileName().toString()).collect(Collectors.toList());
        }
    }

    @Test
    void aLearnedSpamIsRefusedAtDataAndHamIsDelivered(GuiceJamesServer server) throws Exception {
        String gina = "gina@" + DOMAIN;
        provision(server, DOMAIN, gina);
        List<CorpusMessage> spam = Corpus.load().trainSet().stream().filter(CorpusMessage::isSpam).limit(40)
            .collect(Collectors.toList());
        List<CorpusMessage> ham = Corpus.load().trainSet().stream().filter(m -> !m.isSpam()).limit(40)
            .collect(Collectors.toList());
        int refusedDuringTraining = 0;
        for (int i = 0; i < spam.size(); i++) {
            try (SMTPMessageSender smtp = smtp(server)) {
                send(smtp, List.of(gina), withHeader("X-Train-As: spam", spam.get(i).crlfBytes()));
            } catch (SMTPSendingException e) {
                refusedDuringTraining++;
            }
            try (SMTPMessageSender smtp = smtp(server)) {
                send(smtp, List.of(gina), withHeader("X-Train-As: innocent", ham.get(i).crlfBytes()));
            }
        }
        awaitSpoolEmpty(server);
        CorpusMessage testSpam = Corpus.load().testSet().stream().filter(CorpusMessage::isSpam).findFirst().orElseThrow();
        CorpusMessage testHam = Corpus.load().testSet().stream().filter(m -> !m.isSpam()).findFirst().orElseThrow();

        assertThatThrownBy(() -> {
            try (SMTPMessageSender smtp = smtp(server)) {
                send(smtp, List.of(gina), testSpam.crlfBytes());
            }
        }).isInstanceOf(SMTPSendingException.class)
            .hasMessageContaining("552").hasMessageContaining("5.6.1 dspam says, no spam please");

        // An alias and a domain alias of gina: classified at DATA with gina's dictionary, as the
        // spool will deliver them (before, the hook processed the mail with a new dictionary named
        // after the alias, empty, whose verdict let spam through)
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addUserAliasMapping("gina.alias", DOMAIN, gina);
        data.addDomain("alias.example");
        data.addDomainAliasMapping("alias.example", DOMAIN);
        for (String alias : List.of("gina.alias@" + DOMAIN, "gina@alias.example")) {
            try (SMTPMessageSender smtp = smtp(server)) {
                send(smtp, List.of(alias), spam.get(spam.size() - 1).crlfBytes());
            } catch (SMTPSendingException refused) {
                assertThat(refused).hasMessageContaining("552");
            }
        }
        awaitSpoolEmpty(server);
        assertThat(storeUsers()).as("the aliases got no dictionary of their own").anyMatch(name -> name.contains("gina"))
            .noneMatch(name -> name.contains("alias"));

        try (SMTPMessageSender smtp = smtp(server)) {
            send(smtp, List.of(gina), withHeader("X-Hook-Test: ham", testHam.crlfBytes()));
        }
        awaitSpoolEmpty(server);
        ItReport.write("reject-hook", "spam refused at DATA while training: " + refusedDuringTraining + "/" + spam.size());
        assertThat(firstMessageHeaders(server, gina, "INBOX")).satisfies(headers ->
            assertThat(headerValues(headers, "X-DSPAM-Result")).singleElement().asString()
                .matches(DspamEmbeddedIT.RESULT_PATTERN));
    }
}

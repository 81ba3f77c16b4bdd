package io.jamesdspam.it.reliability.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.GuiceJamesServer;
import org.apache.james.core.Username;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.modules.MailboxProbeImpl;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.MailRepositoryProbeImpl;
import org.apache.james.utils.SpoolerProbe;
import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import io.jamesdspam.it.reliability.ReliabilityReport;
import io.jamesdspam.testing.Corpus;

/**
 * Fuzzed mail through a whole James over SMTP: each generated input ({@link FuzzedMessages})
 * gets a first header line {@code X-Fuzz-Id: <index>} and goes to one or two local users in its
 * own SMTP transaction; then the mailboxes are read back over IMAP and every copy counted by its
 * id. Lost = copies owed for a {@code 250} and not found; duplicated = copies found beyond those
 * owed; stuck = mail still in the spool when the wait ends. Error repository counts are noted.
 */
final class SmtpFuzzRun {
    static final String DOMAIN = "example.org";
    static final String PASSWORD = "secret";
    static final List<String> USERS = List.of("alice@" + DOMAIN, "bob@" + DOMAIN);
    private static final Pattern FUZZ_ID = Pattern.compile("(?i)X-Fuzz-Id: (\\d+)");
    private static final Pattern FETCH_BLOCK = Pattern.compile("(?m)^\\* \\d+ FETCH ");
    private static final Duration SPOOL_WAIT = Duration.ofMinutes(5);

    private final long seed;
    private final int inputs;
    private final Map<Integer, Integer> owed = new HashMap<>();
    private final Map<Integer, String> refusals = new TreeMap<>();
    private final Map<FuzzedMessages.Mutation, Integer> mutations = new TreeMap<>();

    SmtpFuzzRun(long seed, int inputs) {
        this.seed = seed;
        this.inputs = inputs;
    }

    static void provision(GuiceJamesServer server) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(DOMAIN);
        for (String user : USERS) {
            data.addUser(user, PASSWORD);
            server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.forUser(Username.of(user), "Spam"));
            server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.inbox(Username.of(user)));
        }
    }

    /** Sends every input, waits for the spool, counts, and returns the scenario with its figures (not yet recorded). */
    ReliabilityReport.Scenario run(GuiceJamesServer server, String name) throws Exception {
        long start = System.nanoTime();
        FuzzedMessages generator = new FuzzedMessages(Corpus.load().all(), seed);
        int smtpPort = server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
        try (RawSmtpSender smtp = new RawSmtpSender(smtpPort)) {
            for (int index = 0; index < inputs; index++) {
                FuzzedInput input = generator.input(index);
                mutations.merge(input.mutation(), 1, Integer::sum);
                List<String> recipients = index % 5 == 4 ? USERS : List.of(USERS.get(index % 2));
                String reply = smtp.send("fuzzer@elsewhere.net", recipients, withFuzzId(index, input.bytes()));
                if (RawSmtpSender.accepted(reply)) {
                    owed.put(index, recipients.size());
                } else {
                    refusals.put(index, input.mutation() + ": " + reply);
                }
            }
        }
        boolean spoolEmpty = awaitSpool(server);
        Map<Integer, Integer> found = new HashMap<>();
        long classified = 0;
        long copies = 0;
        for (String user : USERS) {
            for (String mailbox : List.of("INBOX", "Spam")) {
                for (String block : headerBlocks(server, user, mailbox)) {
                    Matcher id = FUZZ_ID.matcher(block);
                    if (id.find()) {
                        found.merge(Integer.parseInt(id.group(1)), 1, Integer::sum);
                        copies++;
                        classified += block.toLowerCase().contains("x-dspam-result:") ? 1 : 0;
                    }
                }
            }
        }
        long lost = 0;
        long duplicated = 0;
        List<String> lostIds = new ArrayList<>();
        for (Map.Entry<Integer, Integer> entry : owed.entrySet()) {
            int got = found.getOrDefault(entry.getKey(), 0);
            if (got < entry.getValue()) {
                lost += entry.getValue() - got;
                lostIds.add(generator.input(entry.getKey()).describe());
            }
            duplicated += Math.max(0, got - entry.getValue());
        }
        long delivered = copies;
        // A copy of a mail James refused: either the client misread a reply or James kept what it refused.
        List<String> unowed = new ArrayList<>();
        found.forEach((id, count) -> {
            if (!owed.containsKey(id)) {
                unowed.add(id + " (" + refusals.get(id) + ")");
            }
        });
        ReliabilityReport.Scenario scenario = new ReliabilityReport.Scenario(name, ReliabilityReport.Kind.FUZZ)
            .inputs(inputs)
            .accepted(owed.values().stream().mapToLong(Integer::longValue).sum())
            .delivered(delivered)
            .lost(lost)
            .duplicated(duplicated)
            .classified(classified)
            .unclassified(delivered - classified)
            .figure("seed", seed)
            .figure("refusedBySmtp", refusals.size())
            .figure("spoolEmptied", spoolEmpty)
            .figure("errorRepository", repositoryCount(server, "memory://var/mail/error/"))
            .figure("deliveredThoughRefused", unowed.size())
            .figure("mutations", mutations.toString())
            .figure("seconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start))
            .note("accepted/delivered count copies (one per recipient); a mail refused during SMTP is the sender's to retry, not lost");
        if (!spoolEmpty) {
            scenario.crashes(1).note("mail still in the spool after " + SPOOL_WAIT);
        }
        lostIds.stream().limit(30).forEach(id -> scenario.note("lost: " + id));
        unowed.stream().limit(10).forEach(id -> scenario.note("delivered though refused: " + id));
        refusals.entrySet().stream().limit(10).forEach(r -> scenario.note("refused " + r.getKey() + ": " + r.getValue()));
        return scenario;
    }

    private static byte[] withFuzzId(int index, byte[] message) {
        byte[] header = ("X-Fuzz-Id: " + index + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[header.length + message.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(message, 0, all, header.length, message.length);
        return all;
    }

    private static boolean awaitSpool(GuiceJamesServer server) {
        try {
            Awaitility.await().atMost(SPOOL_WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> server.getProbe(SpoolerProbe.class).processingFinished());
            return true;
        } catch (ConditionTimeoutException stuck) {
            return false;
        }
    }

    private static long repositoryCount(GuiceJamesServer server, String url) {
        try {
            return server.getProbe(MailRepositoryProbeImpl.class).getRepositoryMailCount(MailRepositoryUrl.from(url));
        } catch (Exception absent) {
            return 0;
        }
    }

    /** One header block (X-Fuzz-Id, X-DSPAM-Result) per message of the mailbox. */
    private static List<String> headerBlocks(GuiceJamesServer server, String user, String mailbox) throws IOException {
        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(user, PASSWORD);
            imap.select(mailbox);
            if (imap.getMessageCount(mailbox) == 0) {
                return List.of();
            }
            String reply = imap.sendCommand("FETCH 1:* (BODY.PEEK[HEADER.FIELDS (X-Fuzz-Id X-DSPAM-Result)])");
            List<String> blocks = new ArrayList<>();
            for (String block : FETCH_BLOCK.split(reply)) {
                if (block.contains("HEADER.FIELDS")) {
                    blocks.add(block);
                }
            }
            return blocks;
        }
    }
}

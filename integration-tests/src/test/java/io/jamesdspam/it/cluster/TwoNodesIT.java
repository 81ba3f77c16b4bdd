package io.jamesdspam.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.commons.net.MalformedServerReplyException;
import org.apache.james.utils.SMTPMessageSender;
import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.sql.SqlDspamStore;
import io.jamesdspam.engine.storage.sql.SqlStoreOptions;
import io.jamesdspam.it.mailet.ItReport;
import io.jamesdspam.it.mailet.MailetItMail;
import io.jamesdspam.mailet.training.WholeMessageTraining;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;
import io.jamesdspam.testing.TestDatabase;

/**
 * Two stock James 3.8.1 servers, each in its own JVM, working directory and ports, on one
 * PostgreSQL database ({@code embedded.storage=postgresql}): issue #12's "several James nodes".
 *
 * <p><b>No lost update</b> ({@link #concurrentTrainingOnBothNodesLosesNoUpdate}): both nodes train
 * the same 500 corpus messages (250 ham, 250 spam, message {@code i} for user {@code i mod 4})
 * at the same time, four WebAdmin clients each, so the two nodes insert the same new tokens and
 * update the same rows concurrently. Corpus training with the message's known class is the
 * mode whose result does not depend on the order: each message adds exactly +1 to its class's
 * hits of each of its tokens and +1 to its class's learned and corpusfed totals, whatever was
 * learned before (process mode would not do: a verdict depends on what was learned before it,
 * and SMTP delivery adds a Received header with a per-node id and time, so no second run sees the
 * same tokens). Hence afterwards, for every user:
 * <ul>
 *   <li>the {@code dspam_stats} counters equal the sum of what both nodes answered they trained
 *       (by class), nothing else counted;</li>
 *   <li>the token table equals, row by row ({@code token}, {@code spam_hits},
 *       {@code innocent_hits}), that of a single-node run: the same 1,000 trainings applied by one
 *       engine directly, each user's one after the other (same settings as the nodes: the sample
 *       configuration sets no dspam.conf, so DSPAM's defaults) into a second database,
 *       {@code twonode_reference}. A lost concurrent insert or increment would show as a missing
 *       row or a smaller count.</li>
 * </ul>
 *
 * <p><b>No lost update in delivery</b> ({@link #concurrentDeliveriesOnBothNodesLoseNoUpdate}): both
 * nodes deliver the same 500 test-set messages over SMTP at the same time; every user's
 * {@code dspam_stats} moves by one counter per delivered mail, on the side of the verdict the mail
 * carries, and every classified mail's signature is in the database.
 *
 * <p><b>A correction on one node teaches the other</b>
 * ({@link #aCorrectionOnNodeBChangesTheVerdictOnNodeA}): on a user trained above (so in TOE, where
 * delivering classifies without learning), a ham message of the test set that node A delivers as
 * Innocent is delivered through node B and moved into Spam over IMAP there, as a user who finds
 * this kind of mail unwanted does; the retrain listener of node B trains it by signature. It is
 * repeated (each time a new copy through node B) until node A, delivering the same message
 * again, calls it Spam: the verdict of node A changes although node A never saw a correction.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {
    private static final String DOMAIN = "example.org";
    private static final List<String> USERS = List.of("twonode-1@" + DOMAIN, "twonode-2@" + DOMAIN,
        "twonode-3@" + DOMAIN, "twonode-4@" + DOMAIN);
    private static final int PER_NODE = 500;
    private static final int CLIENTS_PER_NODE = 4;
    private static final int MAX_CORRECTIONS = 6;
    /** How {@link #verdicts} reports a mail delivered without a verdict, before the mailet's reason. */
    private static final String UNCLASSIFIED = "unclassified: ";
    private static final Pattern RESULT = Pattern.compile("^\\s*([A-Za-z]+), probability=([0-9.]+)");
    /**
     * Polls again after a reply the test's IMAP client (commons-net) could not parse: once, in a CI
     * run, a header FETCH polled while node A was delivering failed on a lone ")" line. A verdict
     * that never comes still fails the test, by the timeout.
     */
    private static final ConditionFactory AWAIT = Awaitility.await().atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(300)).ignoreExceptionsInstanceOf(MalformedServerReplyException.class);

    @TempDir
    static Path homes;
    private static TestDatabase shared;
    private static JamesNode nodeA;
    private static JamesNode nodeB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        shared = TestDatabase.createNamed(TestDatabase.Kind.POSTGRESQL, "twonode_", "shared");
        nodeA = JamesNode.deploy("A", homes.resolve("node-a"), shared.dspamProperties());
        nodeB = JamesNode.deploy("B", homes.resolve("node-b"), shared.dspamProperties());
        ExecutorService starting = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> started = new ArrayList<>();
            for (JamesNode node : List.of(nodeA, nodeB)) {
                started.add(starting.submit(() -> {
                    node.start();
                    return null;
                }));
            }
            for (Future<Void> node : started) {
                node.get(6, TimeUnit.MINUTES);
            }
        } finally {
            starting.shutdownNow();
        }
        for (JamesNode node : List.of(nodeA, nodeB)) {
            for (String user : USERS) {
                node.createUser(user);
            }
        }
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (JamesNode node : new JamesNode[] {nodeA, nodeB}) {
            if (node != null) {
                node.close();
            }
        }
        if (shared != null) {
            shared.close();
        }
    }

    /** One training: which message, for whom, as what. */
    private static final class Training {
        final CorpusMessage message;
        final String user;
        final TrainingClass trainingClass;

        Training(CorpusMessage message, String user) {
            this.message = message;
            this.user = user;
            this.trainingClass = message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT;
        }
    }

    /** 250 ham and 250 spam of the training folds; message i for user i mod 4, each user's alternating ham and spam. */
    private static List<Training> workload() {
        List<CorpusMessage> ham = new ArrayList<>();
        List<CorpusMessage> spam = new ArrayList<>();
        for (CorpusMessage message : Corpus.load().trainSet()) {
            (message.isSpam() ? spam : ham).add(message);
        }
        List<Training> trainings = new ArrayList<>();
        int hamTaken = 0;
        int spamTaken = 0;
        for (int i = 0; i < PER_NODE; i++) {
            // users take turns; each user's messages alternate ham, spam, ham...
            boolean isSpam = (i / USERS.size()) % 2 == 1;
            CorpusMessage message = isSpam ? spam.get(spamTaken++) : ham.get(hamTaken++);
            trainings.add(new Training(message, USERS.get(i % USERS.size())));
        }
        return trainings;
    }

    /** What one client does on one node: every {@link #CLIENTS_PER_NODE}-th item from {@code first}. */
    @FunctionalInterface
    private interface NodeClient {
        void run(String nodeName, JamesNode node, int first) throws Exception;
    }

    /**
     * Runs {@link #CLIENTS_PER_NODE} clients on each node (A and B), all released at the same moment,
     * and returns the seconds from that moment until the last finished.
     */
    private long clientsOnBothNodesAtOnce(NodeClient work) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(2 * CLIENTS_PER_NODE);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (Map.Entry<String, JamesNode> node : Map.of("A", nodeA, "B", nodeB).entrySet()) {
                for (int client = 0; client < CLIENTS_PER_NODE; client++) {
                    int first = client;
                    done.add(clients.submit(() -> {
                        go.await();
                        work.run(node.getKey(), node.getValue(), first);
                        return null;
                    }));
                }
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<Void> client : done) {
                client.get(10, TimeUnit.MINUTES);
            }
            return (System.nanoTime() - start) / 1_000_000_000L;
        } finally {
            clients.shutdownNow();
        }
    }

    private static String counterKey(String user, TrainingClass trainingClass) {
        return user + " " + trainingClass.optionValue();
    }

    @Test
    @Order(1)
    void concurrentTrainingOnBothNodesLosesNoUpdate() throws Exception {
        List<Training> workload = workload();
        Map<String, AtomicLong> trained = new ConcurrentHashMap<>();
        AtomicLong refused = new AtomicLong();
        long seconds = clientsOnBothNodesAtOnce((name, node, first) -> {
            for (int i = first; i < workload.size(); i += CLIENTS_PER_NODE) {
                Training training = workload.get(i);
                if (node.train(training.user, training.trainingClass.optionValue(), training.message.bytes())) {
                    trained.computeIfAbsent(counterKey(training.user, training.trainingClass), k -> new AtomicLong())
                        .incrementAndGet();
                } else {
                    refused.incrementAndGet();
                }
            }
        });
        assertThat(refused.get()).as("trainings a node answered it did not learn").isZero();

        TestDatabase reference = TestDatabase.createNamed(TestDatabase.Kind.POSTGRESQL, "twonode_", "reference");
        StringBuilder figures = new StringBuilder();
        try {
            long referenceStart = System.nanoTime();
            singleNodeRun(reference, workload);
            long referenceSeconds = (System.nanoTime() - referenceStart) / 1_000_000_000L;
            for (String user : USERS) {
                DspamTables.Dictionary both = DspamTables.dictionary(shared, user).orElseThrow();
                DspamTables.Dictionary single = DspamTables.dictionary(reference, user).orElseThrow();
                long spam = trained.getOrDefault(counterKey(user, TrainingClass.SPAM), new AtomicLong()).get();
                long innocent = trained.getOrDefault(counterKey(user, TrainingClass.INNOCENT), new AtomicLong()).get();
                figures.append(String.format(Locale.ROOT, "%s: both nodes trained %d spam, %d innocent; dspam_stats %s;"
                        + " %d token rows, spam_hits %d, innocent_hits %d; single-node run: %d rows, spam_hits %d,"
                        + " innocent_hits %d%n", user, spam, innocent, both.stats(), both.tokens().size(), both.spamHits(),
                    both.innocentHits(), single.tokens().size(), single.spamHits(), single.innocentHits()));
                assertThat(spam + innocent).isEqualTo(2L * PER_NODE / USERS.size());
                assertThat(both.stats()).as("dspam_stats of %s", user).isEqualTo(Map.of(
                    "spam_learned", spam, "innocent_learned", innocent, "spam_corpusfed", spam,
                    "innocent_corpusfed", innocent, "spam_misclassified", 0L, "innocent_misclassified", 0L,
                    "spam_classified", 0L, "innocent_classified", 0L));
                assertThat(both.stats()).isEqualTo(single.stats());
                assertThat(both.tokens().size()).as("token rows of %s", user).isEqualTo(single.tokens().size());
                assertThat(both.spamHits()).as("sum of spam_hits of %s", user).isEqualTo(single.spamHits());
                assertThat(both.innocentHits()).as("sum of innocent_hits of %s", user).isEqualTo(single.innocentHits());
                assertThat(both.tokens()).as("token table of %s, row by row", user).isEqualTo(single.tokens());
            }
            figures.append(String.format(Locale.ROOT, "two nodes: %d trainings in %d s (%d WebAdmin clients per node,"
                + " at the same time); single-node reference run (engine directly, a thread per user) %d s%n", 2 * PER_NODE,
                seconds, CLIENTS_PER_NODE, referenceSeconds));
        } finally {
            ItReport.write("two-nodes-training", figures.toString());
            reference.close();
        }
    }

    /**
     * The same trainings through one engine directly into {@code reference}: each user's one after
     * the other (A's 500, then B's), the four users side by side (their rows are disjoint).
     */
    private static void singleNodeRun(TestDatabase reference, List<Training> workload) throws Exception {
        SqlStoreOptions options = SqlStoreOptions.of(reference.url()).withCredentials(reference.user(), null);
        ExecutorService perUser = Executors.newFixedThreadPool(USERS.size());
        try (EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), SqlDspamStore.open(options))) {
            List<Future<Void>> done = new ArrayList<>();
            for (String user : USERS) {
                done.add(perUser.submit(() -> {
                    for (int node = 0; node < 2; node++) {
                        for (Training training : workload) {
                            if (training.user.equals(user)) {
                                assertThat(WholeMessageTraining.train(engine, DspamUser.of(user), training.trainingClass,
                                    TrainingSource.CORPUS, training.message.bytes())).isTrue();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> user : done) {
                user.get(10, TimeUnit.MINUTES);
            }
        } finally {
            perUser.shutdownNow();
        }
    }

    @Test
    @Order(2)
    void aCorrectionOnNodeBChangesTheVerdictOnNodeA() throws Exception {
        String user = USERS.get(0);
        List<CorpusMessage> candidates = new ArrayList<>();
        for (CorpusMessage message : Corpus.load().testSet()) {
            if (!message.isSpam() && candidates.size() < 10) {
                candidates.add(message);
            }
        }
        try (SMTPMessageSender smtp = nodeA.smtp()) {
            for (int i = 0; i < candidates.size(); i++) {
                nodeA.send(smtp, user, MailetItMail.withHeader("X-Twonode-Probe: candidate-" + i, candidates.get(i).crlfBytes()));
            }
        }
        Map<String, String> verdictsOnA = awaitVerdicts(nodeA, user, "X-Twonode-Probe", candidates.size());
        Optional<Integer> chosen = Optional.empty();
        for (int i = 0; i < candidates.size() && chosen.isEmpty(); i++) {
            if (verdictsOnA.get("candidate-" + i).startsWith("Innocent,")) {
                chosen = Optional.of(i);
            }
        }
        assertThat(chosen).as("a test-set ham message node A calls Innocent (not Whitelisted), among %s", verdictsOnA)
            .isPresent();
        CorpusMessage ham = candidates.get(chosen.get());
        String before = verdictsOnA.get("candidate-" + chosen.get());
        long correctionsBefore = nodeA.statistics(user).getLong("spamMisclassified");

        String after = before;
        int corrections = 0;
        while (!after.startsWith("Spam,") && corrections < MAX_CORRECTIONS) {
            corrections++;
            correctOnNodeB(user, ham, corrections);
            long expected = correctionsBefore + corrections;
            // node A reads the correction node B trained: one dictionary
            AWAIT.until(() -> nodeA.statistics(user).getLong("spamMisclassified") == expected);
            try (SMTPMessageSender smtp = nodeA.smtp()) {
                nodeA.send(smtp, user, MailetItMail.withHeader("X-Twonode-Check: check-" + corrections, ham.crlfBytes()));
            }
            String checkId = "check-" + corrections;
            after = AWAIT.until(() -> verdicts(nodeA, user, "X-Twonode-Check").get(checkId), verdict -> verdict != null);
        }
        ItReport.write("two-nodes-correction", String.format(Locale.ROOT, "%s for %s on node A before: '%s'; after %d"
            + " correction(s) on node B (IMAP MOVE into Spam): '%s'", ham, user, before, corrections, after));
        assertThat(className(after)).as("node A's verdict after %d correction(s) made on node B (before: %s)",
            corrections, before).isEqualTo("Spam");
        assertThat(probability(after)).isGreaterThan(probability(before));
    }

    /**
     * Both nodes deliver the same 500 test-set messages over SMTP at the same time (four
     * connections each, message {@code i} for user {@code i mod 4}): process mode, each delivery
     * classifies the mail, learns or counts it and stores its signature. Which verdicts come out
     * depends on the order the two nodes' writes land in, so no single-node run can be compared
     * row by row (see the class comment); what must hold whatever the order is that nothing of
     * any delivery is lost: every user's {@code dspam_stats} moved by exactly one counter of the
     * verdict's side per delivered mail (learned or classified), nothing else moved, and every
     * delivery's signature is stored.
     */
    @Test
    @Order(3)
    void concurrentDeliveriesOnBothNodesLoseNoUpdate() throws Exception {
        List<CorpusMessage> messages = Corpus.load().testSet().subList(0, PER_NODE);
        Map<String, DspamTables.Dictionary> before = new ConcurrentHashMap<>();
        for (String user : USERS) {
            before.put(user, DspamTables.dictionary(shared, user).orElseThrow());
        }
        long seconds = clientsOnBothNodesAtOnce((name, node, first) -> {
            try (SMTPMessageSender smtp = node.smtp()) {
                for (int i = first; i < PER_NODE; i += CLIENTS_PER_NODE) {
                    node.send(smtp, USERS.get(i % USERS.size()), MailetItMail.withHeader(
                        "X-Twonode-Delivery: " + name + "-" + i, messages.get(i).crlfBytes()));
                }
            }
        });

        StringBuilder figures = new StringBuilder();
        for (String user : USERS) {
            List<String> results = new ArrayList<>();
            for (JamesNode node : List.of(nodeA, nodeB)) {
                // Each node's mailboxes hold what it delivered (memory servers)
                results.addAll(awaitVerdicts(node, user, "X-Twonode-Delivery", PER_NODE / USERS.size()).values());
            }
            long spam = results.stream().filter(result -> className(result).equals("Spam")).count();
            long innocent = results.stream().filter(result -> List.of("Innocent", "Whitelisted").contains(className(result)))
                .count();
            // A failure of the shared database (a lost write) would show here as a store failure. DSPAM itself
            // fails a TOE classification that has nothing to store (no From* token, no BNR pattern yet) after
            // counting it in the totals (docs/ENGINE-SPEC.md, the hash driver's empty write): such a mail moves
            // one counter with no verdict to show for it.
            List<String> unclassified = results.stream().filter(result -> result.startsWith(UNCLASSIFIED))
                .collect(Collectors.toList());
            assertThat(unclassified).as("deliveries of %s without a verdict", user)
                .allMatch(result -> result.startsWith(UNCLASSIFIED + "nothing to store"));
            DspamTables.Dictionary after = DspamTables.dictionary(shared, user).orElseThrow();
            DspamTables.Dictionary earlier = before.get(user);
            figures.append(String.format(Locale.ROOT, "%s: %d deliveries on both nodes, %d Spam, %d Innocent or"
                    + " Whitelisted, %d without a verdict %s; dspam_stats before %s, after %s; signatures %d -> %d%n", user,
                results.size(), spam, innocent, unclassified.size(), unclassified, earlier.stats(), after.stats(),
                earlier.signatures().size(), after.signatures().size()));
            assertThat(spam + innocent + unclassified.size()).as("deliveries of %s: %s", user, results)
                .isEqualTo(2L * PER_NODE / USERS.size());
            long spamSide = moved(earlier, after, "spam_learned") + moved(earlier, after, "spam_classified");
            long innocentSide = moved(earlier, after, "innocent_learned") + moved(earlier, after, "innocent_classified");
            assertThat(spamSide + innocentSide).as("counters moved for %s's %d deliveries", user, results.size())
                .isEqualTo(results.size());
            assertThat(spamSide).as("spam side of %s", user).isBetween(spam, spam + unclassified.size());
            assertThat(innocentSide).as("innocent side of %s", user).isBetween(innocent, innocent + unclassified.size());
            for (String column : List.of("spam_corpusfed", "innocent_corpusfed", "spam_misclassified", "innocent_misclassified")) {
                assertThat(moved(earlier, after, column)).as("%s of %s", column, user).isZero();
            }
            assertThat(after.signatures().size() - earlier.signatures().size()).as("signatures of %s", user)
                .isEqualTo(spam + innocent);
        }
        figures.append(String.format(Locale.ROOT, "two nodes: %d SMTP deliveries in %d s (%d connections per node, at the"
            + " same time)%n", 2 * PER_NODE, seconds, CLIENTS_PER_NODE));
        ItReport.write("two-nodes-delivery", figures.toString());
    }

    private static long moved(DspamTables.Dictionary before, DspamTables.Dictionary after, String column) {
        return after.stat(column) - before.stat(column);
    }

    /** Delivers the message through node B and, if B filed it in INBOX, moves it into Spam there. */
    private static void correctOnNodeB(String user, CorpusMessage ham, int round) throws Exception {
        String id = "correction-" + round;
        try (SMTPMessageSender smtp = nodeB.smtp()) {
            nodeB.send(smtp, user, MailetItMail.withHeader("X-Twonode-Correction: " + id, ham.crlfBytes()));
        }
        String verdict = AWAIT.until(() -> verdicts(nodeB, user, "X-Twonode-Correction").get(id), v -> v != null);
        assertThat(verdict).as("node B's verdict of the copy to correct").startsWith("Innocent,");
        try (TestIMAPClient imap = nodeB.imap(user)) {
            imap.select(TestIMAPClient.INBOX);
            // every earlier copy on node B was moved into Spam: this one is alone in INBOX
            assertThat(imap.getMessageCount(TestIMAPClient.INBOX)).isEqualTo(1);
            imap.moveFirstMessage("Spam");
        }
    }

    /** Waits until {@code count} messages carrying {@code idHeader} arrived; id → X-DSPAM-Result. */
    private static Map<String, String> awaitVerdicts(JamesNode node, String user, String idHeader, int count) {
        return AWAIT.until(() -> verdicts(node, user, idHeader), found -> found.size() == count);
    }

    private static Map<String, String> verdicts(JamesNode node, String user, String idHeader) throws Exception {
        Map<String, String> verdicts = new ConcurrentHashMap<>();
        for (String mailbox : List.of(TestIMAPClient.INBOX, "Spam")) {
            for (String block : node.headers(user, mailbox, idHeader.toUpperCase(Locale.ROOT), "X-DSPAM-RESULT",
                "X-DSPAM-UNCLASSIFIED")) {
                List<String> ids = MailetItMail.headerValues(block, idHeader);
                List<String> results = MailetItMail.headerValues(block, "X-DSPAM-Result");
                List<String> why = MailetItMail.headerValues(block, "X-DSPAM-Unclassified");
                if (!ids.isEmpty()) {
                    verdicts.put(ids.get(0), !results.isEmpty() ? results.get(0)
                        : UNCLASSIFIED + (why.isEmpty() ? "skipped" : why.get(0)));
                }
            }
        }
        return verdicts;
    }

    private static String className(String result) {
        Matcher matcher = RESULT.matcher(result);
        return matcher.find() ? matcher.group(1) : result;
    }

    private static double probability(String result) {
        Matcher matcher = RESULT.matcher(result);
        if (!matcher.find()) {
            throw new AssertionError("not an X-DSPAM-Result: " + result);
        }
        return Double.parseDouble(matcher.group(2));
    }
}

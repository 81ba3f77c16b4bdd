package io.jamesdspam.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.awaitility.Awaitility;

import io.jamesdspam.it.cluster.DspamTables;
import io.jamesdspam.it.mailet.MailetItMail;
import io.jamesdspam.it.mailet.MailetItServer;
import io.jamesdspam.testing.TestDatabase;

/**
 * The scenario of {@link DatabaseRestartIT} and {@link MariaDbRestartIT}: the embedded engine on
 * SQL storage while the machine's real database server is stopped and started again in the
 * middle of 500 deliveries (sent at
 * {@value #MAILS_PER_SECOND} a second; the database is away for about {@value #OUTAGE_SECONDS} s
 * from mail {@value #STOP_AT}). Every mail must be delivered, those DSPAM could not classify with
 * the reason in the {@code dspam.result} attribute (copied into a header by
 * {@link VerdictReasonHeader}); classification must resume by itself, and no message may be
 * half-applied: with TEFT every learned mail keeps one signature, so the learned totals equal the
 * signatures stored, and the token table equals exactly what the stored signatures add up to (+1
 * per token of each signature, in the class of that mail's verdict); every classified mail's
 * signature is stored.
 *
 * <p>Learned is not always classified: when the circuit breaker opens while calls wait for a
 * connection, those mails go on unclassified ("it may have learned from this request") while
 * their call, once the database is back, learns the whole message. The test counts them
 * ({@code learnedButDeliveredWithoutVerdict}) and requires that many mails to carry that
 * "may have learned" reason: applied whole, and said so.
 *
 * <p>Other SQL tests share these servers: the outage is kept short, and the service is started
 * again in a finally block whatever happened.
 *
 * <p>Each IT holds one run in a static field, registers its {@link #james()}, calls {@link #run()}
 * in its test and {@link #dropDatabase()} after all; only the server, the database and the
 * scenario's name differ.
 */
final class DatabaseRestartRun {
    private static final int MAILS = 500;
    private static final int STOP_AT = 150;
    private static final int MAILS_PER_SECOND = 20;
    private static final int OUTAGE_SECONDS = 8;

    private final Function<TestDatabase, DatabaseService> service;
    private final String name;
    private final JamesServerExtension james;
    private TestDatabase database;

    /**
     * The scenario {@code name} on a James whose storage is the database {@code twonode_<databaseName>}
     * on {@code kind}'s server (created empty when James starts), stopped and started by {@code service}.
     */
    DatabaseRestartRun(TestDatabase.Kind kind, String databaseName, Function<TestDatabase, DatabaseService> service,
                       String name) {
        this.service = service;
        this.name = name;
        this.james = MailetItServer.extension("dbrestart", () -> {
            database = TestDatabase.createNamed(kind, "twonode_", databaseName);
            return dspamProperties(database);
        });
    }

    /** The IT's James, to register with {@code @RegisterExtension}. */
    JamesServerExtension james() {
        return james;
    }

    /** The scenario, on the started James. */
    void run() throws Exception {
        run(james.getGuiceJamesServer(), database, service.apply(database), name);
    }

    /** For {@code @AfterAll}: stops James, then drops its database (if it was created). */
    void dropDatabase() {
        if (database != null) {
            james.getGuiceJamesServer().stop();
            database.close();
        }
    }

    /** The dspam.properties of the scenario's James: SQL storage in {@code database}, the scenario's dspam.conf. */
    private static Map<String, String> dspamProperties(TestDatabase database) {
        Map<String, String> properties = new LinkedHashMap<>(database.dspamProperties());
        properties.put("backend", "embedded");
        properties.put("embedded.dspamConf", "conf/dspam.conf");
        // Longer than the pool's 5 s wait for a connection: a call that gets its connection just as
        // the database comes back finishes within the mail's timeout instead of learning a mail
        // already delivered unclassified
        properties.put("timeout", "15s");
        properties.put("breaker.openFor", "2s");
        return properties;
    }

    /** Runs the scenario {@code name} on {@code james}, whose storage is {@code database}, served by {@code service}. */
    private static void run(GuiceJamesServer james, TestDatabase database, DatabaseService service, String name)
            throws Exception {
        service.requireControllable();
        MailPhase phase = new MailPhase(james, name)
            .describedAs("backend=embedded, embedded.storage=" + database.dspamProperties().get("embedded.storage")
                + " (database " + database.name() + " on " + database.kind() + "), TEFT; counted over IMAP");
        phase.send(10);
        MailetItMail.awaitSpoolEmpty(phase.server());
        assertThat(phase.classifiedSoFar()).as("mails classified before the fault").isEqualTo(10);

        Map<String, Long> sentAt = new HashMap<>();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService sender = Executors.newSingleThreadExecutor();
        long stoppedAt;
        long startedAt;
        long sentAtStop;
        long sentAtStart;
        try {
            Future<?> sending = sender.submit(() -> {
                long start = System.nanoTime();
                for (int i = 0; i < MAILS; i++) {
                    long due = start + i * 1_000_000_000L / MAILS_PER_SECOND;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    sentAt.put(phase.send(), System.nanoTime());
                    sent.incrementAndGet();
                }
                return null;
            });
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                .until(() -> sent.get() >= STOP_AT);
            try {
                service.stop();
                stoppedAt = System.nanoTime();
                sentAtStop = sent.get();
                TimeUnit.SECONDS.sleep(OUTAGE_SECONDS);
            } finally {
                service.ensureRunning();
            }
            startedAt = System.nanoTime();
            sentAtStart = sent.get();
            sending.get(5, TimeUnit.MINUTES);
        } finally {
            sender.shutdownNow();
            service.ensureRunning();
        }
        MailetItMail.awaitSpoolEmpty(phase.server());
        phase.awaitClassificationResumes();

        ReliabilityReport.Scenario scenario = phase.count(ReliabilityReport.Kind.FAULT, "database-" + name,
            MAILS + " mails at " + MAILS_PER_SECOND + "/s; the machine's " + service + " stopped after mail " + STOP_AT
                + " and started again " + OUTAGE_SECONDS + " s later", 0);
        Delivered delivered = Delivered.read(phase);
        DspamTables.Dictionary dictionary = DspamTables.dictionary(database, phase.user()).orElseThrow();

        long unclassifiedDuringRun = delivered.unclassifiedSubjects().stream().filter(sentAt::containsKey).count();
        long firstClassifiedAfterRestartMs = sentAt.entrySet().stream()
            .filter(entry -> entry.getValue() > startedAt && delivered.isClassified(entry.getKey()))
            .mapToLong(entry -> (entry.getValue() - startedAt) / 1_000_000).min().orElse(-1);
        long lastUnclassifiedAfterRestartMs = sentAt.entrySet().stream()
            .filter(entry -> entry.getValue() > startedAt && !delivered.isClassified(entry.getKey()))
            .mapToLong(entry -> (entry.getValue() - startedAt) / 1_000_000).max().orElse(-1);
        long learned = dictionary.stat("spam_learned") + dictionary.stat("innocent_learned");
        Map<Long, DspamTables.Hits> fromSignatures = delivered.tokensOfSignatures(dictionary);
        long halfApplied = dictionary.tokens().equals(fromSignatures) ? 0 : 1;
        long learnedWithoutVerdict = learned - delivered.classifiedCount();
        scenario.addLost(halfApplied)
            .figure("databaseAwayMs", (startedAt - stoppedAt) / 1_000_000)
            .figure("unclassifiedOfThe" + MAILS, unclassifiedDuringRun)
            .figure("firstClassifiedMailSentAfterRestartMs", firstClassifiedAfterRestartMs)
            .figure("lastUnclassifiedMailSentAfterRestartMs", lastUnclassifiedAfterRestartMs)
            .figure("reasonsUnclassified", delivered.reasons())
            .figure("learnedInDatabase", learned)
            .figure("learnedButDeliveredWithoutVerdict", learnedWithoutVerdict)
            .figure("mailsSentBeforeStop", sentAtStop)
            .figure("mailsSentBeforeRestart", sentAtStart)
            .figure("signaturesInDatabase", dictionary.signatures().size())
            .figure("tokenRows", dictionary.tokens().size())
            .note("lost also counts 1 when the token table differs from the sum of the stored signatures (a half-applied message)");
        scenario.recordAndAssertClean();

        assertThat(unclassifiedDuringRun).as("mails delivered unclassified while the database was away").isPositive();
        assertThat(delivered.unclassifiedWithoutReason()).as("unclassified mails whose attribute gives no reason").isEmpty();
        assertThat(learned).as("learned totals = signatures stored").isEqualTo(dictionary.signatures().size());
        assertThat(dictionary.signatures().keySet()).as("every classified mail's signature is stored")
            .containsAll(delivered.signatures().keySet());
        assertThat(delivered.signatures()).hasSize((int) delivered.classifiedCount());
        assertThat(learnedWithoutVerdict).as("mails learned but delivered without verdict, at most those told 'may have learned'")
            .isBetween(0L, delivered.toldMayHaveLearned());
        assertThat(dictionary.tokens()).as("token table = the sum of the stored signatures").isEqualTo(fromSignatures);
    }

    /** Every mail of the phase's user as read over IMAP: its verdict, signature and the reason of a missing verdict. */
    private static final class Delivered {
        private final Map<String, String> verdictBySubject = new HashMap<>();
        private final Map<String, String> signatureClasses = new HashMap<>();
        private final Map<String, String> reasonBySubject = new HashMap<>();

        static Delivered read(MailPhase phase) throws Exception {
            Delivered delivered = new Delivered();
            for (String mailbox : List.of("INBOX", "Spam")) {
                for (String block : MailetItMail.headersOfEveryMessage(phase.server(), phase.user(), mailbox, "SUBJECT",
                    "X-DSPAM-RESULT", "X-DSPAM-SIGNATURE", VerdictReasonHeader.HEADER.toUpperCase())) {
                    String subject = MailetItMail.headerValues(block, "Subject").get(0);
                    List<String> result = MailetItMail.headerValues(block, "X-DSPAM-Result");
                    List<String> signature = MailetItMail.headerValues(block, "X-DSPAM-Signature");
                    List<String> reason = MailetItMail.headerValues(block, VerdictReasonHeader.HEADER);
                    delivered.verdictBySubject.put(subject, result.isEmpty() ? "" : result.get(0));
                    if (!result.isEmpty() && !signature.isEmpty()) {
                        delivered.signatureClasses.put(signature.get(0), result.get(0).startsWith("Spam") ? "spam" : "innocent");
                    }
                    if (!reason.isEmpty()) {
                        delivered.reasonBySubject.put(subject, reason.get(0));
                    }
                }
            }
            return delivered;
        }

        boolean isClassified(String subject) {
            return !verdictBySubject.getOrDefault(subject, "").isEmpty();
        }

        long classifiedCount() {
            return verdictBySubject.values().stream().filter(v -> !v.isEmpty()).count();
        }

        List<String> unclassifiedSubjects() {
            List<String> subjects = new ArrayList<>();
            verdictBySubject.forEach((subject, verdict) -> {
                if (verdict.isEmpty()) {
                    subjects.add(subject);
                }
            });
            return subjects;
        }

        List<String> unclassifiedWithoutReason() {
            List<String> subjects = new ArrayList<>(unclassifiedSubjects());
            subjects.removeIf(reasonBySubject::containsKey);
            return subjects;
        }

        /** The distinct reasons, each cut after its first 120 characters (ids and times differ). */
        Set<String> reasons() {
            Set<String> reasons = new TreeSet<>();
            reasonBySubject.values().forEach(reason -> reasons.add(reason.length() > 120 ? reason.substring(0, 120) : reason));
            return reasons;
        }

        /** Unclassified mails whose reason says DSPAM may have learned from them anyway. */
        long toldMayHaveLearned() {
            return reasonBySubject.values().stream().filter(reason -> reason.contains("may have learned")).count();
        }

        Map<String, String> signatures() {
            return signatureClasses;
        }

        /** What the stored signatures add up to: +1 per token of each, in the class of its mail's verdict. */
        Map<Long, DspamTables.Hits> tokensOfSignatures(DspamTables.Dictionary dictionary) {
            Map<Long, DspamTables.Hits> sums = new HashMap<>();
            dictionary.signatures().forEach((id, data) -> {
                boolean spam = "spam".equals(signatureClasses.get(id));
                DspamTables.Hits one = new DspamTables.Hits(spam ? 1 : 0, spam ? 0 : 1);
                for (long token : DspamTables.Dictionary.tokensOf(data)) {
                    sums.merge(token, one, DspamTables.Hits::plus);
                }
            });
            return sums;
        }
    }
}

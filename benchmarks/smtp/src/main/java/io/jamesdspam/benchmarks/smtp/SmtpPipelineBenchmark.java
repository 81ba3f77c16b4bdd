package io.jamesdspam.benchmarks.smtp;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.jamesdspam.benchmarks.smtp.PipelineServer.Pipeline;
import io.jamesdspam.benchmarks.smtp.PipelineServer.ThreadIds;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.engine.storage.sql.SqlDspamStore;
import io.jamesdspam.engine.storage.sql.SqlStoreOptions;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * Messages per second from SMTP accept to mailbox, for the shipped pipeline with DSPAM (embedded
 * engine, process mode, Spam-folder routing) and for the same pipeline without its two DSPAM
 * mailets, each server in a JVM of its own, both up for the whole run and measured in
 * alternating rounds, so that machine load weighs on both alike.
 *
 * <p>Set-up, not measured: each recipient's DSPAM dictionary is trained on the corpus train folds
 * (0–6) in the server's own store before it boots, as after some weeks of use. A round sends every
 * test-fold message (7–9) {@code --repeat} times, to {@code --recipients} users each (round-robin), over several SMTP
 * connections at once, and ends when the mailbox event bus has seen every accepted message land.
 * A warm-up round per pipeline comes first; then the rounds alternate between the servers (see {@link #run}).
 * Beside msg/s, each round takes the measured server process's processor time per message.
 *
 * <p>Options: {@code --rounds N} (5), {@code --connections N} (4), {@code --users N} (4),
 * {@code --recipients N} (1; at most the users), {@code --messages N} (every test message),
 * {@code --repeat N} (3: the messages are sent N times a round, so that a round lasts long enough
 * to outweigh what a server still does after its previous one),
 * {@code --storage journal|postgresql} (journal: the DSPAM pipeline's store; postgresql: DSPAM's
 * tables in a fresh database {@code bench_smtp} on the machine's PostgreSQL, user postgres,
 * {@code -Dbench.postgres.url} names another server), {@code --train N} (corpus messages trained
 * per user, all of folds 0–6 by default; the SQL store trains slower, so fewer keep the set-up short),
 * {@code --thread-ids naive|search} (naive: each delivered message its own JMAP thread, as James's
 * JPA server binds it; search: James's memory server as it ships, whose header search over the
 * user's mailboxes on every delivery costs more the more mail the round has delivered, and was most
 * of both servers' processor time, see {@link PipelineServer.ThreadIds}).
 * Needs {@code -Ddspam.root=<checkout>}. The summary also goes to
 * {@code benchmarks/target/benchmark-report/smtp-recipients-N.json} for {@code report.sh}
 * ({@code smtp-postgresql-recipients-N.json} with PostgreSQL).
 */
public final class SmtpPipelineBenchmark {
    private static final String SENDER = "sender@elsewhere.net";
    private static final Duration ROUND_LIMIT = Duration.ofMinutes(15);
    private static final int WARM_UP_ROUNDS = 2;
    private static final Duration QUIET_WINDOW = Duration.ofMillis(250);
    private static final long QUIET_LIMIT_SECONDS = 30;
    /** The server JVMs' options beside -Xmx2g ({@code %p}: the pipeline's name), from run-smtp.sh's SERVER_JAVA_OPTS. */
    private static final List<String> SERVER_JVM_OPTIONS = Arrays.stream(System.getProperty("bench.server.jvmOptions", "")
        .trim().split("\\s+")).filter(option -> !option.isEmpty()).collect(Collectors.toList());
    private static final String JOURNAL = "journal";
    private static final String POSTGRESQL = "postgresql";
    private static final String POSTGRES_SERVER = System.getProperty("bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String SMTP_DATABASE = "bench_smtp";

    private final List<CorpusMessage> test;
    private final List<String> users;
    private final int connections;
    private final int recipients;
    private final String storage;
    private final ThreadIds threadIds;

    private SmtpPipelineBenchmark(List<CorpusMessage> test, List<String> users, int connections, int recipients,
                                  String storage, ThreadIds threadIds) {
        this.storage = storage;
        this.threadIds = threadIds;
        this.test = test;
        this.users = users;
        this.connections = connections;
        this.recipients = recipients;
    }

    public static void main(String[] args) {
        int status = 1;
        try {
            run(options(args));
            status = 0;
        } catch (Exception e) {
            e.printStackTrace();
        }
        // James leaves non-daemon threads (its mail queue workers) behind its stop()
        System.exit(status);
    }

    private static void run(Map<String, String> settings) throws Exception {
        String storage = settings.getOrDefault("storage", JOURNAL);
        if (!storage.equals(JOURNAL) && !storage.equals(POSTGRESQL)) {
            throw new IllegalArgumentException("--storage must be journal or postgresql: " + storage);
        }
        Map<String, Integer> options = new HashMap<>();
        settings.forEach((key, value) -> {
            if (!key.equals("storage") && !key.equals("thread-ids")) {
                options.put(key, Integer.parseInt(value));
            }
        });
        int rounds = options.getOrDefault("rounds", 5);
        int connections = options.getOrDefault("connections", 4);
        int userCount = options.getOrDefault("users", 4);
        int recipients = options.getOrDefault("recipients", 1);
        if (recipients < 1 || recipients > userCount) {
            throw new IllegalArgumentException("--recipients must be between 1 and --users (" + userCount + "): " + recipients);
        }
        Path root = Paths.get(System.getProperty("dspam.root", ".")).toAbsolutePath().normalize();
        Path sampleConf = root.resolve("james-conf/src/main/conf");
        if (!Files.isDirectory(sampleConf)) {
            throw new IllegalStateException("No sample configuration at " + sampleConf + " (set -Ddspam.root=<checkout>)");
        }

        Corpus corpus = Corpus.load();
        List<CorpusMessage> test = corpus.testSet();
        if (options.containsKey("messages")) {
            test = test.subList(0, Math.min(options.get("messages"), test.size()));
        }
        List<CorpusMessage> once = test;
        test = new ArrayList<>();
        for (int pass = 0; pass < options.getOrDefault("repeat", 3); pass++) {
            test.addAll(once);
        }
        List<String> users = new ArrayList<>();
        for (int i = 0; i < userCount; i++) {
            users.add("user" + i + "@" + PipelineServer.DOMAIN);
        }

        Path workingDirectory = Files.createTempDirectory("smtp-pipeline-benchmark");
        Map<Pipeline, Path> directories = new EnumMap<>(Pipeline.class);
        for (Pipeline pipeline : Pipeline.values()) {
            Path directory = workingDirectory.resolve(pipeline.name().toLowerCase(Locale.ROOT));
            PipelineServer.prepare(pipeline, sampleConf, directory);
            if (pipeline == Pipeline.DSPAM) {
                List<CorpusMessage> trainSet = corpus.trainSet();
                trainSet = trainSet.subList(0, Math.min(options.getOrDefault("train", trainSet.size()), trainSet.size()));
                if (storage.equals(POSTGRESQL)) {
                    SqlStoreOptions database = freshPostgresDatabase();
                    PipelineServer.useSqlStorage(directory, database);
                    train(() -> SqlDspamStore.open(database), users, trainSet);
                    analyze(database);
                } else {
                    Path store = Files.createDirectories(directory.resolve("var/dspam"));
                    train(() -> JournalDspamStore.open(store), users, trainSet);
                }
            }
            directories.put(pipeline, directory);
        }
        ThreadIds threadIds = ThreadIds.valueOf(settings.getOrDefault("thread-ids", "naive").toUpperCase(Locale.ROOT));
        new SmtpPipelineBenchmark(test, users, connections, recipients, storage, threadIds).run(directories, rounds);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Usage: [--rounds N] [--connections N] [--users N] [--recipients N]"
                    + " [--messages N] [--repeat N] [--storage journal|postgresql] [--train N] [--thread-ids search|naive]");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    /** A store the DSPAM pipeline's server will open. */
    @FunctionalInterface
    private interface StoreOpener {
        DspamStore open() throws IOException;
    }

    /**
     * Corpus training of every user in the store the Dspam mailet will open (the sample's
     * embedded.directory, or the SQL database), one thread per user: each user's dictionary is
     * its own, and a database store is mostly waiting for its server.
     */
    private static void train(StoreOpener opener, List<String> users, List<CorpusMessage> trainSet) throws Exception {
        long start = System.nanoTime();
        ExecutorService trainers = Executors.newFixedThreadPool(users.size());
        try (EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), opener.open())) {
            List<Future<?>> done = new ArrayList<>();
            for (String user : users) {
                done.add(trainers.submit(() -> {
                    for (CorpusMessage message : trainSet) {
                        engine.execute(DspamRequest.train(List.of(DspamUser.of(user)),
                            message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT, TrainingSource.CORPUS,
                            message.bytes()));
                    }
                    return null;
                }));
            }
            for (Future<?> user : done) {
                user.get();
            }
        } finally {
            trainers.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "[set-up] trained %d users on %d corpus messages each in %.1f s%n",
            users.size(), trainSet.size(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * The planner's statistics of the freshly trained token table, as autovacuum or DSPAM's nightly
     * {@code purge.sql} (VACUUM ANALYSE) would have gathered them on a database in use. Without
     * them PostgreSQL reads a message's tokens by scanning the user's whole dictionary (its guess
     * for one uid is 0.5 % of the table): 50–300 ms a read instead of 1–2 ms, and this machine's
     * PostgreSQL runs with autovacuum off.
     */
    private static void analyze(SqlStoreOptions database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE dspam_token_data");
        }
    }

    /** An empty database {@code bench_smtp} (dropped and created) on the PostgreSQL server. */
    private static SqlStoreOptions freshPostgresDatabase() {
        try (Connection connection = DriverManager.getConnection(POSTGRES_SERVER + "postgres", "postgres", null);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + SMTP_DATABASE);
            statement.execute("CREATE DATABASE " + SMTP_DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create " + SMTP_DATABASE + " at " + POSTGRES_SERVER + ": "
                + e.getMessage(), e);
        }
        return SqlStoreOptions.of(POSTGRES_SERVER + SMTP_DATABASE).withCredentials("postgres", null);
    }

    /**
     * Both servers stay up for the whole measurement, each in its own JVM (James 3.8.1 registers its
     * processors' MBeans whatever the configuration says, so two cannot share one), started one after
     * the other and warmed with {@value #WARM_UP_ROUNDS} full rounds each (the JIT was still speeding
     * the servers up after one); the rounds then alternate between them, as mail reaches servers in
     * service. No server restarts between rounds, so a round measures the steady state (the DSPAM
     * store's users open, their dictionaries copied into the heap), not a server's first minutes
     * after a boot. Before each round, not measured, the mailboxes are emptied (as users who read and
     * delete their mail keep them) and both servers are let finish what their last round left; the
     * idle server's processor time during the round is printed, so leftovers measured in the other
     * pipeline's round would show.
     */
    private void run(Map<Pipeline, Path> directories, int rounds) throws Exception {
        List<byte[]> messages = test.stream().map(CorpusMessage::crlfBytes).collect(Collectors.toList());
        long spamSent = test.stream().filter(CorpusMessage::isSpam).count();
        System.out.printf(Locale.ROOT, "[set-up] %d test messages per round (%d spam), %d recipient(s) each, %d SMTP"
            + " connections, %d users, thread ids %s, %d cores, load %.2f%n", messages.size(), spamSent, recipients, connections,
            users.size(), threadIds.name().toLowerCase(Locale.ROOT),
            Runtime.getRuntime().availableProcessors(), loadAverage());
        Map<Pipeline, PipelineProcess> servers = new EnumMap<>(Pipeline.class);
        try {
            for (Pipeline pipeline : Pipeline.values()) {
                servers.put(pipeline, PipelineProcess.start(pipeline, directories.get(pipeline), users, threadIds,
                    SERVER_JVM_OPTIONS));
            }
            for (int warmUp = 0; warmUp < WARM_UP_ROUNDS; warmUp++) {
                for (Pipeline pipeline : Pipeline.values()) {
                    System.out.printf(Locale.ROOT, "[warm-up] %-5s %s%n", pipeline, round(servers, pipeline, messages));
                }
            }
            Map<Pipeline, List<Round>> results = new EnumMap<>(Pipeline.class);
            List<Double> ratios = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                // alternate which pipeline goes first, so neither always follows the other's garbage
                List<Pipeline> order = r % 2 == 1 ? List.of(Pipeline.BARE, Pipeline.DSPAM) : List.of(Pipeline.DSPAM, Pipeline.BARE);
                Map<Pipeline, Round> thisRound = new EnumMap<>(Pipeline.class);
                for (Pipeline pipeline : order) {
                    Round round = round(servers, pipeline, messages);
                    thisRound.put(pipeline, round);
                    results.computeIfAbsent(pipeline, p -> new ArrayList<>()).add(round);
                    System.out.printf(Locale.ROOT, "[round %d] %-5s %s (load %.2f)%n", r, pipeline, round, loadAverage());
                }
                ratios.add(thisRound.get(Pipeline.DSPAM).perSecond() / thisRound.get(Pipeline.BARE).perSecond());
            }
            report(results, ratios, spamSent);
            writeSummary(results, ratios);
        } finally {
            for (PipelineProcess server : servers.values()) {
                server.close();
            }
        }
    }

    /**
     * One pass over the messages through {@code pipeline}'s server: sends them on parallel
     * connections, waits until all are in mailboxes.
     */
    private Round round(Map<Pipeline, PipelineProcess> servers, Pipeline pipeline, List<byte[]> messages) throws Exception {
        PipelineProcess server = servers.get(pipeline);
        PipelineProcess idle = servers.get(pipeline == Pipeline.BARE ? Pipeline.DSPAM : Pipeline.BARE);
        server.emptyMailboxes();
        awaitQuiet(servers.values());
        PipelineProcess.Deliveries before = server.deliveries();
        Duration cpuBefore = server.cpuTime();
        Duration idleCpuBefore = idle.cpuTime();
        ExecutorService senders = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        List<Future<Integer>> accepted = new ArrayList<>();
        try {
            for (int c = 0; c < connections; c++) {
                int connection = c;
                accepted.add(senders.submit(() -> send(server.smtpPort(), messages, connection)));
            }
            int total = 0;
            for (Future<Integer> future : accepted) {
                total += future.get();
            }
            long acceptedAt = System.nanoTime();
            Duration left = ROUND_LIMIT.minusNanos(acceptedAt - start);
            // Each accepted message lands once per recipient.
            PipelineProcess.Deliveries after = server.awaitDelivered(before.delivered + (long) total * recipients, left);
            long end = System.nanoTime();
            if (!after.reached) {
                throw new IllegalStateException(pipeline + ": only " + (after.delivered - before.delivered)
                    + " of " + total * recipients + " deliveries reached a mailbox in " + ROUND_LIMIT);
            }
            return new Round(total, end - start, acceptedAt - start, after.toSpam - before.toSpam,
                server.cpuTime().minus(cpuBefore), idle.cpuTime().minus(idleCpuBefore));
        } finally {
            senders.shutdownNow();
        }
    }

    /**
     * Waits until the servers have finished what their last round left (listeners behind the
     * deliveries, compactions, the JIT, garbage collection): until neither used more than a tenth
     * of a core over a quarter of a second, or {@value #QUIET_LIMIT_SECONDS} s passed, so that one
     * pipeline's leftovers are not measured in the other's round.
     */
    private static void awaitQuiet(Collection<PipelineProcess> servers) throws InterruptedException {
        long deadline = System.nanoTime() + QUIET_LIMIT_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Map<PipelineProcess, Duration> before = new HashMap<>();
            servers.forEach(server -> before.put(server, server.cpuTime()));
            Thread.sleep(QUIET_WINDOW.toMillis());
            if (servers.stream().allMatch(server -> server.cpuTime().minus(before.get(server)).compareTo(QUIET_WINDOW.dividedBy(10)) < 0)) {
                return;
            }
        }
        System.out.printf(Locale.ROOT, "[warning] the servers were still busy after %d s; measuring anyway%n", QUIET_LIMIT_SECONDS);
    }

    /** Connection {@code c} sends messages c, c + n, c + 2n …, each to the next users in turn. */
    private int send(int port, List<byte[]> messages, int connection) throws Exception {
        int accepted = 0;
        try (SmtpSession smtp = new SmtpSession(port)) {
            for (int i = connection; i < messages.size(); i += connections) {
                List<String> to = new ArrayList<>(recipients);
                for (int r = 0; r < recipients; r++) {
                    to.add(users.get((i + r) % users.size()));
                }
                if (smtp.send(SENDER, to, messages.get(i))) {
                    accepted++;
                }
            }
        }
        return accepted;
    }

    private static void report(Map<Pipeline, List<Round>> results, List<Double> ratios, long spamSentPerRound) {
        System.out.println();
        System.out.println("SMTP accept -> mailbox, messages per second (mean ± sd over rounds)");
        for (Map.Entry<Pipeline, List<Round>> entry : results.entrySet()) {
            List<Double> rates = entry.getValue().stream().map(Round::perSecond).collect(Collectors.toList());
            List<Double> acceptRates = entry.getValue().stream().map(Round::acceptedPerSecond).collect(Collectors.toList());
            Round last = entry.getValue().get(entry.getValue().size() - 1);
            System.out.printf(Locale.ROOT, "  %-5s %8.1f ± %6.1f msg/s   (SMTP accept alone %8.1f ± %6.1f msg/s; deliveries into Spam %d"
                    + " for %d mails, %d of them spam)%n", entry.getKey(), mean(rates), sd(rates), mean(acceptRates), sd(acceptRates),
                last.spam, last.messages, spamSentPerRound);
        }
        for (Map.Entry<Pipeline, List<Round>> entry : results.entrySet()) {
            List<Double> cpu = entry.getValue().stream().map(Round::cpuMillisPerMessage).collect(Collectors.toList());
            double idle = entry.getValue().stream().mapToDouble(r -> r.idleServerCpu.toNanos() / 1e9).sum();
            System.out.printf(Locale.ROOT, "  %-5s server process CPU %.2f ± %.2f ms/msg; the other server's CPU during these rounds %.2f s"
                + " in all%n", entry.getKey(), mean(cpu), sd(cpu), idle);
        }
        double bare = mean(results.get(Pipeline.BARE).stream().map(Round::perSecond).collect(Collectors.toList()));
        double dspam = mean(results.get(Pipeline.DSPAM).stream().map(Round::perSecond).collect(Collectors.toList()));
        System.out.printf(Locale.ROOT, "  ratio DSPAM / bare: %.3f (ratio of means), %.3f ± %.3f (per round); goal with the journal store >= 0.9 (#16), with PostgreSQL >= 0.8 (#12)%n",
            dspam / bare, mean(ratios), sd(ratios));
    }

    /** The summary as JSON beside the other benchmarks' results, for the report. */
    private void writeSummary(Map<Pipeline, List<Round>> results, List<Double> ratios) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("recipients", recipients);
        summary.put("connections", connections);
        summary.put("messagesPerRound", test.size());
        summary.put("threadIds", threadIds.name().toLowerCase(Locale.ROOT));
        summary.put("rounds", ratios.size());
        for (Map.Entry<Pipeline, List<Round>> entry : results.entrySet()) {
            summary.put(entry.getKey().name().toLowerCase(Locale.ROOT) + "MessagesPerSecond",
                mean(entry.getValue().stream().map(Round::perSecond).collect(Collectors.toList())));
        }
        for (Map.Entry<Pipeline, List<Round>> entry : results.entrySet()) {
            summary.put(entry.getKey().name().toLowerCase(Locale.ROOT) + "CpuMillisPerMessage",
                mean(entry.getValue().stream().map(Round::cpuMillisPerMessage).collect(Collectors.toList())));
        }
        summary.put("ratioOfMeans", (Double) summary.get("dspamMessagesPerSecond") / (Double) summary.get("bareMessagesPerSecond"));
        summary.put("ratioPerRoundMean", mean(ratios));
        summary.put("ratioPerRoundSd", sd(ratios));
        summary.put("loadAverage", loadAverage());
        Path root = Paths.get(System.getProperty("dspam.root", ".")).toAbsolutePath().normalize();
        Path file = root.resolve("benchmarks/target/benchmark-report/smtp-"
            + (storage.equals(JOURNAL) ? "" : storage + "-") + "recipients-" + recipients + ".json");
        Files.createDirectories(file.getParent());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), summary);
        System.out.println("  summary written to " + file);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double sd(List<Double> values) {
        double mean = mean(values);
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return values.size() < 2 ? 0 : Math.sqrt(squares / (values.size() - 1));
    }

    /** One round's figures. */
    private static final class Round {
        private final int messages;
        private final long nanos;
        private final long acceptNanos;
        private final long spam;
        private final Duration serverCpu;
        private final Duration idleServerCpu;

        Round(int messages, long nanos, long acceptNanos, long spam, Duration serverCpu, Duration idleServerCpu) {
            this.messages = messages;
            this.nanos = nanos;
            this.acceptNanos = acceptNanos;
            this.spam = spam;
            this.serverCpu = serverCpu;
            this.idleServerCpu = idleServerCpu;
        }

        double perSecond() {
            return messages / (nanos / 1e9);
        }

        double acceptedPerSecond() {
            return messages / (acceptNanos / 1e9);
        }

        /** The measured server's processor time per message. */
        double cpuMillisPerMessage() {
            return serverCpu.toNanos() / 1e6 / messages;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d messages in %.2f s: %.1f msg/s to mailbox (all accepted after %.2f s), %d deliveries into Spam;"
                    + " server CPU %.2f ms/msg, the other server's CPU meanwhile %.2f s",
                messages, nanos / 1e9, perSecond(), acceptNanos / 1e9, spam, cpuMillisPerMessage(), idleServerCpu.toNanos() / 1e9);
        }
    }
}

package io.jamesdspam.benchmarks.users;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.jamesdspam.benchmarks.DictionaryCopy;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.StoredSignature;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.testing.CorpusMessage;

/**
 * The benchmark's users and their dictionaries (set-up, never measured). A few base users are
 * trained on the corpus, each on its own random sample of the training folds; every benchmark
 * user gets a random share of one base user's rows. Dictionaries thus differ from user to user
 * in size and content while generation stays fast (10,000 users in minutes). Generated once into
 * a directory with a marker of the parameters, and reused while they match.
 *
 * <p>User {@code i} is also the {@code i}-th busiest of the Zipf draw, and busy users have large
 * dictionaries: its share is {@code 1/sqrt(i+1)}, at least {@code minimumShare}. A base trained
 * on 300 messages of TOE + OSB holds about 330,000 tokens (≈ 6.6 MB of snapshot), so 10,000 users
 * of that size would need 66 GB; the head of the distribution has it, the tail a few percent.
 *
 * <p>With {@code signaturesPerUser} above 0 every user also holds that many signatures, dated over
 * the 14 days before today (DSPAM's default purge age), as a server that has run for weeks finds
 * them. Their payloads are {@value #SIGNATURE_BYTES} bytes where DSPAM's are ≈ 16 KB with OSB
 * (1,400 such per user would take 220 GB for 10,000 users): what a user's signatures cost while
 * the user is opened (their index, read or rebuilt) depends on their number, not their size.
 *
 * <p>With {@code messagesSinceSettled} above 0 every user is then mailed that many training
 * messages through the engine (process mode, the engine's defaults), which the journal store keeps
 * in the user's journal until its own rules compact it: what a reopening replays on a server that
 * has run for a while, where freshly settled users have nothing to replay.
 */
final class UserDictionaries {
    static final int BASE_USERS = 8;
    static final int SIGNATURE_BYTES = 160;
    private static final int SIGNATURE_DAYS = 14;
    private static final String MARKER = "generated.properties";

    private final int users;
    private final int messagesPerBase;
    private final double minimumShare;
    private final int signaturesPerUser;
    private final int messagesSinceSettled;
    private InMemoryDspamStore trainedBases;

    UserDictionaries(int users, int messagesPerBase, double minimumShare, int signaturesPerUser, int messagesSinceSettled) {
        this.users = users;
        this.messagesPerBase = messagesPerBase;
        this.minimumShare = minimumShare;
        this.signaturesPerUser = signaturesPerUser;
        this.messagesSinceSettled = messagesSinceSettled;
    }

    static DspamUser user(int index) {
        return DspamUser.of(String.format(Locale.ROOT, "user%05d@example.org", index));
    }

    /** Generates the store in {@code directory} unless it already holds these users. */
    void ensure(BenchmarkStore kind, Path directory, List<CorpusMessage> training) throws IOException {
        Properties wanted = marker();
        Path markerFile = directory.resolve(MARKER);
        if (Files.exists(markerFile)) {
            Properties found = new Properties();
            try (InputStream in = Files.newInputStream(markerFile)) {
                found.load(in);
            }
            if (found.equals(wanted)) {
                return;
            }
            throw new IllegalStateException(directory + " holds users generated with " + found + ", not " + wanted
                + "; remove it or choose another --directory");
        }
        long start = System.nanoTime();
        InMemoryDspamStore bases = bases(training);
        kind.createEmpty(directory);
        try (DspamStore store = kind.open(directory, kind.writerOptions())) {
            Mail mail = new Mail(store, training);
            forEachUser(index -> derive(kind, bases, store, mail, index));
        }
        kind.generated(directory);
        try (OutputStream out = Files.newOutputStream(markerFile)) {
            wanted.store(out, "users benchmark dictionaries");
        }
        System.out.printf(Locale.ROOT, "[set-up] %d users generated in %s in %.1f s%n", users, directory,
            (System.nanoTime() - start) / 1e9);
    }

    /** Gives the users back their generated dictionaries (a run learns and stores signatures). */
    void reset(BenchmarkStore kind, Path directory, Collection<Integer> indexes, List<CorpusMessage> training) {
        if (indexes.isEmpty()) {
            return;
        }
        InMemoryDspamStore bases = bases(training);
        try (DspamStore store = kind.open(directory, kind.writerOptions())) {
            Mail mail = new Mail(store, training);
            for (int index : indexes) {
                kind.clear(store, user(index));
                derive(kind, bases, store, mail, index);
            }
        }
    }

    private void derive(BenchmarkStore kind, InMemoryDspamStore bases, DspamStore store, Mail mail, int index) {
        double share = Math.max(minimumShare, 1.0 / Math.sqrt(index + 1.0));
        kind.write(store, user(index), DictionaryCopy.Sample.of(bases, baseUser(index % BASE_USERS), share, index));
        writeSignatures(store, user(index), index);
        kind.settle(store, user(index));
        mail.since(user(index), index);
    }

    /**
     * The messages a user was mailed since its dictionary was last settled, processed by the engine
     * as the server would (with its signatures and its compactions): what a store that has run for
     * a while holds beyond its users' snapshots.
     */
    private final class Mail {
        private final EmbeddedDspam engine;
        private final List<CorpusMessage> messages;

        Mail(DspamStore store, List<CorpusMessage> messages) {
            // Not closed: it would close the store, which its opener closes
            this.engine = EmbeddedDspam.create(EngineSettings.defaults(), store);
            this.messages = messages;
        }

        void since(DspamUser user, int index) {
            SplittableRandom random = new SplittableRandom(-1 - index);
            for (int n = 0; n < messagesSinceSettled; n++) {
                engine.execute(DspamRequest.process(List.of(user), messages.get(random.nextInt(messages.size())).bytes()));
            }
        }
    }

    /** The user's signatures, oldest first, each in an update of its own as the engine writes them (rows untouched). */
    private void writeSignatures(DspamStore store, DspamUser user, int index) {
        if (signaturesPerUser == 0) {
            return;
        }
        SplittableRandom random = new SplittableRandom(index);
        DspamTotals totals = store.totals(user);
        LocalDate today = LocalDate.now();
        byte[] data = new byte[SIGNATURE_BYTES];
        for (int n = 0; n < signaturesPerUser; n++) {
            random.nextBytes(data);
            LocalDate created = today.minusDays(SIGNATURE_DAYS - (long) n * SIGNATURE_DAYS / signaturesPerUser);
            StoredSignature signature = new StoredSignature(n + "," + Long.toHexString(random.nextLong()), data, created);
            store.apply(user, new MessageUpdate(totals, totals, List.of(), Optional.of(signature), created));
        }
    }

    /** The base dictionaries, trained once per benchmark (every reset needs them). */
    private InMemoryDspamStore bases(List<CorpusMessage> training) {
        if (trainedBases == null) {
            trainedBases = trainBases(training, messagesPerBase);
        }
        return trainedBases;
    }

    private static InMemoryDspamStore trainBases(List<CorpusMessage> training, int messagesPerBase) {
        InMemoryDspamStore bases = new InMemoryDspamStore();
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), bases);
        for (int base = 0; base < BASE_USERS; base++) {
            SplittableRandom random = new SplittableRandom(base);
            DspamUser user = baseUser(base);
            for (int i = 0; i < messagesPerBase; i++) {
                CorpusMessage message = training.get(random.nextInt(training.size()));
                engine.execute(DspamRequest.train(List.of(user), message.isSpam() ? TrainingClass.SPAM
                    : TrainingClass.INNOCENT, TrainingSource.CORPUS, message.bytes()));
            }
        }
        return bases;
    }

    private static DspamUser baseUser(int base) {
        return DspamUser.of("base" + base);
    }

    private interface UserTask {
        void run(int index);
    }

    /** Two writers: the machine's cores; the store takes different users in parallel. */
    private void forEachUser(UserTask task) throws IOException {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int worker = 0; worker < 2; worker++) {
                int first = worker;
                done.add(workers.submit(() -> {
                    for (int index = first; index < users; index += 2) {
                        task.run(index);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while generating users", e);
        } catch (ExecutionException e) {
            throw new IOException("Cannot generate users: " + e.getCause(), e.getCause());
        } finally {
            workers.shutdownNow();
        }
    }

    private Properties marker() {
        Properties properties = new Properties();
        properties.setProperty("users", Integer.toString(users));
        properties.setProperty("baseUsers", Integer.toString(BASE_USERS));
        properties.setProperty("messagesPerBase", Integer.toString(messagesPerBase));
        properties.setProperty("minimumShare", Double.toString(minimumShare));
        if (signaturesPerUser > 0) {
            // Absent when 0, so that stores generated before signatures were an option stay valid
            properties.setProperty("signaturesPerUser", Integer.toString(signaturesPerUser));
        }
        if (messagesSinceSettled > 0) {
            properties.setProperty("messagesSinceSettled", Integer.toString(messagesSinceSettled));
        }
        return properties;
    }
}

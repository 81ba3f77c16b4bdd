package io.jamesdspam.engine.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.preference.PreferenceStore;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.StoreBatch;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;
import io.jamesdspam.testing.TestDatabase;

/**
 * A user's messages written together ({@link EmbeddedDspam#executeTogether} on the SQL store) give
 * the same verdicts and leave the same rows, totals and signatures as the same messages written one
 * by one — corpus training, unlearning (counters going down, floored at 0), processing, classifying
 * and retraining by a signature of the same batch — and a failed write leaves nothing of the batch.
 */
class SqlBatchTest {
    private static final DspamUser ONE_BY_ONE = DspamUser.of("one-by-one@example.org");
    private static final DspamUser TOGETHER = DspamUser.of("together@example.org");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC);
    private static final int BATCH = 25;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void messagesWrittenTogetherLeaveWhatTheyLeaveOneByOne(TestDatabase.Kind kind) {
        Corpus corpus = Corpus.load();
        List<CorpusMessage> train = corpus.trainSet().subList(0, 120);
        List<CorpusMessage> test = corpus.testSet().subList(0, 10);
        EngineSettings settings = EngineSettings.defaults().toBuilder().trainingMode(TrainingMode.TEFT).build();
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "batch");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            EmbeddedDspam engine = EmbeddedDspam.create(settings, store, CLOCK);
            assertThat(engine.trainingBatchSize()).isEqualTo(EmbeddedDspam.TRAINING_BATCH);
            assertThat(EmbeddedDspam.create(settings, new InMemoryDspamStore()).trainingBatchSize()).as("in memory").isEqualTo(1);
            Function<DspamUser, List<DspamRequest>> requests = user -> {
                List<DspamRequest> list = new ArrayList<>();
                train.subList(0, 80).forEach(m -> list.add(DspamRequest.train(List.of(user), truth(m), TrainingSource.CORPUS, m.bytes())));
                train.subList(0, 12).forEach(m -> list.add(DspamRequest.unlearn(List.of(user), truth(m), TrainingSource.CORPUS, m.bytes())));
                train.subList(80, 120).forEach(m -> list.add(DspamRequest.process(List.of(user), m.bytes())));
                test.forEach(m -> list.add(DspamRequest.classify(List.of(user), m.bytes())));
                return list;
            };

            List<UserOutcome> oneByOne = requests.apply(ONE_BY_ONE).stream()
                .map(request -> engine.execute(request).outcomeFor(ONE_BY_ONE).orElseThrow()).collect(Collectors.toList());
            List<UserOutcome> together = new ArrayList<>();
            List<DspamRequest> all = requests.apply(TOGETHER);
            for (int from = 0; from < all.size(); from += BATCH) {
                together.addAll(engine.executeTogether(TOGETHER, all.subList(from, Math.min(all.size(), from + BATCH))));
            }
            assertThat(verdicts(together)).isEqualTo(verdicts(oneByOne));
            assertThat(together).allMatch(UserOutcome::isClassified);

            // The process calls' wrong verdicts retrained by signature, all in one batch
            List<DspamRequest> retrainOneByOne = retrainings(ONE_BY_ONE, oneByOne, train);
            List<DspamRequest> retrainTogether = retrainings(TOGETHER, together, train);
            assertThat(retrainTogether).hasSameSizeAs(retrainOneByOne).isNotEmpty();
            List<UserOutcome> retrainedOneByOne = retrainOneByOne.stream()
                .map(request -> engine.execute(request).outcomeFor(ONE_BY_ONE).orElseThrow()).collect(Collectors.toList());
            assertThat(verdicts(engine.executeTogether(TOGETHER, retrainTogether))).isEqualTo(verdicts(retrainedOneByOne));

            assertThat(store.totals(TOGETHER)).isEqualTo(store.totals(ONE_BY_ONE));
            assertThat(rows(store, TOGETHER)).isEqualTo(rows(store, ONE_BY_ONE)).hasSizeGreaterThan(10_000);
            assertThat(signatureCount(store, TOGETHER)).isEqualTo(signatureCount(store, ONE_BY_ONE)).isEqualTo(40);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aBatchWhoseWriteFailsLeavesNothingOfIt(TestDatabase.Kind kind) throws Exception {
        List<CorpusMessage> spam = trainSpam(8);
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "batch_failure");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            // The batch's one write carries all eight
            refuseASixthSpam(database);
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store, CLOCK);
            List<DspamRequest> requests = spam.stream()
                .map(m -> DspamRequest.train(List.of(TOGETHER), TrainingClass.SPAM, TrainingSource.CORPUS, m.bytes()))
                .collect(Collectors.toList());

            List<UserOutcome> outcomes = engine.executeTogether(TOGETHER, requests);

            assertThat(outcomes).hasSize(8).allSatisfy(outcome -> {
                assertThat(outcome.isClassified()).isFalse();
                assertThat(outcome.reason()).get().asString().startsWith(EmbeddedDspam.STORE_FAILURE)
                    .contains("8 messages", "nothing of it was applied");
            });
            assertThat(store.tokenCount(TOGETHER)).isZero();
            assertThat(store.totals(TOGETHER).spamCorpusfed()).isZero();

            // Five fit: written together, all of them
            assertThat(engine.executeTogether(TOGETHER, requests.subList(0, 5))).allMatch(UserOutcome::isClassified);
            assertThat(store.totals(TOGETHER).spamCorpusfed()).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aBatchWhoseSignatureIdTheDatabaseRefusesIsWrittenOneByOne(TestDatabase.Kind kind) throws Exception {
        List<CorpusMessage> test = Corpus.load().testSet().subList(0, 5);
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "batch_signature_taken");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            refuseFirstSignatureAsTaken(database);
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store, CLOCK);

            List<UserOutcome> outcomes = engine.executeTogether(TOGETHER, test.stream()
                .map(m -> DspamRequest.process(List.of(TOGETHER), m.bytes())).collect(Collectors.toList()));

            assertThat(database.queryLong(kind == TestDatabase.Kind.POSTGRESQL
                ? "SELECT last_value FROM signature_inserts" : "SELECT NEXTVAL(signature_inserts) - 1"))
                .as("the batch's insert refused, then one per message").isEqualTo(6);
            assertThat(outcomes).hasSize(5).allMatch(UserOutcome::isClassified);
            assertThat(outcomes).allSatisfy(outcome -> assertThat(
                store.signature(TOGETHER, outcome.result().orElseThrow().signature().orElseThrow().asString())).isPresent());
            assertThat(signatureCount(store, TOGETHER)).isEqualTo(5);
            DspamTotals totals = store.totals(TOGETHER);
            assertThat(totals.spamClassified() + totals.innocentClassified() + totals.spamLearned() + totals.innocentLearned())
                .as("each message counted once").isEqualTo(5);
        }
    }

    private static List<CorpusMessage> trainSpam(int count) {
        return Corpus.load().trainSet().stream().filter(CorpusMessage::isSpam).limit(count).collect(Collectors.toList());
    }

    /** The database refuses a user's sixth corpus-fed spam (a {@code CHECK} on {@code dspam_stats}). */
    private static void refuseASixthSpam(TestDatabase database) throws Exception {
        database.execute("ALTER TABLE dspam_stats ADD CONSTRAINT at_most_five CHECK (spam_corpusfed <= 5)");
    }

    /** The database answers the first signature row it is given "duplicate key", as for an id taken meanwhile. */
    private static void refuseFirstSignatureAsTaken(TestDatabase database) throws Exception {
        // A sequence, since a failed transaction does not take back what it drew
        database.execute("CREATE SEQUENCE signature_inserts");
        if (database.kind() == TestDatabase.Kind.POSTGRESQL) {
            database.execute("CREATE FUNCTION refuse_first_signature() RETURNS trigger AS $$ BEGIN"
                    + " IF nextval('signature_inserts') = 1 THEN"
                    + " RAISE EXCEPTION 'duplicate key (test)' USING ERRCODE = 'unique_violation'; END IF;"
                    + " RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER refuse_first_signature BEFORE INSERT ON dspam_signature_data"
                    + " FOR EACH ROW EXECUTE FUNCTION refuse_first_signature()");
        } else {
            database.execute("CREATE TRIGGER refuse_first_signature BEFORE INSERT ON dspam_signature_data FOR EACH ROW"
                + " BEGIN IF NEXTVAL(signature_inserts) = 1 THEN"
                + " SIGNAL SQLSTATE '23000' SET MYSQL_ERRNO = 1062, MESSAGE_TEXT = 'Duplicate entry (test)'; END IF; END");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void requestsForAnotherUserAreRefused(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "batch_users");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store, CLOCK);
            byte[] message = Corpus.load().trainSet().get(0).bytes();
            assertThatThrownBy(() -> engine.executeTogether(TOGETHER,
                List.of(DspamRequest.train(List.of(ONE_BY_ONE), TrainingClass.SPAM, TrainingSource.CORPUS, message))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(TOGETHER.asString());
            assertThat(store.users()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void callsWaitingForTheUsersLockAreWrittenTogether(TestDatabase.Kind kind) throws Exception {
        Corpus corpus = Corpus.load();
        List<CorpusMessage> train = corpus.trainSet().subList(0, 60);
        List<CorpusMessage> test = corpus.testSet().subList(0, 8);
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "batch_waiting");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            WatchedStore watched = new WatchedStore(store);
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), watched.store(), CLOCK);
            for (DspamUser user : List.of(TOGETHER, ONE_BY_ONE)) {
                train.forEach(m -> engine.execute(DspamRequest.train(List.of(user), truth(m), TrainingSource.CORPUS, m.bytes())));
            }
            assertThat(watched.committedBatches()).as("one caller at a time: each call written alone").isEmpty();

            List<UserOutcome> together = callWhileOthersWait(watched, test.stream()
                .map(m -> (Supplier<UserOutcome>) () -> engine.execute(DspamRequest.process(List.of(TOGETHER), m.bytes()))
                    .outcomeFor(TOGETHER).orElseThrow())
                .collect(Collectors.toList()));
            List<UserOutcome> oneByOne = test.stream()
                .map(m -> engine.execute(DspamRequest.process(List.of(ONE_BY_ONE), m.bytes())).outcomeFor(ONE_BY_ONE).orElseThrow())
                .collect(Collectors.toList());

            assertThat(watched.committedBatches()).as("the seven that waited, in one transaction").containsExactly(7);
            assertThat(together).allMatch(UserOutcome::isClassified);
            assertThat(verdicts(together)).isEqualTo(verdicts(oneByOne));
            assertThat(together).allSatisfy(outcome -> assertThat(
                store.signature(TOGETHER, outcome.result().orElseThrow().signature().orElseThrow().asString())).isPresent());
            assertThat(store.totals(TOGETHER)).isEqualTo(store.totals(ONE_BY_ONE));
            assertThat(rows(store, TOGETHER)).isEqualTo(rows(store, ONE_BY_ONE));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void waitingCallsWhoseBatchFailsAreEachTriedAlone(TestDatabase.Kind kind) throws Exception {
        List<CorpusMessage> spam = trainSpam(8);
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "batch_waiting_failure");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            refuseASixthSpam(database);
            WatchedStore watched = new WatchedStore(store);
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), watched.store(), CLOCK);

            List<UserOutcome> outcomes = callWhileOthersWait(watched, spam.stream()
                .map(m -> (Supplier<UserOutcome>) () -> engine.execute(
                    DspamRequest.train(List.of(TOGETHER), TrainingClass.SPAM, TrainingSource.CORPUS, m.bytes())).outcomeFor(TOGETHER).orElseThrow())
                .collect(Collectors.toList()));

            // The first alone; the seven that waited refused together (1 + 7 > 5), then each on its own: four more fit
            assertThat(watched.committedBatches()).containsExactly(7);
            assertThat(outcomes.stream().filter(UserOutcome::isClassified)).hasSize(5);
            assertThat(outcomes.stream().filter(outcome -> !outcome.isClassified())).hasSize(3)
                .allSatisfy(outcome -> assertThat(outcome.reason()).get().asString().startsWith(EmbeddedDspam.STORE_FAILURE));
            assertThat(store.totals(TOGETHER).spamCorpusfed()).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void waitingCallsWhoseBatchFailsUnexpectedlyAreEachTriedAloneToo(TestDatabase.Kind kind) throws Exception {
        List<CorpusMessage> test = Corpus.load().testSet().subList(0, 4);
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "batch_waiting_bug");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            WatchedStore watched = new WatchedStore(store);
            watched.failNextCommit(new IllegalStateException("a bug in the batch (test)"));
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), watched.store(), CLOCK);

            List<UserOutcome> outcomes = callWhileOthersWait(watched, test.stream()
                .map(m -> (Supplier<UserOutcome>) () -> engine.execute(DspamRequest.process(List.of(TOGETHER), m.bytes()))
                    .outcomeFor(TOGETHER).orElseThrow())
                .collect(Collectors.toList()));

            assertThat(watched.committedBatches()).containsExactly(3);
            assertThat(outcomes).allMatch(UserOutcome::isClassified);
            assertThat(signatureCount(store, TOGETHER)).isEqualTo(4);
        }
    }

    /**
     * Keyed trainings (a retrain listener's events, named periodic trainings) share a batch too:
     * the seven that waited are written in one transaction with their keys, and a key repeated
     * afterwards is refused as applied, nothing learned twice.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void keyedTrainingsWaitingForTheLockAreWrittenTogether(TestDatabase.Kind kind) throws Exception {
        List<CorpusMessage> spam = trainSpam(8);
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "batch_waiting_keyed");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            WatchedStore watched = new WatchedStore(store);
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), watched.store(), CLOCK);

            List<UserOutcome> outcomes = callWhileOthersWait(watched, keyedSpamTrainings(engine, spam));
            UserOutcome repeated = engine.execute(DspamRequest.train(List.of(TOGETHER), TrainingClass.SPAM,
                TrainingSource.CORPUS, spam.get(5).bytes()).once("key-5")).outcomeFor(TOGETHER).orElseThrow();

            assertThat(watched.committedBatches()).containsExactly(7);
            assertThat(outcomes).allMatch(UserOutcome::isClassified);
            assertThat(repeated.isAlreadyApplied()).isTrue();
            assertThat(store.totals(TOGETHER).spamCorpusfed()).isEqualTo(8);
        }
    }

    /** A waiting batch holding a training applied before: each is then tried alone, and only that one is refused. */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aWaitingBatchWithATrainingAppliedBeforeIsTriedOneByOne(TestDatabase.Kind kind) throws Exception {
        List<CorpusMessage> spam = trainSpam(8);
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "batch_waiting_applied");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            WatchedStore watched = new WatchedStore(store);
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), watched.store(), CLOCK);
            engine.execute(DspamRequest.train(List.of(TOGETHER), TrainingClass.SPAM, TrainingSource.CORPUS,
                spam.get(3).bytes()).once("key-3"));

            List<UserOutcome> outcomes = callWhileOthersWait(watched, keyedSpamTrainings(engine, spam));

            assertThat(watched.committedBatches()).as("the seven that waited, refused together").containsExactly(7);
            assertThat(outcomes.get(3).isAlreadyApplied()).isTrue();
            assertThat(outcomes.stream().filter(UserOutcome::isClassified)).hasSize(7);
            assertThat(store.totals(TOGETHER).spamCorpusfed()).isEqualTo(8);
        }
    }

    private static List<Supplier<UserOutcome>> keyedSpamTrainings(EmbeddedDspam engine, List<CorpusMessage> spam) {
        List<Supplier<UserOutcome>> calls = new ArrayList<>();
        for (int i = 0; i < spam.size(); i++) {
            DspamRequest request = DspamRequest.train(List.of(TOGETHER), TrainingClass.SPAM, TrainingSource.CORPUS,
                spam.get(i).bytes()).once("key-" + i);
            calls.add(() -> engine.execute(request).outcomeFor(TOGETHER).orElseThrow());
        }
        return calls;
    }

    /**
     * Runs the first call and holds it inside the store, under the user's lock, while the others
     * start one after the other and wait for that lock (so they queue in the list's order); then
     * lets the first go on. Returns the outcomes in the list's order.
     */
    private static List<UserOutcome> callWhileOthersWait(WatchedStore watched, List<Supplier<UserOutcome>> calls)
            throws InterruptedException {
        UserOutcome[] outcomes = new UserOutcome[calls.size()];
        List<Thread> threads = new ArrayList<>();
        CountDownLatch release = watched.holdNextUserDataCall();
        for (int i = 0; i < calls.size(); i++) {
            int index = i;
            Thread thread = new Thread(() -> outcomes[index] = calls.get(index).get(), "caller-" + i);
            threads.add(thread);
            thread.start();
            if (i == 0) {
                assertThat(watched.awaitHeld()).as("the first call reached the store").isTrue();
            } else {
                awaitWaiting(thread);
            }
        }
        release.countDown();
        for (Thread thread : threads) {
            thread.join(60_000);
            assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
        }
        return List.of(outcomes);
    }

    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime()).as(thread.getName() + " waits for the user's lock").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /**
     * The SQL store as the engine sees it, watched: how many messages each committed batch held
     * (counted before the commit, so also for a commit that fails), and, when asked, the next
     * read or write of a user's data held until released (the caller then holds the user's lock).
     */
    private static final class WatchedStore {
        private static final Set<String> USER_DATA_CALLS = Set.of("totals", "tokens", "load", "loadWithTotals", "loadAsOf", "apply");
        private final DspamStore store;
        private final List<Integer> committedBatches = new CopyOnWriteArrayList<>();
        private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
        private final AtomicReference<RuntimeException> commitFailure = new AtomicReference<>();
        private final CountDownLatch held = new CountDownLatch(1);

        WatchedStore(SqlDspamStore delegate) {
            this.store = (DspamStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DspamStore.class, PreferenceStore.class}, (proxy, method, args) -> {
                    if (USER_DATA_CALLS.contains(method.getName())) {
                        CountDownLatch release = hold.getAndSet(null);
                        if (release != null) {
                            held.countDown();
                            release.await();
                        }
                    }
                    Object answer = forward(delegate, method, args);
                    if (method.getName().equals("startBatch")) {
                        return ((Optional<?>) answer).map(batch -> watch((StoreBatch) batch));
                    }
                    return answer;
                });
        }

        private StoreBatch watch(StoreBatch batch) {
            return (StoreBatch) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {StoreBatch.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        committedBatches.add(batch.pendingMessages());
                        RuntimeException failure = commitFailure.getAndSet(null);
                        if (failure != null) {
                            throw failure;
                        }
                    }
                    return forward(batch, method, args);
                });
        }

        private static Object forward(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        DspamStore store() {
            return store;
        }

        CountDownLatch holdNextUserDataCall() {
            CountDownLatch release = new CountDownLatch(1);
            hold.set(release);
            return release;
        }

        /** The next commit throws {@code failure} instead of writing. */
        void failNextCommit(RuntimeException failure) {
            commitFailure.set(failure);
        }

        boolean awaitHeld() throws InterruptedException {
            return held.await(30, TimeUnit.SECONDS);
        }

        List<Integer> committedBatches() {
            return committedBatches;
        }
    }

    private static List<DspamRequest> retrainings(DspamUser user, List<UserOutcome> outcomes, List<CorpusMessage> train) {
        List<DspamRequest> retrainings = new ArrayList<>();
        // The process calls are the outcomes 92 to 131, for train messages 80 to 119
        for (int i = 0; i < 40; i++) {
            DspamResult result = outcomes.get(92 + i).result().orElseThrow();
            TrainingClass truth = truth(train.get(80 + i));
            if (result.verdict().asTrainingClass() != truth) {
                retrainings.add(DspamRequest.retrain(List.of(user), truth, result.signature().orElseThrow()));
            }
        }
        return retrainings;
    }

    private static TrainingClass truth(CorpusMessage message) {
        return message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT;
    }

    private static List<String> verdicts(List<UserOutcome> outcomes) {
        return outcomes.stream().map(outcome -> outcome.result()
                .map(result -> result.dspamClass() + " " + result.probability() + " " + result.confidence())
                .orElse("not classified: " + outcome.reason().orElse("")))
            .collect(Collectors.toList());
    }

    private static Map<Long, String> rows(DspamStore store, DspamUser user) {
        Map<Long, String> rows = new HashMap<>();
        store.forEachToken(user, (id, statistics) -> rows.put(id, statistics.spamHits() + "/" + statistics.innocentHits()
            + " " + statistics.lastHit()));
        return rows;
    }

    private static int signatureCount(DspamStore store, DspamUser user) {
        AtomicInteger count = new AtomicInteger();
        store.forEachSignature(user, signature -> count.incrementAndGet());
        return count.get();
    }
}

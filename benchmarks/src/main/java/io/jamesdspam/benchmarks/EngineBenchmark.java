package io.jamesdspam.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.engine.tokenize.MessageTokenizer;
import io.jamesdspam.engine.tokenize.TokenizedMessage;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;
import io.jamesdspam.testing.DirectoryTrees;

/**
 * The embedded engine on the corpus with its default settings (C2: TOE + OSB): messages per
 * second for classification (test folds 7–9, against a user trained on folds 0–6) and for corpus
 * training (folds 0–6), on one and two threads, with the in-memory and the journal store. One
 * operation = one message. Two threads work for two users (one each), as a mail server serves
 * many; one user's messages are serialised by the engine. {@code classifyShowingFactorsOneThread}
 * classifies with {@code showFactors=on} (the factors recorded and the header rendered) to set
 * beside {@code classifyOneThread}. {@code baseline} tokenizes a test
 * message with the same settings, the floor under any classification.
 *
 * <p>The set-up also prints the accuracy on the test folds (spam caught, ham flagged), to set
 * beside SpamAssassin's 94.6 % / 0.73 % in {@code corpus/README.md}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class EngineBenchmark {
    private static final DspamUser[] USERS = {DspamUser.of("bench0"), DspamUser.of("bench1")};

    /** The corpus folds as bytes with their classes. */
    @State(Scope.Benchmark)
    public static class Messages {
        List<byte[]> test;
        List<byte[]> train;
        List<TrainingClass> trainClasses;
        List<Boolean> testIsSpam;

        @Setup(Level.Trial)
        public void load() {
            Corpus corpus = Corpus.load();
            train = corpus.trainSet().stream().map(CorpusMessage::bytes).collect(Collectors.toList());
            trainClasses = corpus.trainSet().stream().map(m -> m.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT)
                .collect(Collectors.toList());
            test = corpus.testSet().stream().map(CorpusMessage::bytes).collect(Collectors.toList());
            testIsSpam = corpus.testSet().stream().map(CorpusMessage::isSpam).collect(Collectors.toList());
        }
    }

    /** A store of the kind under test, removed after the trial. */
    @State(Scope.Benchmark)
    public abstract static class StoreHolder {
        @Param({"memory", "journal"})
        public String store;

        DspamStore dspamStore;
        Path directory;
        EmbeddedDspam engine;

        void open() throws IOException {
            if (store.equals("journal")) {
                directory = Files.createTempDirectory("engine-benchmark");
                dspamStore = JournalDspamStore.open(directory);
            } else {
                dspamStore = new InMemoryDspamStore();
            }
            engine = EmbeddedDspam.create(settings(), dspamStore);
        }

        EngineSettings settings() {
            return EngineSettings.defaults();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            engine.close();
            if (directory != null) {
                DirectoryTrees.delete(directory);
            }
        }
    }

    /** The engine with both users trained on folds 0–6, as the reference's S1 scenario. */
    @State(Scope.Benchmark)
    public static class TrainedEngine extends StoreHolder {
        @Setup(Level.Trial)
        public void train(Messages messages) throws IOException {
            open();
            for (DspamUser user : USERS) {
                for (int i = 0; i < messages.train.size(); i++) {
                    engine.execute(DspamRequest.train(List.of(user), messages.trainClasses.get(i), TrainingSource.CORPUS,
                        messages.train.get(i)));
                }
            }
            printAccuracy(messages);
        }

        /** Classifies the test folds once, in order, as the reference's PUBTEST pass does from its snapshot. */
        private void printAccuracy(Messages messages) {
            DspamUser judge = USERS[0];
            int spam = 0;
            int caught = 0;
            int ham = 0;
            int flagged = 0;
            for (int i = 0; i < messages.test.size(); i++) {
                DspamResponse response = engine.execute(DspamRequest.classify(List.of(judge), messages.test.get(i)));
                boolean saidSpam = response.resultFor(judge).map(DspamResult::isSpam).orElse(false);
                if (messages.testIsSpam.get(i)) {
                    spam++;
                    caught += saidSpam ? 1 : 0;
                } else {
                    ham++;
                    flagged += saidSpam ? 1 : 0;
                }
            }
            System.out.printf(Locale.ROOT, "%n[accuracy, %s store, C2 TOE+OSB, corpus-trained on folds 0-6] spam caught %d/%d"
                + " (%.2f %%), ham flagged %d/%d (%.2f %%), accuracy %.3f; SpamAssassin 4: 94.6 %% / 0.73 %% / 0.977%n",
                store, caught, spam, 100.0 * caught / spam, flagged, ham, 100.0 * flagged / ham,
                (double) (caught + ham - flagged) / (spam + ham));
        }
    }

    /**
     * The trained engine after each training ham was delivered once more ({@code --process}), as a
     * server keeps doing: past 2,500 innocent messages seen, BNR elimination runs on every message
     * (docs/ENGINE-SPEC.md §5), the steady state of any user after its first few thousand mails.
     */
    @State(Scope.Benchmark)
    public static class MatureEngine extends TrainedEngine {
        @Override
        @Setup(Level.Trial)
        public void train(Messages messages) throws IOException {
            super.train(messages);
            for (DspamUser user : USERS) {
                for (int i = 0; i < messages.train.size(); i++) {
                    if (messages.trainClasses.get(i) == TrainingClass.INNOCENT) {
                        engine.execute(DspamRequest.process(List.of(user), messages.train.get(i)));
                    }
                }
                DspamTotals totals = engine.totals(user);
                if (totals.innocentLearned() + totals.innocentClassified() <= 2500) {
                    throw new IllegalStateException("Not mature: " + totals);
                }
            }
        }
    }

    /** The trained engine with {@code showFactors=on}: every result carries {@code X-DSPAM-Factors}. */
    @State(Scope.Benchmark)
    public static class TrainedEngineShowingFactors extends TrainedEngine {
        @Override
        EngineSettings settings() {
            return EngineSettings.defaults().toBuilder().showFactors(true).build();
        }
    }

    /** An empty engine that the training benchmarks fill. */
    @State(Scope.Benchmark)
    public static class EmptyEngine extends StoreHolder {
        @Setup(Level.Trial)
        public void create() throws IOException {
            open();
        }
    }

    /** Each benchmark thread's own user and position in the folds. */
    @State(Scope.Thread)
    public static class Cursor {
        private static final AtomicInteger THREADS = new AtomicInteger();
        DspamUser user;
        int next;

        @Setup(Level.Trial)
        public void pickUser() {
            user = USERS[Math.floorMod(THREADS.getAndIncrement(), USERS.length)];
        }

        int advance(int size) {
            int index = next;
            next = (next + 1) % size;
            return index;
        }
    }

    /** Tokenizer state for the baseline. */
    @State(Scope.Benchmark)
    public static class Tokenizer {
        MessageTokenizer tokenizer;

        @Setup(Level.Trial)
        public void create() {
            tokenizer = new MessageTokenizer(EngineSettings.defaults().tokenizerSettings(List.of()));
        }
    }

    /** Tokenizing one test message with the engine's settings: the floor under classifying it. */
    @Benchmark
    public TokenizedMessage baseline(Messages messages, Tokenizer tokenizer, Cursor cursor) {
        return tokenizer.tokenizer.tokenize(messages.test.get(cursor.advance(messages.test.size())));
    }

    @Benchmark
    @Threads(1)
    public DspamResponse classifyOneThread(Messages messages, TrainedEngine engine, Cursor cursor) {
        return classify(messages, engine, cursor);
    }

    @Benchmark
    @Threads(2)
    public DspamResponse classifyTwoThreads(Messages messages, TrainedEngine engine, Cursor cursor) {
        return classify(messages, engine, cursor);
    }

    /** Against {@code classifyOneThread}: what recording and rendering the factors costs when they are asked for. */
    @Benchmark
    @Threads(1)
    public DspamResponse classifyShowingFactorsOneThread(Messages messages, TrainedEngineShowingFactors engine,
                                                         Cursor cursor) {
        return classify(messages, engine, cursor);
    }

    @Benchmark
    @Threads(1)
    public DspamResponse classifyMatureOneThread(Messages messages, MatureEngine engine, Cursor cursor) {
        return classify(messages, engine, cursor);
    }

    /** What the Dspam mailet does by default: classify, store a signature and learn as TOE says. */
    @Benchmark
    @Threads(1)
    public DspamResponse processMatureOneThread(Messages messages, MatureEngine engine, Cursor cursor) {
        byte[] message = messages.test.get(cursor.advance(messages.test.size()));
        return engine.engine.execute(DspamRequest.process(List.of(cursor.user), message));
    }

    @Benchmark
    @Threads(1)
    public DspamResponse trainOneThread(Messages messages, EmptyEngine engine, Cursor cursor) {
        return train(messages, engine, cursor);
    }

    @Benchmark
    @Threads(2)
    public DspamResponse trainTwoThreads(Messages messages, EmptyEngine engine, Cursor cursor) {
        return train(messages, engine, cursor);
    }

    private static DspamResponse classify(Messages messages, TrainedEngine engine, Cursor cursor) {
        byte[] message = messages.test.get(cursor.advance(messages.test.size()));
        return engine.engine.execute(DspamRequest.classify(List.of(cursor.user), message));
    }

    private static DspamResponse train(Messages messages, EmptyEngine engine, Cursor cursor) {
        int index = cursor.advance(messages.train.size());
        return engine.engine.execute(DspamRequest.train(List.of(cursor.user), messages.trainClasses.get(index),
            TrainingSource.CORPUS, messages.train.get(index)));
    }
}

package io.jamesdspam.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * What {@code showFactors=on} costs a classification, measured on a shared, busy machine: two
 * engines trained alike on folds 0–6 (default settings, in-memory stores), one with the
 * preference, classify the test folds in alternating rounds so that both see the same load;
 * prints each round's ratio (with factors / without) and their median.
 * {@code java -cp benchmarks/target/benchmarks.jar io.jamesdspam.benchmarks.FactorsCostHarness [rounds]}
 */
public final class FactorsCostHarness {
    private static final DspamUser USER = DspamUser.of("bench");

    private FactorsCostHarness() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Corpus corpus = Corpus.load();
        EmbeddedDspam without = trained(EngineSettings.defaults(), new InMemoryDspamStore(), corpus, USER);
        EmbeddedDspam with = trained(EngineSettings.defaults().toBuilder().showFactors(true).build(),
            new InMemoryDspamStore(), corpus, USER);
        List<byte[]> test = new ArrayList<>();
        corpus.testSet().forEach(message -> test.add(message.bytes()));
        classifyAll(without, test);
        classifyAll(with, test);
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            double plain = classifyAll(without, test);
            double factors = classifyAll(with, test);
            ratios.add(factors / plain);
            System.out.printf(Locale.ROOT, "round %d: without %.0f msg/s, with factors %.0f msg/s, ratio %.3f%n",
                round + 1, plain, factors, factors / plain);
        }
        Collections.sort(ratios);
        System.out.printf(Locale.ROOT, "median ratio (with factors / without) over %d rounds: %.3f%n", rounds,
            ratios.get(ratios.size() / 2));
    }

    /** An engine on {@code store} whose {@code user} was trained on folds 0–6 of the corpus. */
    static EmbeddedDspam trained(EngineSettings settings, DspamStore store, Corpus corpus, DspamUser user) {
        EmbeddedDspam engine = EmbeddedDspam.create(settings, store);
        for (CorpusMessage message : corpus.trainSet()) {
            engine.execute(DspamRequest.train(List.of(user), message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT,
                TrainingSource.CORPUS, message.bytes()));
        }
        return engine;
    }

    /** Messages per second over one pass of the test folds. */
    private static double classifyAll(EmbeddedDspam engine, List<byte[]> test) {
        long start = System.nanoTime();
        for (byte[] message : test) {
            engine.execute(DspamRequest.classify(List.of(USER), message));
        }
        return test.size() / ((System.nanoTime() - start) / 1e9);
    }
}

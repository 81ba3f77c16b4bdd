package io.jamesdspam.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.engine.tokenize.MessageTokenizer;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.DirectoryTrees;

/**
 * Whether tokenizing costs more inside a classification than alone (the question behind the
 * engine's ratio, {@link ClassifyRatioHarness}): each round tokenizes the test folds in a row, then
 * tokenizes each message right after classifying the one before it (its lookups through a 2 M-token
 * dictionary evicting the tokenizer's data from the caches), and prints the second time over the
 * first, with classification's time per message and tokenizing's share of it.
 * {@code java -cp benchmarks/target/benchmarks.jar io.jamesdspam.benchmarks.TokenizeShareHarness [rounds]}
 * (journal store, a user trained on folds 0–6, as the ratio harness).
 */
public final class TokenizeShareHarness {
    private static final DspamUser USER = DspamUser.of("bench");
    private static final int WARM_UP_ROUNDS = 3;

    private TokenizeShareHarness() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Corpus corpus = Corpus.load();
        Path directory = Files.createTempDirectory("tokenize-share");
        try (EmbeddedDspam engine = FactorsCostHarness.trained(EngineSettings.defaults(), JournalDspamStore.open(directory),
            corpus, USER)) {
            MessageTokenizer tokenizer = new MessageTokenizer(EngineSettings.defaults().tokenizerSettings(List.of()));
            List<byte[]> test = CorpusMessages.testFold();
            List<Double> slowdowns = new ArrayList<>();
            List<Double> shares = new ArrayList<>();
            for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
                long tokens = 0;
                long start = System.nanoTime();
                for (byte[] message : test) {
                    tokens += tokenizer.tokenize(message).diction().size();
                }
                long alone = System.nanoTime() - start;
                long afterClassifying = 0;
                long classifying = 0;
                for (byte[] message : test) {
                    // This message is new to the caches, as in a classification; the one before it was just classified
                    long before = System.nanoTime();
                    tokens += tokenizer.tokenize(message).diction().size();
                    long between = System.nanoTime();
                    engine.execute(DspamRequest.classify(List.of(USER), message));
                    afterClassifying += between - before;
                    classifying += System.nanoTime() - between;
                }
                if (tokens == 0) {
                    throw new IllegalStateException("The test folds gave no tokens");
                }
                if (round >= WARM_UP_ROUNDS) {
                    double slowdown = (double) afterClassifying / alone;
                    double share = (double) alone / classifying;
                    slowdowns.add(slowdown);
                    shares.add(share);
                    System.out.printf(Locale.ROOT, "round %d: tokenize %.1f us/msg alone, %.1f us/msg after a classification"
                        + " (%.3fx); classify %.1f us/msg, tokenizing alone is %.3f of it%n", round - WARM_UP_ROUNDS + 1,
                        alone / 1e3 / test.size(), afterClassifying / 1e3 / test.size(), slowdown,
                        classifying / 1e3 / test.size(), share);
                }
            }
            System.out.printf(Locale.ROOT, "median over %d rounds: tokenizing after a classification %.3fx tokenizing alone;"
                + " tokenizing alone %.3f of a classification%n", rounds, median(slowdowns), median(shares));
        } finally {
            DirectoryTrees.delete(directory);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}

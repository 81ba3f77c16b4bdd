package io.jamesdspam.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.engine.tokenize.MessageTokenizer;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.DirectoryTrees;

/**
 * The engine goal "classification at ≥ 0.5× of tokenizing alone" measured so that a shared
 * machine's drifts cancel: one pass of the test folds tokenized only (as
 * {@code EngineBenchmark.baseline}), then one pass classified (as {@code classifyOneThread}, a
 * user trained on folds 0–6), alternating; each pair's ratio is classify msg/s ÷ tokenize msg/s
 * and the median of the pairs is printed. Separate JMH benchmarks run a minute apart, and this
 * machine's speed drifts by a third within a minute.
 * {@code java -cp benchmarks/target/benchmarks.jar io.jamesdspam.benchmarks.ClassifyRatioHarness [pairs] [memory|journal|journal-uncached] [out.json]}
 * (the JSON, for {@code benchmarks/report.sh}: store, each pair's msg/s and ratio, median and quartiles).
 */
public final class ClassifyRatioHarness {
    private static final DspamUser USER = DspamUser.of("bench");
    private static final int WARM_UP_PAIRS = 5;

    private ClassifyRatioHarness() {
    }

    public static void main(String[] args) throws IOException {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String storeKind = args.length > 1 ? args[1] : "memory";
        Corpus corpus = Corpus.load();
        Path directory = storeKind.equals("memory") ? null : Files.createTempDirectory("classify-ratio");
        DspamStore store = open(storeKind, directory);
        try (EmbeddedDspam engine = FactorsCostHarness.trained(EngineSettings.defaults(), store, corpus, USER)) {
            MessageTokenizer tokenizer = new MessageTokenizer(EngineSettings.defaults().tokenizerSettings(List.of()));
            List<byte[]> test = CorpusMessages.testFold();
            for (int pair = 0; pair < WARM_UP_PAIRS; pair++) {
                tokenizeAll(tokenizer, test);
                classifyAll(engine, test);
            }
            List<Double> ratios = new ArrayList<>();
            for (int pair = 0; pair < pairs; pair++) {
                double tokenized = tokenizeAll(tokenizer, test);
                double classified = classifyAll(engine, test);
                ratios.add(classified / tokenized);
                System.out.printf(Locale.ROOT, "pair %d: tokenize %.0f msg/s, classify (%s) %.0f msg/s, ratio %.3f%n",
                    pair + 1, tokenized, storeKind, classified, classified / tokenized);
            }
            List<Double> sorted = new ArrayList<>(ratios);
            Collections.sort(sorted);
            double median = sorted.get(pairs / 2);
            double lowerQuartile = sorted.get(pairs / 4);
            double upperQuartile = sorted.get(3 * pairs / 4);
            System.out.printf(Locale.ROOT, "median ratio (classify / tokenize, %s store) over %d pairs: %.3f"
                + " (quartiles %.3f-%.3f)%n", storeKind, pairs, median, lowerQuartile, upperQuartile);
            if (args.length > 2) {
                ObjectNode json = new ObjectMapper().createObjectNode()
                    .put("store", storeKind).put("pairs", pairs).put("messagesPerPass", test.size())
                    .put("median", median).put("lowerQuartile", lowerQuartile).put("upperQuartile", upperQuartile);
                ArrayNode each = json.putArray("ratios");
                ratios.forEach(each::add);
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(Path.of(args[2]).toFile(), json);
            }
        } finally {
            if (directory != null) {
                DirectoryTrees.delete(directory);
            }
        }
    }

    /**
     * {@code journal-uncached}: the journal store with no heap copy of the user's rows
     * ({@code embedded.cacheSize=0}), so every lookup searches the user's mapped snapshot and changed
     * rows, as for a dictionary larger than the cache or a user's first messages after it is opened.
     */
    private static DspamStore open(String storeKind, Path directory) {
        switch (storeKind) {
            case "memory":
                return new InMemoryDspamStore();
            case "journal":
                return JournalDspamStore.open(directory);
            case "journal-uncached":
                return JournalDspamStore.open(directory, JournalDspamStore.Options.defaults().withDictionaryCacheBytes(0));
            default:
                throw new IllegalArgumentException("Store: memory, journal or journal-uncached, not " + storeKind);
        }
    }

    /** Messages per second over one pass of the test folds. */
    private static double tokenizeAll(MessageTokenizer tokenizer, List<byte[]> test) {
        long start = System.nanoTime();
        long tokens = 0;
        for (byte[] message : test) {
            tokens += tokenizer.tokenize(message).diction().size();
        }
        if (tokens == 0) {
            throw new IllegalStateException("The test folds gave no tokens");
        }
        return test.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static double classifyAll(EmbeddedDspam engine, List<byte[]> test) {
        long start = System.nanoTime();
        for (byte[] message : test) {
            engine.execute(DspamRequest.classify(List.of(USER), message));
        }
        return test.size() / ((System.nanoTime() - start) / 1e9);
    }
}

package io.jamesdspam.engine.conformance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.tokenize.TokenizerKind;
import io.jamesdspam.model.DspamNumberFormat;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.Verdict;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * Replays one reference configuration and scenario (docs/reference/README.md §2–§3) on the engine with an
 * in-memory store, and compares what it produced with what DSPAM 3.10.2 produced.
 */
final class ConformanceRun {
    static final DspamUser USER = DspamUser.of("ref");

    final String config;
    final String scenario;
    final DspamStore store;
    final EmbeddedDspam engine;
    /** S2 only: one outcome per TRAIN message, in order. */
    final List<Optional<DspamResult>> online = new ArrayList<>();

    private ConformanceRun(String config, String scenario, EngineSettings settings, DspamStore store) {
        this.config = config;
        this.scenario = scenario;
        this.store = store;
        this.engine = EmbeddedDspam.create(settings, store);
    }

    /** C1 TEFT + chain, C2 TOE + osb, C3 TEFT + osb; everything else as the engine's defaults (= C2). */
    static EngineSettings settings(String config) {
        switch (config) {
            case "C1":
                return EngineSettings.defaults().toBuilder().trainingMode(TrainingMode.TEFT).tokenizer(TokenizerKind.CHAIN).build();
            case "C2":
                return EngineSettings.defaults();
            case "C3":
                return EngineSettings.defaults().toBuilder().trainingMode(TrainingMode.TEFT).build();
            default:
                throw new IllegalArgumentException(config);
        }
    }

    static ConformanceRun train(String config, String scenario) {
        return train(config, scenario, new InMemoryDspamStore());
    }

    /** Replays the training of {@code config}/{@code scenario} into {@code store} (empty). */
    static ConformanceRun train(String config, String scenario, DspamStore store) {
        return train(config, scenario, store, 1);
    }

    /**
     * The same, S1's corpus training handed to the engine {@code together} messages at a time
     * ({@link io.jamesdspam.engine.EmbeddedDspam#executeTogether}, as {@code dspam-tool train} does).
     */
    static ConformanceRun train(String config, String scenario, DspamStore store, int together) {
        ConformanceRun run = new ConformanceRun(config, scenario, settings(config), store);
        List<DspamRequest> batch = new ArrayList<>();
        for (CorpusMessage message : Corpus.load().trainSet()) {
            TrainingClass truth = message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT;
            if (scenario.equals("S1")) {
                DspamRequest training = DspamRequest.train(List.of(USER), truth, TrainingSource.CORPUS, message.bytes());
                if (together <= 1) {
                    run.engine.execute(training);
                    continue;
                }
                batch.add(training);
                if (batch.size() == together) {
                    run.engine.executeTogether(USER, batch);
                    batch.clear();
                }
            } else {
                Optional<DspamResult> result = run.engine.execute(DspamRequest.process(List.of(USER), message.bytes()))
                    .resultFor(USER);
                run.online.add(result);
                if (result.isPresent() && result.get().verdict() != truth.asVerdict()) {
                    run.engine.execute(DspamRequest.retrain(List.of(USER), truth, result.get().signature().orElseThrow()));
                }
            }
        }
        if (!batch.isEmpty()) {
            run.engine.executeTogether(USER, batch);
        }
        return run;
    }

    /** Classifies PUBTEST in order from the trained state (under TOE each call moves the store on). */
    List<Optional<DspamResult>> classifyTestSet() {
        List<Optional<DspamResult>> results = new ArrayList<>();
        for (CorpusMessage message : Corpus.load().testSet()) {
            results.add(engine.execute(DspamRequest.classify(List.of(USER), message.bytes())).resultFor(USER));
        }
        return results;
    }

    /** Agreement between engine results and reference rows, message by message. */
    static final class Agreement {
        int messages;
        int sameClass;
        int sameProbability;
        int sameConfidence;
        final List<String> differences = new ArrayList<>();

        double classRate() {
            return (double) sameClass / messages;
        }

        double probabilityRate() {
            return (double) sameProbability / messages;
        }

        double confidenceRate() {
            return (double) sameConfidence / messages;
        }

        @Override
        public String toString() {
            return String.format("%d messages: class %d (%.2f%%), probability %d (%.2f%%), confidence %d (%.2f%%)",
                messages, sameClass, 100 * classRate(), sameProbability, 100 * probabilityRate(), sameConfidence,
                100 * confidenceRate());
        }
    }

    static Agreement compare(List<Optional<DspamResult>> results, List<ReferenceSet.ResultRow> reference) {
        if (results.size() != reference.size()) {
            throw new IllegalStateException(results.size() + " results for " + reference.size() + " reference rows");
        }
        Agreement agreement = new Agreement();
        for (int i = 0; i < results.size(); i++) {
            ReferenceSet.ResultRow row = reference.get(i);
            Optional<DspamResult> result = results.get(i);
            agreement.messages++;
            if (!row.hasResult() || result.isEmpty()) {
                if (!row.hasResult() && result.isEmpty()) {
                    agreement.sameClass++;
                    agreement.sameProbability++;
                    agreement.sameConfidence++;
                } else {
                    agreement.differences.add(row.path + ": reference " + (row.hasResult() ? row.dspamClass : "no result")
                        + ", engine " + result.map(DspamResult::toString).orElse("no result"));
                }
                continue;
            }
            DspamResult r = result.get();
            boolean sameClass = r.verdict().wireName().equals(row.result) && r.dspamClass().asString().equals(row.dspamClass);
            boolean sameProbability = Math.abs(r.probability() - Double.parseDouble(row.probability)) <= 0.0001 + 1e-9;
            boolean sameConfidence = Math.abs(r.confidence() - Double.parseDouble(row.confidence)) <= 0.01 + 1e-9;
            agreement.sameClass += sameClass ? 1 : 0;
            agreement.sameProbability += sameProbability ? 1 : 0;
            agreement.sameConfidence += sameConfidence ? 1 : 0;
            if (!sameClass || !sameProbability || !sameConfidence) {
                agreement.differences.add(i + " " + row.path + ": reference " + row.result + "/" + row.dspamClass + " "
                    + row.probability + " " + row.confidence + ", engine " + r.verdict().wireName() + "/" + r.dspamClass()
                    + " " + DspamNumberFormat.probability(r.probability()) + " "
                    + DspamNumberFormat.summaryConfidence(r.confidence()));
            }
        }
        return agreement;
    }

    /** The engine's store as canonical rows, ascending unsigned id: id → {spam, innocent}. */
    TreeMap<Long, long[]> tokens() {
        TreeMap<Long, long[]> tokens = new TreeMap<>(Long::compareUnsigned);
        store.forEachToken(USER, (id, statistics) ->
            tokens.put(id, new long[] {statistics.spamHits(), statistics.innocentHits()}));
        return tokens;
    }

    /** The store's digest in the layout of {@code <snap>.buckets.csv} plus the whole-store sha256. */
    static final class StoreDigest {
        final Map<Integer, ReferenceSet.BucketRow> buckets = new HashMap<>();
        String sha256;
        long tokens;
    }

    static StoreDigest digest(TreeMap<Long, long[]> tokens) {
        StoreDigest digest = new StoreDigest();
        MessageDigest whole = sha256();
        int bucket = -1;
        MessageDigest bucketDigest = null;
        long[] sums = new long[5];
        for (Map.Entry<Long, long[]> token : tokens.entrySet()) {
            int b = (int) (token.getKey() >>> 54);
            if (b != bucket) {
                if (bucketDigest != null) {
                    digest.buckets.put(bucket, bucketRow(bucket, sums, bucketDigest));
                }
                bucket = b;
                bucketDigest = sha256();
                sums = new long[5];
            }
            long s = token.getValue()[0];
            long i = token.getValue()[1];
            byte[] line = (Long.toUnsignedString(token.getKey()) + "," + s + "," + i + "\n").getBytes(StandardCharsets.US_ASCII);
            whole.update(line);
            bucketDigest.update(line);
            sums[0]++;
            sums[1] += s;
            sums[2] += i;
            sums[3] += s == 1 && i == 0 ? 1 : 0;
            sums[4] += s == 0 && i == 1 ? 1 : 0;
            digest.tokens++;
        }
        if (bucketDigest != null) {
            digest.buckets.put(bucket, bucketRow(bucket, sums, bucketDigest));
        }
        digest.sha256 = hex(whole.digest());
        return digest;
    }

    private static ReferenceSet.BucketRow bucketRow(int bucket, long[] sums, MessageDigest digest) {
        return new ReferenceSet.BucketRow(new String[] {Integer.toString(bucket), Long.toString(sums[0]),
            Long.toString(sums[1]), Long.toString(sums[2]), Long.toString(sums[3]), Long.toString(sums[4]),
            hex(digest.digest())});
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    static boolean isSpam(Verdict verdict) {
        return verdict == Verdict.SPAM;
    }
}

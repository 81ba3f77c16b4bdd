package io.jamesdspam.engine.conformance;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.model.DspamTotals;

/**
 * What one replayed scenario produced, compared with the reference: totals, the token store (taken
 * at the snapshot, before PUBTEST is classified) and the PUBTEST (and S2 online) agreement.
 */
final class ScenarioOutcome {
    final String snapshot;
    final DspamTotals totals;
    final DspamTotals referenceTotals;
    /** Rows of hits2plus whose counters the engine's store does not hold exactly. */
    final int hitsTwoPlusRows;
    final int hitsTwoPlusDiffering;
    /** Tokens with 2+ hits the engine holds that the reference does not list. */
    final long extraHitsTwoPlus;
    final long storeTokens;
    final int bucketsDiffering;
    final String storeSha256;
    final ConformanceRun.Agreement pubtest;
    final ConformanceRun.Agreement online;

    private ScenarioOutcome(String snapshot, DspamTotals totals, DspamTotals referenceTotals, int hitsTwoPlusRows,
                            int hitsTwoPlusDiffering, long extraHitsTwoPlus, long storeTokens, int bucketsDiffering,
                            String storeSha256, ConformanceRun.Agreement pubtest, ConformanceRun.Agreement online) {
        this.snapshot = snapshot;
        this.totals = totals;
        this.referenceTotals = referenceTotals;
        this.hitsTwoPlusRows = hitsTwoPlusRows;
        this.hitsTwoPlusDiffering = hitsTwoPlusDiffering;
        this.extraHitsTwoPlus = extraHitsTwoPlus;
        this.storeTokens = storeTokens;
        this.bucketsDiffering = bucketsDiffering;
        this.storeSha256 = storeSha256;
        this.pubtest = pubtest;
        this.online = online;
    }

    /**
     * Replays {@code config}/{@code scenario}; {@code tokenSnapshot} names the reference token files
     * that stand for this store (docs/reference/README.md §4.5: C2-S1 also stands for C3-S1 and C3-S2).
     */
    static ScenarioOutcome replay(String config, String scenario, String tokenSnapshot) {
        return replay(config, scenario, tokenSnapshot, new InMemoryDspamStore());
    }

    /** The same, on {@code store} (empty). */
    static ScenarioOutcome replay(String config, String scenario, String tokenSnapshot, DspamStore store) {
        return replay(config, scenario, tokenSnapshot, store, 1);
    }

    /** The same, S1's messages trained {@code together} at a time ({@link ConformanceRun#train(String, String, DspamStore, int)}). */
    static ScenarioOutcome replay(String config, String scenario, String tokenSnapshot, DspamStore store, int together) {
        String snapshot = config + "-" + scenario;
        ConformanceRun run = ConformanceRun.train(config, scenario, store, together);
        ConformanceRun.Agreement online = scenario.equals("S2")
            ? ConformanceRun.compare(run.online, ReferenceSet.results(snapshot + ".online.csv")) : null;
        DspamTotals totals = run.store.totals(ConformanceRun.USER);

        TreeMap<Long, long[]> tokens = run.tokens();
        Map<Long, long[]> reference = ReferenceSet.hitsTwoPlus(tokenSnapshot);
        int differing = 0;
        for (Map.Entry<Long, long[]> row : reference.entrySet()) {
            long[] mine = tokens.get(row.getKey());
            if (mine == null || mine[0] != row.getValue()[0] || mine[1] != row.getValue()[1]) {
                differing++;
            }
        }
        long extra = tokens.entrySet().stream()
            .filter(e -> e.getValue()[0] + e.getValue()[1] >= 2 && !reference.containsKey(e.getKey()))
            .count();
        ConformanceRun.StoreDigest digest = ConformanceRun.digest(tokens);
        Map<Integer, ReferenceSet.BucketRow> referenceBuckets = ReferenceSet.buckets(tokenSnapshot).stream()
            .collect(Collectors.toMap(b -> b.bucket, b -> b));
        int bucketsDiffering = 0;
        for (int bucket = 0; bucket < 1024; bucket++) {
            ReferenceSet.BucketRow expected = referenceBuckets.get(bucket);
            ReferenceSet.BucketRow actual = digest.buckets.get(bucket);
            if (expected == null || actual == null ? expected != actual : !expected.sha256.equals(actual.sha256)) {
                bucketsDiffering++;
            }
        }
        tokens.clear();

        ConformanceRun.Agreement pubtest = ConformanceRun.compare(run.classifyTestSet(),
            ReferenceSet.results(snapshot + ".pubtest.csv"));
        ScenarioOutcome outcome = new ScenarioOutcome(snapshot, totals, ReferenceSet.totals(snapshot), reference.size(),
            differing, extra, digest.tokens, bucketsDiffering, digest.sha256, pubtest, online);
        System.err.println(outcome);
        return outcome;
    }

    static List<String> firstDifferences(ConformanceRun.Agreement agreement) {
        return agreement.differences.stream().limit(10).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return "Conformance " + snapshot + ": totals " + (totals.equals(referenceTotals) ? "equal" : totals + " vs " + referenceTotals)
            + "; store " + storeTokens + " tokens, hits2plus " + (hitsTwoPlusRows - hitsTwoPlusDiffering) + "/" + hitsTwoPlusRows
            + " equal, " + extraHitsTwoPlus + " extra, " + bucketsDiffering + " of 1024 buckets differ, sha256 " + storeSha256
            + "; PUBTEST " + pubtest + (online == null ? "" : "; online " + online);
    }
}

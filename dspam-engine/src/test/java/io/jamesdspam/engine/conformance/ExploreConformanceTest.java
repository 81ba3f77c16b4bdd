package io.jamesdspam.engine.conformance;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExploreConformanceTest {
    @Test
    void explore() {
        String config = System.getProperty("cfg", "C2");
        String scenario = System.getProperty("scn", "S1");
        long start = System.nanoTime();
        ConformanceRun run = ConformanceRun.train(config, scenario);
        System.err.println("trained in " + (System.nanoTime() - start) / 1_000_000 + " ms; totals " + run.store.totals(ConformanceRun.USER)
            + " ref " + ReferenceSet.totals(config + "-" + scenario));
        if (scenario.equals("S2")) {
            ConformanceRun.Agreement online = ConformanceRun.compare(run.online, ReferenceSet.results(config + "-S2.online.csv"));
            System.err.println("online " + online);
            online.differences.stream().limit(15).forEach(System.err::println);
        }
        TreeMap<Long, long[]> tokens = run.tokens();
        ConformanceRun.StoreDigest digest = ConformanceRun.digest(tokens);
        String snap = config.equals("C1") ? "C1-S1" : (config + "-" + scenario).equals("C2-S2") ? "C2-S2" : "C2-S1";
        Map<Long, long[]> ref = ReferenceSet.hitsTwoPlus(snap);
        int same = 0;
        int missing = 0;
        int differ = 0;
        int shown = 0;
        for (Map.Entry<Long, long[]> e : ref.entrySet()) {
            long[] mine = tokens.get(e.getKey());
            if (mine == null) {
                missing++;
            } else if (mine[0] == e.getValue()[0] && mine[1] == e.getValue()[1]) {
                same++;
            } else {
                differ++;
                if (shown++ < 10) {
                    System.err.println("differs " + Long.toUnsignedString(e.getKey()) + " ref " + e.getValue()[0] + "/" + e.getValue()[1] + " mine " + mine[0] + "/" + mine[1]);
                }
            }
        }
        Map<Long, String> names = new java.util.HashMap<>();
        for (String letter : new String[] {"s", "c"}) {
            for (int a = 0; a <= 100; a += 5) {
                for (int b = 0; b <= 100; b += 5) {
                    for (int c = 0; c <= 100; c += 5) {
                        String n = String.format("bnr.%s|%d.%02d_%d.%02d_%d.%02d_", letter, a / 100, a % 100, b / 100, b % 100, c / 100, c % 100);
                        names.put(io.jamesdspam.engine.tokenize.DspamCrc64.of(n), n);
                    }
                }
            }
        }
        names.put(io.jamesdspam.engine.tokenize.DspamCrc64.of("bnr.t|"), "bnr.t|");
        for (Map.Entry<Long, long[]> e : ref.entrySet()) {
            long[] mine = tokens.get(e.getKey());
            if (mine == null || mine[0] != e.getValue()[0] || mine[1] != e.getValue()[1]) {
                System.err.println("D " + names.getOrDefault(e.getKey(), Long.toUnsignedString(e.getKey())) + " ref " + e.getValue()[0] + "/" + e.getValue()[1] + " mine " + (mine == null ? "-" : mine[0] + "/" + mine[1]));
            }
        }
        int extraShown = 0;
        for (Map.Entry<Long, long[]> e : tokens.entrySet()) {
            if (e.getValue()[0] + e.getValue()[1] >= 2 && !ref.containsKey(e.getKey()) && extraShown++ < 40) {
                System.err.println("X " + names.getOrDefault(e.getKey(), Long.toUnsignedString(e.getKey())) + " mine " + e.getValue()[0] + "/" + e.getValue()[1]);
            }
        }
        if (System.getProperty("names") != null) {
            java.util.Set<Long> wanted = new java.util.HashSet<>();
            for (Map.Entry<Long, long[]> e : tokens.entrySet()) {
                if (e.getValue()[0] + e.getValue()[1] >= 2 && !ref.containsKey(e.getKey())) {
                    wanted.add(e.getKey());
                }
            }
            io.jamesdspam.engine.tokenize.MessageTokenizer tokenizer = new io.jamesdspam.engine.tokenize.MessageTokenizer(
                ConformanceRun.settings(config).tokenizerSettings(java.util.List.of()));
            for (io.jamesdspam.testing.CorpusMessage m : io.jamesdspam.testing.Corpus.load().trainSet()) {
                for (io.jamesdspam.engine.tokenize.Diction.Entry entry : tokenizer.tokenize(m.bytes(), true).diction().entries()) {
                    if (wanted.remove(entry.id())) {
                        System.err.println("N " + m.path() + " " + entry.name().replace("\n", "\\n"));
                    }
                }
            }
        }
        if (System.getProperty("stop") != null) {
            return;
        }
        long mine2 = tokens.values().stream().filter(v -> v[0] + v[1] >= 2).count();
        System.err.println("store: tokens " + digest.tokens + " sha " + digest.sha256 + "; hits2plus ref " + ref.size()
            + " same " + same + " missing " + missing + " differ " + differ + " mine2plus " + mine2);
        start = System.nanoTime();
        ConformanceRun.Agreement agreement = ConformanceRun.compare(run.classifyTestSet(),
            ReferenceSet.results(config + "-" + scenario + ".pubtest.csv"));
        System.err.println("classified in " + (System.nanoTime() - start) / 1_000_000 + " ms; pubtest " + agreement);
        agreement.differences.stream().limit(20).forEach(System.err::println);
    }
}

package io.jamesdspam.engine.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.testing.SharedDirectory;

/** The real DSPAM 3.10.2 outputs of {@code docs/reference} (its README explains each file). */
final class ReferenceSet {
    private ReferenceSet() {
    }

    /** One row of {@code <C>-<S>.pubtest.csv} or {@code .online.csv}; empty fields = no result. */
    static final class ResultRow {
        final String path;
        final String trueClass;
        final String result;
        final String dspamClass;
        final String probability;
        final String confidence;
        final boolean retrained;

        ResultRow(String[] fields) {
            this.path = fields[0];
            this.trueClass = fields[1];
            this.result = fields[2];
            this.dspamClass = fields[3];
            this.probability = fields[4];
            this.confidence = fields[5];
            this.retrained = fields.length > 6 && fields[6].equals("1");
        }

        boolean hasResult() {
            return !result.isEmpty();
        }
    }

    /** One bucket of {@code <snap>.buckets.csv}. */
    static final class BucketRow {
        final int bucket;
        final long tokens;
        final long spamHits;
        final long innocentHits;
        final long hapaxSpam;
        final long hapaxInnocent;
        final String sha256;

        BucketRow(String[] f) {
            bucket = Integer.parseInt(f[0]);
            tokens = Long.parseLong(f[1]);
            spamHits = Long.parseLong(f[2]);
            innocentHits = Long.parseLong(f[3]);
            hapaxSpam = Long.parseLong(f[4]);
            hapaxInnocent = Long.parseLong(f[5]);
            sha256 = f[6];
        }
    }

    /** One line of {@code C2-S1.pubtest-factors.jsonl} (reference README §4.3). */
    static final class FactorsRow {
        final String path;
        final String probability;
        final String confidence;
        /** {@code [token, value]} pairs in header order, as DSPAM printed them. */
        final List<String[]> factors;

        FactorsRow(String path, String probability, String confidence, List<String[]> factors) {
            this.path = path;
            this.probability = probability;
            this.confidence = confidence;
            this.factors = factors;
        }
    }

    static List<FactorsRow> factors(String file) {
        ObjectMapper json = new ObjectMapper();
        List<FactorsRow> rows = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(directory().resolve(file), StandardCharsets.UTF_8)) {
                if (line.isEmpty()) {
                    continue;
                }
                JsonNode row = json.readTree(line);
                List<String[]> factors = new ArrayList<>();
                row.get("factors").forEach(pair -> factors.add(new String[] {pair.get(0).asText(), pair.get(1).asText()}));
                rows.add(new FactorsRow(row.get("path").asText(), row.get("probability").asText(),
                    row.get("confidence").asText(), factors));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    static Path directory() {
        return SharedDirectory.dspamReference();
    }

    static List<ResultRow> results(String file) {
        List<ResultRow> rows = new ArrayList<>();
        for (String[] fields : csv(directory().resolve(file))) {
            rows.add(new ResultRow(fields));
        }
        return rows;
    }

    static DspamTotals totals(String snapshot) {
        for (String[] f : csv(directory().resolve("totals.csv"))) {
            if (f[0].equals(snapshot)) {
                return new DspamTotals(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]),
                    Long.parseLong(f[8]));
            }
        }
        throw new IllegalArgumentException("No totals for " + snapshot);
    }

    /** token id → {spam, innocent} for every token with 2 or more hits, ascending unsigned id. */
    static Map<Long, long[]> hitsTwoPlus(String snapshot) {
        Path file = directory().resolve("tokens/" + snapshot + ".hits2plus.csv.gz");
        Map<Long, long[]> tokens = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.US_ASCII))) {
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null) {
                String[] f = line.split(",");
                tokens.put(Long.parseUnsignedLong(f[0]), new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }

    static List<BucketRow> buckets(String snapshot) {
        List<BucketRow> rows = new ArrayList<>();
        for (String[] f : csv(directory().resolve("tokens/" + snapshot + ".buckets.csv"))) {
            rows.add(new BucketRow(f));
        }
        return rows;
    }

    private static List<String[]> csv(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String[]> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isEmpty()) {
                    rows.add(line.split(",", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

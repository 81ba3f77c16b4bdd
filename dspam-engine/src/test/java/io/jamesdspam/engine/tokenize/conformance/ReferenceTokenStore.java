package io.jamesdspam.engine.tokenize.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import io.jamesdspam.testing.SharedDirectory;

/** A reference store digest of the reference outputs' tokens/ (docs/reference/README.md §4.5). */
final class ReferenceTokenStore {
    final TokenCounts.Rows hits2plus;
    final List<Bucket> buckets;

    private ReferenceTokenStore(TokenCounts.Rows hits2plus, List<Bucket> buckets) {
        this.hits2plus = hits2plus;
        this.buckets = buckets;
    }

    static ReferenceTokenStore load(String snapshot) {
        Path dir = SharedDirectory.dspamReference().resolve("tokens");
        try {
            List<String> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(dir.resolve(snapshot + ".hits2plus.csv.gz"))), StandardCharsets.US_ASCII))) {
                reader.readLine();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            }
            TokenCounts.Rows rows = new TokenCounts.Rows(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",");
                rows.ids[i] = Long.parseUnsignedLong(f[0]);
                rows.spam[i] = Integer.parseInt(f[1]);
                rows.innocent[i] = Integer.parseInt(f[2]);
            }
            List<Bucket> buckets = new ArrayList<>();
            List<String> bucketLines = Files.readAllLines(dir.resolve(snapshot + ".buckets.csv"), StandardCharsets.US_ASCII);
            for (String line : bucketLines.subList(1, bucketLines.size())) {
                String[] f = line.split(",");
                buckets.add(new Bucket(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Integer.parseInt(f[4]), Integer.parseInt(f[5]), f[6]));
            }
            return new ReferenceTokenStore(rows, buckets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class Bucket {
        final int bucket;
        final int tokens;
        final long sumSpam;
        final long sumInnocent;
        final int hapaxSpam;
        final int hapaxInnocent;
        final String sha256;

        Bucket(int bucket, int tokens, long sumSpam, long sumInnocent, int hapaxSpam, int hapaxInnocent, String sha256) {
            this.bucket = bucket;
            this.tokens = tokens;
            this.sumSpam = sumSpam;
            this.sumInnocent = sumInnocent;
            this.hapaxSpam = hapaxSpam;
            this.hapaxInnocent = hapaxInnocent;
            this.sha256 = sha256;
        }
    }
}

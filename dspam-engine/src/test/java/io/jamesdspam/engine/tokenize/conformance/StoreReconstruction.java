package io.jamesdspam.engine.tokenize.conformance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a store trained from our dictions with a reference store digest. The reference also
 * holds BNR pattern tokens (engine-core's, not the tokenizer's): those with 2+ hits are listed
 * in hits2plus; BNR hapaxes are only visible in the bucket digests, so for each bucket the
 * missing BNR hapaxes are searched among the possible BNR ids until the bucket's sha256 matches.
 * When every bucket matches, the whole store is reproduced byte for byte.
 */
final class StoreReconstruction {
    /** Buckets whose BNR hapaxes admit more placements than this are checked by their counters only. */
    private static final double MAX_COMBINATIONS = 3_000;

    final List<String> hits2plusMismatches = new ArrayList<>();
    /** Buckets whose counters contradict "our tokens + BNR tokens". */
    final List<Integer> inconsistentBuckets = new ArrayList<>();
    /** Buckets proven byte for byte (sha256 equal after placing the BNR hapaxes). */
    int bucketsProvenBySha256;
    /** Buckets too costly to search: their token count, hit sums and hapax counts match. */
    int bucketsProvenByCounters;
    /** Buckets whose counters match but for which no placement gives the sha256. */
    final List<Integer> shaMismatchBuckets = new ArrayList<>();
    int matchingHits2plus;
    int bnrHits2plus;
    int bnrHapaxes;
    /** The sha256 over all reconstructed canonical lines, null when some bucket could not be reconstructed. */
    String wholeStoreSha256;
    private boolean wholeStoreIncomplete;

    static StoreReconstruction compare(TokenCounts.Rows ours, ReferenceTokenStore reference) {
        StoreReconstruction result = new StoreReconstruction();
        result.run(ours, reference);
        return result;
    }

    private void run(TokenCounts.Rows ours, ReferenceTokenStore reference) {
        TokenCounts.Rows ref = reference.hits2plus;
        Map<Integer, List<long[]>> bnrLinesByBucket = new HashMap<>();
        Set<Long> oursIds = new HashSet<>();
        for (long id : ours.ids) {
            oursIds.add(id);
        }
        int i = 0;
        int j = 0;
        while (i < ours.size() || j < ref.size()) {
            int cmp = i >= ours.size() ? 1 : j >= ref.size() ? -1 : Long.compareUnsigned(ours.ids[i], ref.ids[j]);
            if (cmp == 0) {
                if (ours.spam[i] == ref.spam[j] && ours.innocent[i] == ref.innocent[j]) {
                    matchingHits2plus++;
                } else {
                    hits2plusMismatches.add(describe("differs", ours.ids[i], ours.spam[i], ours.innocent[i]) + " reference " + ref.spam[j] + "/" + ref.innocent[j]);
                }
                i++;
                j++;
            } else if (cmp < 0) {
                if (ours.spam[i] + ours.innocent[i] >= 2) {
                    hits2plusMismatches.add(describe("only ours", ours.ids[i], ours.spam[i], ours.innocent[i]));
                }
                i++;
            } else {
                if (BnrPatternIds.ALL.contains(ref.ids[j])) {
                    bnrHits2plus++;
                    bnrLinesByBucket.computeIfAbsent(bucket(ref.ids[j]), b -> new ArrayList<>())
                        .add(new long[] {ref.ids[j], ref.spam[j], ref.innocent[j]});
                } else {
                    hits2plusMismatches.add(describe("only reference", ref.ids[j], ref.spam[j], ref.innocent[j]));
                }
                j++;
            }
        }
        Map<Integer, List<Long>> bnrCandidates = new HashMap<>();
        Set<Long> listed = new HashSet<>();
        for (long id : ref.ids) {
            listed.add(id);
        }
        for (long id : BnrPatternIds.ALL) {
            if (!listed.contains(id) && !oursIds.contains(id)) {
                bnrCandidates.computeIfAbsent(bucket(id), b -> new ArrayList<>()).add(id);
            }
        }
        MessageDigest whole = sha256();
        int row = 0;
        for (ReferenceTokenStore.Bucket bucket : reference.buckets) {
            List<long[]> lines = new ArrayList<>();
            while (row < ours.size() && bucket(ours.ids[row]) < bucket.bucket) {
                row++;
            }
            while (row < ours.size() && bucket(ours.ids[row]) == bucket.bucket) {
                lines.add(new long[] {ours.ids[row], ours.spam[row], ours.innocent[row]});
                row++;
            }
            lines.addAll(bnrLinesByBucket.getOrDefault(bucket.bucket, List.of()));
            List<long[]> resolved = resolveBucket(bucket, lines, bnrCandidates.getOrDefault(bucket.bucket, List.of()));
            if (resolved != null) {
                for (long[] line : resolved) {
                    whole.update(canonical(line));
                }
            } else {
                whole = null;
            }
            if (whole == null) {
                whole = sha256();
                wholeStoreIncomplete = true;
            }
        }
        wholeStoreSha256 = wholeStoreIncomplete ? null : hex(whole.digest());
    }

    private List<long[]> resolveBucket(ReferenceTokenStore.Bucket bucket, List<long[]> known, List<Long> candidates) {
        int hapaxSpam = 0;
        int hapaxInnocent = 0;
        for (long[] line : known) {
            if (line[1] == 1 && line[2] == 0) {
                hapaxSpam++;
            } else if (line[1] == 0 && line[2] == 1) {
                hapaxInnocent++;
            }
        }
        int missingSpam = bucket.hapaxSpam - hapaxSpam;
        int missingInnocent = bucket.hapaxInnocent - hapaxInnocent;
        long sumSpam = missingSpam;
        long sumInnocent = missingInnocent;
        for (long[] line : known) {
            sumSpam += line[1];
            sumInnocent += line[2];
        }
        if (missingSpam < 0 || missingInnocent < 0 || known.size() + missingSpam + missingInnocent != bucket.tokens
            || missingSpam + missingInnocent > candidates.size() || sumSpam != bucket.sumSpam || sumInnocent != bucket.sumInnocent) {
            inconsistentBuckets.add(bucket.bucket);
            return null;
        }
        double placements = binomial(candidates.size(), missingSpam) * binomial(candidates.size() - missingSpam, missingInnocent);
        if (placements > MAX_COMBINATIONS) {
            bucketsProvenByCounters++;
            return null;
        }
        int[] budget = {(int) MAX_COMBINATIONS + 1};
        long[][] chosen = new long[missingSpam + missingInnocent][];
        List<long[]> found = search(bucket, known, candidates, 0, missingSpam, missingInnocent, chosen, 0, budget);
        if (found == null) {
            shaMismatchBuckets.add(bucket.bucket);
        } else {
            bucketsProvenBySha256++;
        }
        return found;
    }

    private static double binomial(int n, int k) {
        double result = 1;
        for (int i = 0; i < k; i++) {
            result = result * (n - i) / (i + 1);
        }
        return result;
    }

    private List<long[]> search(ReferenceTokenStore.Bucket bucket, List<long[]> known, List<Long> candidates, int from,
                                int spamLeft, int innocentLeft, long[][] chosen, int chosenCount, int[] budget) {
        if (spamLeft == 0 && innocentLeft == 0) {
            if (budget[0]-- <= 0) {
                return null;
            }
            List<long[]> lines = new ArrayList<>(known);
            lines.addAll(Arrays.asList(chosen).subList(0, chosenCount));
            lines.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
            MessageDigest digest = sha256();
            for (long[] line : lines) {
                digest.update(canonical(line));
            }
            return hex(digest.digest()).equals(bucket.sha256) ? lines : null;
        }
        for (int c = from; c < candidates.size(); c++) {
            long id = candidates.get(c);
            if (spamLeft > 0) {
                chosen[chosenCount] = new long[] {id, 1, 0};
                List<long[]> found = search(bucket, known, candidates, c + 1, spamLeft - 1, innocentLeft, chosen, chosenCount + 1, budget);
                if (found != null) {
                    return found;
                }
            }
            if (innocentLeft > 0) {
                chosen[chosenCount] = new long[] {id, 0, 1};
                List<long[]> found = search(bucket, known, candidates, c + 1, spamLeft, innocentLeft - 1, chosen, chosenCount + 1, budget);
                if (found != null) {
                    return found;
                }
            }
            if (budget[0] <= 0) {
                return null;
            }
        }
        return null;
    }

    private static int bucket(long id) {
        return (int) (id >>> 54);
    }

    private static byte[] canonical(long[] line) {
        return (Long.toUnsignedString(line[0]) + "," + line[1] + "," + line[2] + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String describe(String what, long id, long spam, long innocent) {
        return what + " " + Long.toUnsignedString(id) + " " + spam + "/" + innocent;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b));
        }
        return text.toString();
    }
}

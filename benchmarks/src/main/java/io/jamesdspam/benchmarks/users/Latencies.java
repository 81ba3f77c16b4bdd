package io.jamesdspam.benchmarks.users;

import java.util.Arrays;

/** Per-message latencies in nanoseconds, recorded without allocation, summarised as percentiles. */
final class Latencies {
    private final long[] nanos;
    private int count;

    Latencies(int capacity) {
        nanos = new long[capacity];
    }

    void record(long elapsedNanos) {
        nanos[count++] = elapsedNanos;
    }

    int count() {
        return count;
    }

    /** The q-quantile (0 < q ≤ 1) in milliseconds, nearest rank. */
    double percentileMillis(double q) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * count) - 1;
        return sorted[Math.max(0, Math.min(rank, count - 1))] / 1e6;
    }

    /** The latencies in milliseconds, in recording order (for the report's distribution plot). */
    double[] millis() {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = nanos[i] / 1e6;
        }
        return out;
    }
}

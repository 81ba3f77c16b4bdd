package io.jamesdspam.benchmarks.users;

/** What one measuring JVM reports for one number of users (JSON through Jackson). */
public final class UsersRunResult {
    public String store;
    public int users;
    public int messages;
    public double messagesPerSecond;
    public double p50Millis;
    public double p90Millis;
    public double p99Millis;
    public double maxMillis;
    public long heapAfterGcBytes;
    public long maxHeapBytes;
    public double firstClassificationP50Millis;
    public double firstClassificationP99Millis;
    public double warmClassificationP50Millis;
    public int restartUsers;
    public int distinctUsersMailed;
    public double loadAverage;
    /** Every measured latency in milliseconds, for the distribution plot. */
    public double[] latenciesMillis;
    /** The users this run wrote to, which the next run resets. */
    public int[] touchedUsers;
}

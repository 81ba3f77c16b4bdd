package io.jamesdspam.benchmarks.users;

import java.util.List;
import java.util.Map;

/** Everything one users-benchmark invocation measured (JSON through Jackson; read by the report). */
public final class UsersReport {
    public String store;
    public String heap;
    public double zipfExponent;
    public int storeUsers;
    public long diskBytesPerUser;
    public Map<String, String> storeOptions;
    public List<UsersRunResult> runs;
}

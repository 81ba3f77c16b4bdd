package io.jamesdspam.benchmarks.users;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Everything one users-benchmark invocation measured (JSON through Jackson; read by the report). */
public final class UsersReport {
    public String store;
    public String heap;
    public double zipfExponent;
    public int storeUsers;
    public long diskBytesPerUser;
    /** Signatures every generated user held ({@code --signatures}; payloads of {@link UserDictionaries#SIGNATURE_BYTES} bytes). */
    public int signaturesPerUser;
    /** Messages every generated user was mailed after its dictionary was settled ({@code --journal-messages}). */
    public int journalMessagesPerUser;
    public Map<String, String> storeOptions;
    /** The first pass's runs. */
    public List<UsersRunResult> runs;
    /** Per number of users, each pass's msg/s ÷ that pass's msg/s of the first number (with {@code --passes}). */
    public Map<Integer, List<Double>> ratiosByPass;

    /** The middle value (of an even count, the upper of the two middle ones). */
    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Each pass's ratio, in pass order, e.g. {@code 0.306 / 0.412 / 0.397}. */
    public static String passRatios(List<Double> ratios) {
        return ratios.stream().map(ratio -> String.format(Locale.ROOT, "%.3f", ratio)).collect(Collectors.joining(" / "));
    }
}

package io.jamesdspam.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with its usual command-line options, then prints every result as a ratio to the
 * {@code baseline} benchmark of the same class measured in the same run. Absolute numbers
 * depend on the machine; ratios measured side by side are what the project reports.
 */
public final class RatioRunner {
    private RatioRunner() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        System.out.println();
        System.out.println(report(results));
    }

    static String report(Collection<RunResult> results) {
        Map<String, List<Row>> byClass = new TreeMap<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            int dot = benchmark.lastIndexOf('.');
            String label = benchmark.substring(dot + 1) + paramsOf(result);
            byClass.computeIfAbsent(benchmark.substring(0, dot), k -> new ArrayList<>())
                .add(new Row(label, benchmark.substring(dot + 1), result.getPrimaryResult().getScore(),
                    result.getPrimaryResult().getScoreError(), result.getPrimaryResult().getScoreUnit()));
        }
        StringBuilder out = new StringBuilder("Ratios against the baseline of the same class, same run:\n");
        byClass.forEach((className, rows) -> {
            out.append(className).append('\n');
            Row baseline = rows.stream().filter(r -> r.method.equals("baseline")).findFirst().orElse(null);
            for (Row row : rows) {
                out.append(String.format(Locale.ROOT, "  %-45s %14.3f ± %-10.3f %-10s", row.label, row.score, row.error, row.unit));
                if (baseline != null && baseline.score != 0) {
                    out.append(String.format(Locale.ROOT, "  ratio %.3f", row.score / baseline.score));
                } else {
                    out.append("  (no baseline in this class)");
                }
                out.append('\n');
            }
        });
        return out.toString();
    }

    private static String paramsOf(RunResult result) {
        Collection<String> keys = result.getParams().getParamsKeys();
        if (keys.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("(");
        for (String key : keys) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(key).append('=').append(result.getParams().getParam(key));
        }
        return sb.append(')').toString();
    }

    private static final class Row {
        final String label;
        final String method;
        final double score;
        final double error;
        final String unit;

        Row(String label, String method, double score, double error, String unit) {
            this.label = label;
            this.method = method;
            this.score = score;
            this.error = error;
            this.unit = unit;
        }
    }
}

package io.jamesdspam.benchmarks.report;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.jamesdspam.benchmarks.users.UsersReport;
import io.jamesdspam.benchmarks.users.UsersRunResult;

/**
 * Turns the result files of {@code benchmarks/report.sh} (users benchmark JSON, JMH JSON, SMTP
 * harness JSON, all in one directory) into {@code index.md} with tables and PNG charts. Every
 * figure is set beside the baseline measured in the same run; absent result files leave their
 * section out.
 */
@Command(name = "benchmark-report", mixinStandardHelpOptions = true)
public final class BenchmarkReport implements Callable<Integer> {
    private static final int MAILET_MESSAGES_PER_OPERATION = 200;

    @Option(names = "--directory", required = true, description = "where the results are and index.md goes")
    Path directory;

    private final StringBuilder page = new StringBuilder();

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkReport()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        page.append("# james-dspam benchmark report\n\n")
            .append(String.format(Locale.ROOT, "%s; %d cores; load average %.2f when the report was written.%n%n",
                ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
            .append("Every figure is a ratio to a baseline measured in the same run (absolute figures depend on the"
                + " machine and its load). Reproduce with `benchmarks/report.sh`.\n\n");
        File users = directory.resolve("users-journal.json").toFile();
        if (users.exists()) {
            users(new ObjectMapper().readValue(users, UsersReport.class));
        }
        engine(JmhResult.read(directory.resolve("jmh-engine.json").toFile()));
        alternatedEngineRatios();
        recipients(JmhResult.read(directory.resolve("jmh-mailet.json").toFile()));
        smtp();
        Files.writeString(directory.resolve("index.md"), page.toString(), StandardCharsets.UTF_8);
        System.out.println("Report written to " + directory.resolve("index.md"));
        return 0;
    }

    private void users(UsersReport report) throws IOException {
        UsersRunResult baseline = report.runs.get(0);
        page.append("## Users: ").append(report.store).append(" store, Zipf ").append(report.zipfExponent)
            .append(", -Xmx").append(report.heap).append("\n\n")
            .append(String.format(Locale.ROOT, "Each number of users in a JVM of its own, process mode, one message at a time;"
                + " every user has a dictionary of its own (%,d users generated, %,d disk bytes per user on average)."
                + " Ratios are to the %d-user run of the same invocation. Store options: %s.%n%n",
                report.storeUsers, report.diskBytesPerUser, baseline.users,
                report.storeOptions == null || report.storeOptions.isEmpty() ? "defaults" : report.storeOptions))
            .append("| users | msg/s | ratio | p50 ms | p90 ms | p99 ms | max ms | heap after GC MB | first classification"
                + " after restart p50 / p99 ms | warm p50 ms | users mailed | load |\n")
            .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (UsersRunResult run : report.runs) {
            page.append(String.format(Locale.ROOT, "| %,d | %.0f | %.3f | %.2f | %.2f | %.2f | %.1f | %.1f | %.2f / %.2f | %.2f | %,d | %.1f |%n",
                run.users, run.messagesPerSecond, run.messagesPerSecond / baseline.messagesPerSecond, run.p50Millis,
                run.p90Millis, run.p99Millis, run.maxMillis, run.heapAfterGcBytes / 1048576.0,
                run.firstClassificationP50Millis, run.firstClassificationP99Millis, run.warmClassificationP50Millis,
                run.distinctUsersMailed, run.loadAverage));
        }
        page.append("\nGoals (issue #16): with 10,000 users at least 0.5× the single-user throughput, p99 ≤ 50 ms, inside"
            + " -Xmx512m.\n\n");
        if (report.ratiosByPass != null && report.ratiosByPass.values().stream().anyMatch(ratios -> ratios.size() > 1)) {
            page.append("Every pass measured the numbers of users in turn; each pass's ratios are to its own ")
                .append(baseline.users).append("-user run (the table above is the first pass).\n\n")
                .append("| users | passes | median ratio | ratio of each pass |\n|---:|---:|---:|---|\n");
            report.ratiosByPass.forEach((users, ratios) -> page.append(String.format(Locale.ROOT, "| %,d | %d | %.3f | %s |%n",
                users, ratios.size(), UsersReport.median(ratios),
                UsersReport.passRatios(ratios))));
            page.append("\n");
        }

        List<Integer> counts = report.runs.stream().map(run -> run.users).collect(Collectors.toList());
        XYChart throughput = Charts.xy("Throughput against users (ratio to 1 user)", "users (log scale)", "ratio to 1 user");
        throughput.getStyler().setXAxisLogarithmic(true);
        throughput.getStyler().setYAxisMin(0.0);
        throughput.getStyler().setYAxisMax(1.2);
        throughput.addSeries("msg/s ÷ msg/s of 1 user", counts,
            report.runs.stream().map(run -> run.messagesPerSecond / baseline.messagesPerSecond).collect(Collectors.toList()));
        Charts.goal(throughput, "goal ≥ 0.5", counts, 0.5);
        Charts.save(throughput, directory.resolve("users-throughput.png"));

        XYChart latency = Charts.xy("Latency distribution per message", "percentile", "milliseconds (log scale)");
        latency.getStyler().setYAxisLogarithmic(true);
        latency.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        latency.getStyler().setMarkerSize(0);
        List<Double> percentiles = new ArrayList<>();
        for (double p = 1; p <= 100; p += 1) {
            percentiles.add(p);
        }
        for (UsersRunResult run : report.runs) {
            double[] sorted = run.latenciesMillis.clone();
            Arrays.sort(sorted);
            List<Double> values = percentiles.stream()
                .map(p -> Math.max(0.01, sorted[Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1)]))
                .collect(Collectors.toList());
            latency.addSeries(String.format(Locale.ROOT, "%,d users", run.users), percentiles, values);
        }
        Charts.goal(latency, "p99 goal 50 ms", percentiles, 50);
        Charts.save(latency, directory.resolve("users-latency.png"));
        page.append("![throughput against users](users-throughput.png)\n\n![latency distribution](users-latency.png)\n\n");
    }

    private void engine(List<JmhResult> results) throws IOException {
        if (results.isEmpty()) {
            return;
        }
        Optional<JmhResult> baseline = results.stream().filter(r -> r.method.equals("baseline")).findFirst();
        page.append("## Engine (JMH, `EngineBenchmark`)\n\n")
            .append("Baseline: tokenizing one test message with the engine's settings. Allocation from `-prof gc`.\n\n")
            .append("| benchmark | score | unit | ratio to baseline | bytes allocated per message |\n|---|---:|---|---:|---:|\n");
        CategoryChart chart = Charts.bars("Engine: ratio to tokenizing alone", "benchmark", "ratio to baseline");
        List<String> labels = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (JmhResult result : results) {
            double ratio = baseline.map(b -> result.score / b.score).orElse(Double.NaN);
            page.append(String.format(Locale.ROOT, "| %s | %.1f ± %.1f | %s | %.3f | %s |%n", result.label(), result.score,
                result.error, result.unit, ratio,
                result.bytesPerOperation.isPresent() ? String.format(Locale.ROOT, "%,.0f", result.bytesPerOperation.getAsDouble()) : "–"));
            if (!result.method.equals("baseline")) {
                labels.add(result.method.replace("OneThread", "") + " " + result.param("store"));
                ratios.add(ratio);
            }
        }
        chart.addSeries("ratio", labels, ratios);
        chart.getStyler().setLegendVisible(false);
        Charts.save(chart, directory.resolve("engine-ratios.png"));
        page.append("\nGoal (issue #16): classification ≥ 0.5 of the baseline.\n\n![engine ratios](engine-ratios.png)\n\n");
    }

    /** {@code ClassifyRatioHarness}'s results, one file per store: the engine goal measured with drifts cancelled. */
    private void alternatedEngineRatios() throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        for (String store : List.of("memory", "journal", "journal-uncached")) {
            File file = directory.resolve("classify-ratio-" + store + ".json").toFile();
            if (file.exists()) {
                runs.add(new ObjectMapper().readTree(file));
            }
        }
        if (runs.isEmpty()) {
            return;
        }
        page.append("### Engine, alternated passes (`ClassifyRatioHarness`)\n\n")
            .append("The test folds tokenized only, then classified, alternately; each pair's ratio is classify msg/s ÷"
                + " tokenize msg/s, so both sides see the same machine (separate JMH runs drift apart on a shared machine)."
                + " `journal-uncached`: the journal store without the heap copy of the user's rows (`embedded.cacheSize=0`),"
                + " every lookup a search of the user's mapped snapshot, as for a dictionary larger than the cache."
                + " Goal (issue #16): median ≥ 0.5.\n\n")
            .append("| store | pairs | messages per pass | median ratio | quartiles |\n|---|---:|---:|---:|---|\n");
        for (JsonNode run : runs) {
            page.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f–%.3f |%n", run.path("store").asText(),
                run.path("pairs").asInt(), run.path("messagesPerPass").asInt(), run.path("median").asDouble(),
                run.path("lowerQuartile").asDouble(), run.path("upperQuartile").asDouble()));
        }
        page.append('\n');
    }

    private void recipients(List<JmhResult> results) throws IOException {
        if (results.isEmpty()) {
            return;
        }
        page.append("## Recipients (JMH, `MailetPipelineBenchmark`)\n\n")
            .append("One mail with N local recipients through the Dspam mailet (one DSPAM request for all N, each its own"
                + " dictionary) against the same mail trip without it (baseline, same N). DSPAM cost = 1/with − 1/without.\n\n")
            .append("| recipients | without DSPAM msg/s | with DSPAM msg/s | ratio | DSPAM ms per mail | ms per recipient |"
                + " per-recipient cost ÷ 1 recipient's |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> labels = new ArrayList<>();
        List<Double> perRecipient = new ArrayList<>();
        double single = Double.NaN;
        for (String count : results.stream().map(r -> r.param("recipients")).distinct().sorted((a, b) -> Integer.parseInt(a) - Integer.parseInt(b))
            .collect(Collectors.toList())) {
            double without = score(results, "baseline", count) * MAILET_MESSAGES_PER_OPERATION;
            double with = score(results, "withDspam", count) * MAILET_MESSAGES_PER_OPERATION;
            double costMillis = (1 / with - 1 / without) * 1000;
            double perRecipientMillis = costMillis / Integer.parseInt(count);
            if (Double.isNaN(single)) {
                single = perRecipientMillis;
            }
            page.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.3f | %.3f | %.3f | %.3f |%n", count, without, with,
                with / without, costMillis, perRecipientMillis, perRecipientMillis / single));
            labels.add(count + " recipient(s)");
            perRecipient.add(perRecipientMillis / single);
        }
        CategoryChart chart = Charts.bars("DSPAM cost per recipient, relative to a 1-recipient mail", "recipients per mail",
            "ratio to 1 recipient");
        chart.addSeries("per-recipient cost", labels, perRecipient);
        chart.getStyler().setLegendVisible(false);
        Charts.save(chart, directory.resolve("recipients.png"));
        page.append("\n![per-recipient cost](recipients.png)\n\n");
    }

    private static double score(List<JmhResult> results, String method, String recipients) {
        return results.stream().filter(r -> r.method.equals(method) && r.param("recipients").equals(recipients))
            .mapToDouble(r -> r.score).findFirst().orElse(Double.NaN);
    }

    private void smtp() throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        for (int recipients = 1; recipients <= 20; recipients++) {
            File file = directory.resolve("smtp-recipients-" + recipients + ".json").toFile();
            if (file.exists()) {
                runs.add(new ObjectMapper().readTree(file));
            }
        }
        if (runs.isEmpty()) {
            return;
        }
        page.append("## SMTP accept → mailbox (`benchmarks/run-smtp.sh`)\n\n")
            .append("Two James 3.8.1 servers (a process each, both up for the whole run) on the shipped sample configuration,"
                + " with and without its DSPAM mailets, alternating rounds; server CPU is each server process's processor time"
                + " per mail; thread ids: how James gives a delivered mail its thread (`naive` as James's JPA server,"
                + " `search` as its memory server). Goal (issue #16): ≥ 0.9× the bare pipeline.\n\n")
            .append("| recipients per mail | thread ids | rounds | bare msg/s | DSPAM msg/s | ratio of means | ratio per round"
                + " | server CPU ms/mail bare / DSPAM | load |\n")
            .append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (JsonNode run : runs) {
            // summaries of the harness before session 19 have neither thread ids (it ran James's memory search) nor CPU
            String cpu = run.has("dspamCpuMillisPerMessage")
                ? String.format(Locale.ROOT, "%.2f / %.2f", run.path("bareCpuMillisPerMessage").asDouble(),
                    run.path("dspamCpuMillisPerMessage").asDouble())
                : "–";
            page.append(String.format(Locale.ROOT, "| %d | %s | %d | %.1f | %.1f | %.3f | %.3f ± %.3f | %s | %.1f |%n",
                run.path("recipients").asInt(), run.path("threadIds").asText("search"), run.path("rounds").asInt(),
                run.path("bareMessagesPerSecond").asDouble(), run.path("dspamMessagesPerSecond").asDouble(),
                run.path("ratioOfMeans").asDouble(), run.path("ratioPerRoundMean").asDouble(),
                run.path("ratioPerRoundSd").asDouble(), cpu, run.path("loadAverage").asDouble()));
        }
        page.append('\n');
    }
}

package io.jamesdspam.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Draws {@code benchmarks/soak.sh}'s {@code samples.csv} (one row a minute) as a PNG: heap after GC,
 * RSS, threads, file descriptors and store size against the minute, on one chart so that a series
 * that keeps climbing while the others level off stands out.
 */
@Command(name = "soak-plot", mixinStandardHelpOptions = true)
public final class SoakPlot implements Callable<Integer> {
    /** CSV column -> legend; MB and counts share the axis (both in the hundreds on the demo). */
    static final Map<String, String> SERIES = Map.of(
        "heap_after_gc_mb", "heap after GC (MB)",
        "rss_mb", "RSS (MB)",
        "threads", "threads",
        "fds", "open file descriptors",
        "store_mb", "store on disk (MB)");
    private static final List<String> ORDER = List.of("heap_after_gc_mb", "rss_mb", "threads", "fds", "store_mb");
    private static final List<String> COLUMNS = List.of("minute", "heap_after_gc_mb", "rss_mb", "threads", "fds", "store_mb");

    @Option(names = "--samples", required = true, description = "the soak's samples.csv")
    Path samples;

    @Option(names = "--out", required = true, description = "the PNG to write")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SoakPlot()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        List<String> lines = Files.readAllLines(samples, StandardCharsets.UTF_8);
        if (lines.size() < 2) {
            System.err.println("soak-plot: no sample in " + samples);
            return 1;
        }
        List<String> header = Arrays.asList(lines.get(0).split(","));
        for (String name : COLUMNS) {
            if (!header.contains(name)) {
                System.err.println("soak-plot: " + samples + " has no column " + name);
                return 1;
            }
        }
        List<Double> minutes = column(lines, header, "minute");
        XYChart chart = Charts.xy("Soak: James JVM and store, one sample a minute", "minute", "MB / count");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS); // five series: inside, it hides the top lines
        for (String name : ORDER) {
            chart.addSeries(SERIES.get(name), minutes, column(lines, header, name));
        }
        Charts.save(chart, out);
        System.out.println("soak-plot: " + out);
        return 0;
    }

    private static List<Double> column(List<String> lines, List<String> header, String name) {
        int index = header.indexOf(name);
        List<Double> values = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            values.add(Double.valueOf(line.split(",")[index]));
        }
        return values;
    }
}

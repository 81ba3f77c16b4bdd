package io.jamesdspam.it.reliability.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.it.reliability.ReliabilityReport;
import io.jamesdspam.testing.Corpus;

/**
 * Engine fuzzing: {@value #DEFAULT_INPUTS} generated inputs ({@link FuzzedMessages}) through train,
 * process, retrain and classify of the embedded engine on a journal store, in a child JVM with
 * {@code -Xmx256m} and a per-input time limit ({@link EngineFuzzWorker}). A crash (an exception,
 * an "engine failure" answer, an impossible probability), a hang over the limit or a dead JVM
 * fails the scenario naming the seed and the input index; the child is restarted after the
 * failing input, so one run reports every failing input, not only the first.
 *
 * <p>{@code -Dreliability.fuzz.seed=N} replays a seed, {@code -Dreliability.fuzz.inputs=N} and
 * {@code -Dreliability.fuzz.first=N} narrow the run to the inputs of a failure.
 */
class EngineFuzzIT {
    static final long DEFAULT_SEED = 20_261_203L;
    private static final int DEFAULT_INPUTS = 10_000;
    private static final long BASE_LIMIT_MILLIS = 10_000;
    private static final long LIMIT_PER_MEGABYTE_MILLIS = 1_000;
    private static final int MAX_RESTARTS = 25;
    private static final int MAX_NOTES = 40;

    @TempDir
    Path store;

    @Test
    void tenThousandHostileInputsNeitherCrashNorHangTheEngine() throws Exception {
        long seed = Long.getLong("reliability.fuzz.seed", DEFAULT_SEED);
        int first = Integer.getInteger("reliability.fuzz.first", 0);
        int inputs = Integer.getInteger("reliability.fuzz.inputs", DEFAULT_INPUTS);
        Corpus.load();
        Run run = new Run();
        long start = System.nanoTime();
        int next = first;
        int restarts = 0;
        while (next < first + inputs && restarts <= MAX_RESTARTS) {
            next = runWorker(seed, next, first + inputs - next, run);
            if (next < first + inputs) {
                restarts++;
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        ReliabilityReport.Scenario scenario = new ReliabilityReport.Scenario("engine fuzzing", ReliabilityReport.Kind.FUZZ)
            .inputs(run.done + run.failures.size())
            .crashes(run.failures.size() + (next < first + inputs ? first + inputs - next : 0))
            .classified(run.classified)
            .unclassified(run.notClassified)
            .figure("seed", seed)
            .figure("heap", "-Xmx256m")
            .figure("store", "journal store, a user per 500 consecutive inputs, one dictionary loaded at a time")
            .figure("timeLimitMillis", BASE_LIMIT_MILLIS + " + " + LIMIT_PER_MEGABYTE_MILLIS + " per MB")
            .figure("slowestInputMillis", run.slowestMillis)
            .figure("hangs", run.hangs)
            .figure("deadJvms", run.deadJvms)
            .figure("seconds", seconds)
            .note("classified/unclassified count engine calls (train, process, retrain, classify), not inputs;"
                + " unclassified = the engine's documented 'not classified' answer (no tokens, too many tokens…)");
        run.failures.stream().limit(MAX_NOTES).forEach(scenario::note);
        if (run.failures.size() > MAX_NOTES) {
            scenario.note((run.failures.size() - MAX_NOTES) + " more failures");
        }
        scenario.recordAndAssertClean();
    }

    /** Runs one child from {@code first}; returns the index to continue from (after a failure, the input after it). */
    private int runWorker(long seed, int first, int count, Run run) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-Xss1m",
            "-D" + Corpus.ARCHIVE_PROPERTY + "=" + System.getProperty(Corpus.ARCHIVE_PROPERTY, ""),
            "-D" + Corpus.UNPACK_DIRECTORY_PROPERTY + "=" + System.getProperty(Corpus.UNPACK_DIRECTORY_PROPERTY, ""),
            "-Dlogback.configurationFile=" + quietLogging(),
            "-cp", System.getProperty("java.class.path"), EngineFuzzWorker.class.getName(),
            store.toString(), Long.toString(seed), Integer.toString(first), Integer.toString(count),
            Long.toString(BASE_LIMIT_MILLIS), Long.toString(LIMIT_PER_MEGABYTE_MILLIS)));
        Path errors = Files.createTempFile("engine-fuzz", ".err");
        Process worker = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        int next = first;
        boolean ended = false;
        boolean halted = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith(EngineFuzzWorker.PREFIX)) {
                    continue;
                }
                String[] fields = line.substring(EngineFuzzWorker.PREFIX.length()).split(" ", 3);
                switch (fields[0]) {
                    case "OK":
                        String[] figures = fields[2].split(" ");
                        run.done++;
                        run.slowestMillis = Math.max(run.slowestMillis, Long.parseLong(figures[0]));
                        run.classified += Long.parseLong(figures[1]);
                        run.notClassified += Long.parseLong(figures[2]);
                        next = Integer.parseInt(fields[1]) + 1;
                        break;
                    case "CRASH":
                        run.failures.add("seed " + seed + " input " + fields[1] + ": crash: " + fields[2]);
                        next = Integer.parseInt(fields[1]) + 1;
                        break;
                    case "HANG":
                        run.hangs++;
                        halted = true;
                        run.failures.add("seed " + seed + " input " + fields[1] + ": over the limit of " + fields[2]);
                        next = Integer.parseInt(fields[1]) + 1;
                        break;
                    case "END":
                        ended = true;
                        break;
                    default:
                        throw new IllegalStateException("Unexpected worker line " + line);
                }
            }
        }
        if (!worker.waitFor(30, TimeUnit.SECONDS)) {
            worker.destroyForcibly().waitFor();
        }
        if (!ended && !halted) {
            run.deadJvms++;
            run.failures.add("seed " + seed + " input " + next + ": the JVM died (exit " + worker.exitValue() + "): "
                + tail(errors));
            next++;
        }
        Files.deleteIfExists(errors);
        return next;
    }

    private static String tail(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        return text.substring(Math.max(0, text.length() - 600)).replaceAll("\\s+", " ");
    }

    /** The child logs warnings only, to stderr: the engine's error log of a crash is in the failure note anyway. */
    private Path quietLogging() throws IOException {
        Path file = store.resolveSibling(store.getFileName() + "-logback.xml");
        Files.writeString(file, "<configuration><appender name=\"E\" class=\"ch.qos.logback.core.ConsoleAppender\">"
            + "<target>System.err</target><encoder><pattern>%level %logger %msg%n</pattern></encoder></appender>"
            + "<root level=\"WARN\"><appender-ref ref=\"E\"/></root></configuration>");
        return file;
    }

    /** What the children reported, summed over restarts. */
    private static final class Run {
        long done;
        long classified;
        long notClassified;
        long slowestMillis;
        long hangs;
        long deadJvms;
        final List<String> failures = new ArrayList<>();
    }
}

package io.jamesdspam.it.ship;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;

/**
 * A command run as its own process, the way a user runs it from a shell: its output is kept
 * (and copied to a log file for failure analysis), waited on line by line, and the process tree
 * is stopped on close whatever happened.
 */
public final class ExternalProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean closing;

    private ExternalProcess(Process process, Path log) {
        this.process = process;
        this.reader = new Thread(() -> copyOutput(log), "output of " + process.pid());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    public static ExternalProcess start(List<String> command, Path directory, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        return new ExternalProcess(builder.start(), log);
    }

    private void copyOutput(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                out.println(line);
            }
        } catch (IOException e) {
            if (!closing) {
                throw new UncheckedIOException(e);
            }
            // close() destroys the process, which closes its pipe under the reader: the output ended
        }
    }

    public String output() {
        return String.join("\n", lines);
    }

    /** Waits until a line contains the text; fails early, with the output, when the process died. */
    public void awaitLine(String text, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200))
            .alias("output line containing '" + text + "'")
            .until(() -> {
                if (!process.isAlive() && !reader.isAlive() && lines.stream().noneMatch(l -> l.contains(text))) {
                    throw new AssertionError("process exited with " + process.exitValue() + " before printing '" + text
                        + "'; output:\n" + output());
                }
                return lines.stream().anyMatch(l -> l.contains(text));
            });
    }

    List<ProcessHandle> descendants() {
        return process.descendants().collect(Collectors.toList());
    }

    public long pid() {
        return process.pid();
    }

    /** Sends a signal by name (INT = Ctrl-C) to this process only. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process still running after " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = descendants();
        closing = true;
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            child.onExit().orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> {
                child.destroyForcibly();
                return child;
            }).join();
        }
    }
}

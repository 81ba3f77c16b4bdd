package io.jamesdspam.benchmarks.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.jamesdspam.benchmarks.smtp.PipelineServer.Pipeline;
import io.jamesdspam.benchmarks.smtp.PipelineServer.ThreadIds;

/**
 * The harness's handle on one pipeline's server running in its own JVM ({@link PipelineServerMain}):
 * its SMTP port, the deliveries it counted, and the processor time the whole server process used
 * (what the harness cannot see from its own JVM: the background work a server does after a round,
 * compactions included, shows up in the next figures taken).
 */
final class PipelineProcess implements AutoCloseable {
    private static final Duration STOP_LIMIT = Duration.ofMinutes(2);

    private static final String END = "";

    private final Pipeline pipeline;
    private final Process process;
    /** The server's answers, read as they come (its other output is dropped, so no full pipe ever blocks it). */
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final PrintStream commands;
    private final int smtpPort;

    private PipelineProcess(Pipeline pipeline, Process process) throws IOException {
        this.pipeline = pipeline;
        this.process = process;
        Thread reader = new Thread(this::readAnswers, pipeline.name().toLowerCase(Locale.ROOT) + "-server-output");
        reader.setDaemon(true);
        reader.start();
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.smtpPort = Integer.parseInt(answer("ready")[0]);
    }

    private void readAnswers() {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                if (line.startsWith(PipelineServerMain.PREFIX)) {
                    answers.add(line);
                }
            }
        } catch (IOException e) {
            // the process ended: answer() learns it from END
        } finally {
            answers.add(END);
        }
    }

    /**
     * Starts the server of {@code pipeline} on its prepared working directory, in a JVM with this
     * one's class path, {@code -Xmx2g} and {@code jvmOptions} ({@code %p} in them becomes the
     * pipeline's name: {@code -XX:StartFlightRecording=filename=%p.jfr}); its standard error goes to
     * {@code server.log} in the working directory. Returns once the server accepts SMTP; its thread
     * ids as {@code threadIds} says (see {@link ThreadIds}).
     */
    static PipelineProcess start(Pipeline pipeline, Path workingDirectory, List<String> users, ThreadIds threadIds,
                                 List<String> jvmOptions) throws IOException {
        String name = pipeline.name().toLowerCase(Locale.ROOT);
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx2g");
        for (String option : jvmOptions) {
            command.add(option.replace("%p", name));
        }
        // James logs errors only, to standard error (a file, or the resource of this module)
        command.add("-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", "benchmark-logback.xml"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PipelineServerMain.class.getName());
        command.add(pipeline.name());
        command.add(workingDirectory.toString());
        command.add(String.join(",", users));
        command.add(threadIds.name());
        Process process = new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(workingDirectory.resolve("server.log").toFile()))
            .start();
        try {
            return new PipelineProcess(pipeline, process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw new IOException(pipeline + " server did not start (see " + workingDirectory.resolve("server.log") + "): "
                + e.getMessage(), e);
        }
    }

    Pipeline pipeline() {
        return pipeline;
    }

    int smtpPort() {
        return smtpPort;
    }

    /** Messages added to any mailbox since the server started. */
    Deliveries deliveries() throws IOException {
        commands.println("counts");
        return deliveries(answer("delivered"));
    }

    /** Empties the users' mailboxes (see {@link PipelineServer#emptyMailboxes()}). */
    void emptyMailboxes() throws IOException {
        commands.println("empty");
        answer("emptied");
    }

    /** Waits until {@code count} messages have landed in mailboxes in all, or {@code limit} passed. */
    Deliveries awaitDelivered(long count, Duration limit) throws IOException {
        commands.println("await " + count + " " + limit.toMillis());
        return deliveries(answer("delivered"));
    }

    private static Deliveries deliveries(String[] words) {
        return new Deliveries(Long.parseLong(words[0]), Long.parseLong(words[1]), Boolean.parseBoolean(words[2]));
    }

    /** Processor time (user and system) the server's process has used so far. */
    Duration cpuTime() {
        return process.info().totalCpuDuration()
            .orElseThrow(() -> new IllegalStateException("The system does not tell a process's processor time"));
    }

    /** The words after {@code pipeline KIND} of the next answer. */
    private String[] answer(String kind) throws IOException {
        String line;
        try {
            line = answers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted waiting for the " + pipeline + " server's '" + kind + "'", e);
        }
        String expected = PipelineServerMain.PREFIX + kind;
        if (line.equals(expected)) {
            return new String[0];
        }
        if (line.startsWith(expected + " ")) {
            return line.substring(expected.length() + 1).split(" ");
        }
        if (line.equals(END)) {
            answers.add(END);
            throw new IOException(pipeline + " server ended without answering '" + kind + "'");
        }
        throw new IOException(pipeline + " server answered '" + line + "' where '" + kind + "' was expected");
    }

    @Override
    public void close() throws IOException {
        commands.println("stop");
        try {
            if (!process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Deliveries counted by a server: in all, into Spam, and whether an awaited count was reached. */
    static final class Deliveries {
        final long delivered;
        final long toSpam;
        final boolean reached;

        Deliveries(long delivered, long toSpam, boolean reached) {
            this.delivered = delivered;
            this.toSpam = toSpam;
            this.reached = reached;
        }
    }
}

package io.jamesdspam.benchmarks.smtp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

import io.jamesdspam.benchmarks.smtp.PipelineServer.Pipeline;
import io.jamesdspam.benchmarks.smtp.PipelineServer.ThreadIds;

/**
 * One pipeline's James server in a process of its own, for the harness that drives it
 * ({@link PipelineProcess}): two James 3.8.1 servers cannot share a JVM (each registers the same
 * MBeans), and separate processes let both stay up for the whole run, as a server in service does.
 *
 * <p>Arguments: {@code PIPELINE WORKING_DIRECTORY USER[,USER…] THREAD_IDS} (see {@link ThreadIds}). Once the server is up it prints
 * {@code pipeline ready PORT} on standard output and then answers one line per command read from
 * standard input: {@code await COUNT MILLIS} (wait until COUNT messages landed in mailboxes, at
 * most MILLIS) and {@code counts} both answer {@code pipeline delivered DELIVERED TO_SPAM REACHED};
 * {@code empty} empties the users' mailboxes and answers {@code pipeline emptied};
 * {@code stop}, or the end of the input, stops the server. Only these lines start with
 * {@value #PREFIX}; James logs to standard error.
 */
public final class PipelineServerMain {
    static final String PREFIX = "pipeline ";

    private PipelineServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("Usage: BARE|DSPAM WORKING_DIRECTORY USER[,USER…] SEARCH|NAIVE: "
                + Arrays.toString(args));
        }
        Pipeline pipeline = Pipeline.valueOf(args[0]);
        Path directory = Paths.get(args[1]);
        List<String> users = Arrays.asList(args[2].split(","));
        ThreadIds threadIds = ThreadIds.valueOf(args[3]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int status = 1;
        try (PipelineServer server = PipelineServer.start(pipeline, directory, users, threadIds)) {
            out.println(PREFIX + "ready " + server.smtpPort());
            answer(server, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
            status = 0;
        } catch (Exception | Error e) {
            // into server.log, which the harness names when the server does not answer
            e.printStackTrace();
        } finally {
            // James leaves non-daemon threads (its mail queue workers) behind its stop()
            System.exit(status);
        }
    }

    private static void answer(PipelineServer server, BufferedReader commands, PrintStream out) throws Exception {
        DeliveryProbe deliveries = server.deliveries();
        String line;
        while ((line = commands.readLine()) != null && !line.equals("stop")) {
            String[] words = line.trim().split(" ");
            boolean reached;
            if (words[0].equals("empty") && words.length == 1) {
                server.emptyMailboxes();
                out.println(PREFIX + "emptied");
                continue;
            }
            if (words[0].equals("await") && words.length == 3) {
                long deadline = System.nanoTime() + Long.parseLong(words[2]) * 1_000_000L;
                reached = deliveries.awaitDelivered(Long.parseLong(words[1]), deadline);
            } else if (words[0].equals("counts") && words.length == 1) {
                reached = true;
            } else {
                throw new IllegalArgumentException("Unknown command from the harness: " + line);
            }
            out.println(PREFIX + "delivered " + deliveries.delivered() + " " + deliveries.deliveredToSpam() + " " + reached);
        }
    }
}

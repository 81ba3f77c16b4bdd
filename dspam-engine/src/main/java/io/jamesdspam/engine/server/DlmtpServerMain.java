package io.jamesdspam.engine.server;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.engine.config.DspamConf;

/**
 * The standalone entry point: {@code serve --config dspam.conf} reads the file once, builds the
 * backend from it (the embedding tool passes the factory, in production the embedded engine
 * with its store), starts the {@link DlmtpServer} and serves until the JVM is asked to stop
 * (SIGTERM/SIGINT), then shuts down gracefully and closes the backend.
 *
 * <p>Exit codes of {@link #run}: 0 after a normal stop, 1 for a configuration or start failure
 * (the message names the bad key), 2 for a usage error.
 */
public final class DlmtpServerMain {
    /** Builds the backend the server executes transactions on, from the same dspam.conf. */
    @FunctionalInterface
    public interface BackendFactory {
        DspamBackend create(DspamConf conf) throws IOException;
    }

    public static final String USAGE = "usage: serve --config <dspam.conf>";

    private final BackendFactory backendFactory;
    private final PrintStream out;
    private final PrintStream err;

    public DlmtpServerMain(BackendFactory backendFactory, PrintStream out, PrintStream err) {
        this.backendFactory = Objects.requireNonNull(backendFactory, "backendFactory");
        this.out = out;
        this.err = err;
    }

    /** A started server, the backend it owns and its purges; closing stops the purges, the server, then the backend. */
    public static final class Served implements Closeable {
        private final DlmtpServer server;
        private final DspamBackend backend;
        private final Optional<ServerPurge> purge;

        private Served(DlmtpServer server, DspamBackend backend, Optional<ServerPurge> purge) {
            this.server = server;
            this.backend = backend;
            this.purge = purge;
        }

        public DlmtpServer server() {
            return server;
        }

        @Override
        public void close() {
            try {
                purge.ifPresent(ServerPurge::close);
                server.close();
            } finally {
                backend.close();
            }
        }
    }

    /** Serves until the JVM shuts down; returns the exit code. */
    public int run(String... args) {
        Optional<Path> config = configOf(args);
        if (config.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        Served served;
        try {
            served = start(config.get());
        } catch (IOException | RuntimeException e) {
            err.println("Cannot start the DLMTP server: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            served.close();
            stopped.countDown();
        }, "dlmtp-shutdown"));
        out.println("DLMTP server listening on " + served.server().describeAddress());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            served.close();
        }
        return 0;
    }

    /** Reads the configuration, builds the backend and starts the server (for embedding and tests). */
    public Served start(Path config) throws IOException {
        DspamConf conf = DspamConf.read(config);
        DlmtpServerSettings settings = DlmtpServerSettings.from(conf);
        DspamBackend backend = backendFactory.create(conf);
        Optional<ServerPurge> purge = Optional.empty();
        try {
            purge = ServerPurge.start(conf, backend, settings.shutdownTimeout());
            return new Served(DlmtpServer.start(settings, backend), backend, purge);
        } catch (IOException | RuntimeException e) {
            purge.ifPresent(ServerPurge::close);
            backend.close();
            throw e;
        }
    }

    /** {@code serve --config FILE}; the verb may be left out. */
    static Optional<Path> configOf(String... args) {
        int index = args.length > 0 && args[0].equals("serve") ? 1 : 0;
        if (args.length - index == 2 && args[index].equals("--config")) {
            return Optional.of(Path.of(args[index + 1]));
        }
        return Optional.empty();
    }
}

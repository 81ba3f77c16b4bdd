package io.jamesdspam.it.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

import io.jamesdspam.it.ship.FreePorts;
import io.jamesdspam.testing.TestDatabase;

/**
 * The machine's real database server, stopped and started the way this machine runs it:
 * PostgreSQL with {@code pg_ctlcluster VERSION main stop|start} (bypassing systemd as
 * {@code .ci/run} does: the test machine has none; stop is pg_ctl's fast mode, open sessions are
 * ended), MariaDB shut down with {@code mariadb-admin shutdown} and started as {@code .ci/run}
 * starts it ({@code start-stop-daemon --start --background --exec /usr/sbin/mariadbd}). A test
 * that cannot control the service fails saying why, it never skips: a fault test that did not
 * inject its fault proves nothing.
 */
final class DatabaseService {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final TestDatabase database;
    private final List<String> stopCommand;
    private final List<String> startCommand;
    private final int port;

    private DatabaseService(String name, TestDatabase database, List<String> stopCommand, List<String> startCommand,
                            int port) {
        this.name = name;
        this.database = database;
        this.stopCommand = stopCommand;
        this.startCommand = startCommand;
        this.port = port;
    }

    /** The PostgreSQL cluster {@code main} of the single version under /etc/postgresql that serves {@code database}. */
    static DatabaseService postgresql(TestDatabase database) {
        if (database.kind() != TestDatabase.Kind.POSTGRESQL) {
            throw new IllegalArgumentException(database + " is not on PostgreSQL");
        }
        String version;
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            List<String> found = versions.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            if (found.size() != 1) {
                throw new AssertionError("Cannot tell which PostgreSQL cluster to restart: /etc/postgresql holds " + found);
            }
            version = found.get(0);
        } catch (IOException e) {
            throw new AssertionError("This test restarts the machine's PostgreSQL with pg_ctlcluster, but /etc/postgresql "
                + "cannot be read (" + e + "): install PostgreSQL as .ci/run does", e);
        }
        return new DatabaseService("PostgreSQL " + version + " (pg_ctlcluster stop, fast mode)", database,
            List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "stop"),
            List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"), database.port());
    }

    /** The machine's MariaDB that serves {@code database}. */
    static DatabaseService mariadb(TestDatabase database) {
        if (database.kind() != TestDatabase.Kind.MARIADB) {
            throw new IllegalArgumentException(database + " is not on MariaDB");
        }
        return new DatabaseService("MariaDB (mariadb-admin shutdown)", database,
            List.of("mariadb-admin", "-u", "root", "shutdown"),
            List.of("start-stop-daemon", "--start", "--oknodo", "--background", "--exec", "/usr/sbin/mariadbd"),
            database.port());
    }

    /** Fails now, before any mail is sent, when the service cannot be controlled or is not answering. */
    void requireControllable() {
        requireAnswering();
        try {
            Process which = new ProcessBuilder("which", stopCommand.get(0)).redirectErrorStream(true).start();
            if (!which.waitFor(10, TimeUnit.SECONDS) || which.exitValue() != 0) {
                throw new AssertionError("Cannot control the database service: '" + stopCommand.get(0) + "' is not on the PATH");
            }
        } catch (IOException e) {
            throw new AssertionError("Cannot control the database service: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stops the service; returns once nothing listens on its port any more. */
    void stop() {
        run(stopCommand);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
            .alias(String.join(" ", stopCommand) + " left the port " + port + " listening")
            .until(() -> !FreePorts.isListening(port));
    }

    /** Starts the service; returns once it answers a query. */
    void start() {
        run(startCommand);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .alias(String.join(" ", startCommand) + " did not bring the database back")
            .until(this::answers);
    }

    /** For finally blocks: starts the service unless it is running, so the machine is left as found. */
    void ensureRunning() {
        if (!FreePorts.isListening(port)) {
            start();
        }
    }

    @Override
    public String toString() {
        return name;
    }

    private void requireAnswering() {
        if (!answers()) {
            throw new AssertionError(database + " does not answer before the test even started");
        }
    }

    private boolean answers() {
        try (Connection connection = database.connect()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError("Cannot control the database service: " + String.join(" ", command) + " exited with "
                    + process.exitValue() + " (the test needs root or the service's owner): " + output);
            }
        } catch (IOException e) {
            throw new AssertionError("Cannot control the database service: " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package io.jamesdspam.it.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;

import io.jamesdspam.it.ship.ExternalProcess;
import io.jamesdspam.it.ship.FreePorts;
import io.jamesdspam.it.ship.ShipPaths;

/**
 * The project's DLMTP server as a dspamd stand-in in its own process ({@code java -jar
 * dspam-tool.jar serve}), on a fixed port and a persistent store, so that it can be killed -9,
 * stopped and restarted the way an operator's dspamd is.
 */
final class DlmtpPeerProcess implements AutoCloseable {
    static final String IDENT = "james";
    static final String PASSWORD = "peer-secret";

    private final Path directory;
    private final int port;
    private ExternalProcess process;
    private int starts;

    private DlmtpPeerProcess(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    static DlmtpPeerProcess start(Path directory) throws IOException {
        int port = FreePorts.next();
        Files.createDirectories(directory.resolve("store"));
        Files.write(directory.resolve("dspam.conf"), List.of(
            "TrainingMode teft",
            "Tokenizer osb",
            "ServerPass." + IDENT + " \"" + PASSWORD + "\"",
            "ServerMode dspam",
            "ServerHost 127.0.0.1",
            "ServerPort " + port,
            "ServerQueueSize 64"), StandardCharsets.UTF_8);
        DlmtpPeerProcess peer = new DlmtpPeerProcess(directory, port);
        peer.launch();
        return peer;
    }

    private void launch() throws IOException {
        Path jar = ShipPaths.root().resolve("dspam-engine/target/dspam-tool.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build dspam-engine first (mvn -pl integration-tests -am verify)");
        }
        starts++;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process = ExternalProcess.start(List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString(),
            "serve", "--config", directory.resolve("dspam.conf").toString(), "--store", directory.resolve("store").toString()),
            directory, directory.resolve("peer-" + starts + ".log"));
        process.awaitLine("DLMTP server listening on", Duration.ofSeconds(60));
    }

    int port() {
        return port;
    }

    /** {@code kill -9}, then a new process on the same port and store. */
    void killAndRestart() throws IOException, InterruptedException {
        process.signal("KILL");
        process.awaitExit(Duration.ofSeconds(30));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !FreePorts.isListening(port));
        launch();
    }

    /** {@code kill -STOP}: the process keeps its sockets (connections are accepted by the kernel) and answers nothing. */
    void stop() throws IOException, InterruptedException {
        process.signal("STOP");
    }

    void resume() throws IOException, InterruptedException {
        process.signal("CONT");
    }

    /** Lines of every run's output that contain {@code text}. */
    long outputLinesContaining(String text) throws IOException {
        long count = 0;
        for (int run = 1; run <= starts; run++) {
            count += Files.readAllLines(directory.resolve("peer-" + run + ".log"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(text)).count();
        }
        return count;
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.signal("CONT");
            process.close();
        }
    }
}

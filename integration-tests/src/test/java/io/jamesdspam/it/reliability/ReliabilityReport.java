package io.jamesdspam.it.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The reliability suite's figures, {@code target/reliability/report.json}:
 * {@code {"scenarios":[{"name","kind","accepted","delivered","lost","duplicated","classified",
 * "unclassified","crashes","inputs","notes", "figures":{...}}]}}, one entry per scenario.
 *
 * <p>Every scenario counts its figures from what it observed (mailboxes, logs, the store), records
 * them here, then calls {@link Scenario#assertClean()}: the report is written even when the
 * scenario fails, so a red run still says what was lost. Scenarios run in separate test classes,
 * possibly in separate JVMs: an entry replaces the one of the same name under a file lock.
 */
public final class ReliabilityReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReliabilityReport() {
    }

    /** The report file of this module's build ({@code reliability.report} overrides it). */
    public static Path file() {
        return Path.of(System.getProperty("reliability.report", "target/reliability/report.json"));
    }

    /** Writes (or replaces) the scenario's entry. */
    public static synchronized void record(Scenario scenario) {
        Path file = file().toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                ObjectNode root = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
                ArrayNode kept = JSON.createArrayNode();
                JsonNode old = root.path("scenarios");
                for (JsonNode entry : old) {
                    if (!scenario.name.equals(entry.path("name").asText())) {
                        kept.add(entry);
                    }
                }
                kept.add(JSON.valueToTree(scenario.asMap()));
                root.set("scenarios", kept);
                Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
                JSON.writeValue(temporary.toFile(), root);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the reliability report " + file, e);
        }
    }

    /** Reads the entries written so far (for tests of the report itself and for the README figures). */
    public static List<JsonNode> scenarios() {
        Path file = file();
        List<JsonNode> entries = new ArrayList<>();
        if (Files.exists(file)) {
            try {
                JSON.readTree(file.toFile()).path("scenarios").forEach(entries::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return entries;
    }

    public enum Kind {
        FAULT("fault"), FUZZ("fuzz"), KILL("kill"), SECURITY("security");

        private final String json;

        Kind(String json) {
            this.json = json;
        }
    }

    /** One scenario's counted figures. Counters start at 0; set what the scenario counted. */
    public static final class Scenario {
        private final String name;
        private final Kind kind;
        private long accepted;
        private long delivered;
        private long lost;
        private long duplicated;
        private long classified;
        private long unclassified;
        private long crashes;
        private long inputs;
        private final List<String> notes = new ArrayList<>();
        private final Map<String, Object> figures = new LinkedHashMap<>();

        public Scenario(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
        }

        public Scenario accepted(long count) {
            this.accepted = count;
            return this;
        }

        public Scenario delivered(long count) {
            this.delivered = count;
            return this;
        }

        public Scenario lost(long count) {
            this.lost = count;
            return this;
        }

        /** Adds to what was counted lost so far (e.g. a half-applied message found in the store). */
        public Scenario addLost(long count) {
            this.lost += count;
            return this;
        }

        public Scenario duplicated(long count) {
            this.duplicated = count;
            return this;
        }

        public Scenario classified(long count) {
            this.classified = count;
            return this;
        }

        public Scenario unclassified(long count) {
            this.unclassified = count;
            return this;
        }

        public Scenario crashes(long count) {
            this.crashes = count;
            return this;
        }

        public Scenario inputs(long count) {
            this.inputs = count;
            return this;
        }

        public Scenario note(String note) {
            notes.add(note);
            return this;
        }

        /** A scenario-specific figure (e.g. mails delivered per second during a hang), kept under "figures". */
        public Scenario figure(String key, Object value) {
            figures.put(key, value);
            return this;
        }

        /** Records the entry, then fails naming the scenario when anything was lost, duplicated or crashed. */
        public void recordAndAssertClean() {
            record(this);
            assertClean();
        }

        public void assertClean() {
            if (lost != 0 || duplicated != 0 || crashes != 0) {
                throw new AssertionError("Reliability scenario '" + name + "': lost=" + lost + ", duplicated="
                    + duplicated + ", crashes=" + crashes + " (notes: " + notes + ")");
            }
        }

        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", name);
            map.put("kind", kind.json);
            map.put("accepted", accepted);
            map.put("delivered", delivered);
            map.put("lost", lost);
            map.put("duplicated", duplicated);
            map.put("classified", classified);
            map.put("unclassified", unclassified);
            map.put("crashes", crashes);
            map.put("inputs", inputs);
            map.put("notes", String.join("; ", notes));
            if (!figures.isEmpty()) {
                map.put("figures", figures);
            }
            return map;
        }
    }
}

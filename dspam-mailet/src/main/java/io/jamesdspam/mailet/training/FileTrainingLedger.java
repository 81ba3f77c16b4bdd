package io.jamesdspam.mailet.training;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;

/**
 * The training ledger kept in memory and journaled to one append-only file, so that it survives
 * restarts. Each change is one line, flushed before the call returns; the journal is rewritten
 * compactly when the ledger opens. Lines: {@code R user key class method signature|- millis},
 * {@code F user key}, {@code P user millis}, {@code U user class count} (corrections moved back, added up),
 * {@code X user} (everything of the user forgotten) (tab separated; keys URL-encoded; DSPAM user names
 * never hold white space).
 */
public class FileTrainingLedger extends InMemoryTrainingLedger {
    /** The journal's name in its directory ({@code embedded.directory}, beside the embedded store). */
    public static final String FILE_NAME = "training-ledger.journal";

    private static final Logger LOGGER = LoggerFactory.getLogger(FileTrainingLedger.class);
    private static final String NO_SIGNATURE = "-";

    private final Path journal;
    private BufferedWriter writer;

    public FileTrainingLedger(Path journal) throws IOException {
        this.journal = journal;
        Path parent = journal.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (Files.exists(journal)) {
            replay(Files.readAllLines(journal, StandardCharsets.UTF_8));
        }
        compact();
    }

    public static FileTrainingLedger open(File file) throws IOException {
        return new FileTrainingLedger(file.toPath());
    }

    /** The ledger journaled to {@link #FILE_NAME} in {@code directory}. */
    public static FileTrainingLedger in(Path directory) throws IOException {
        return new FileTrainingLedger(directory.resolve(FILE_NAME));
    }

    @Override
    public synchronized void record(DspamUser user, String messageKey, TrainingRecord record) {
        super.record(user, messageKey, record);
        append(recordLine(new Key(user, messageKey), record));
    }

    @Override
    public synchronized boolean recordIfAbsent(DspamUser user, String messageKey, TrainingRecord record) {
        if (!super.recordIfAbsent(user, messageKey, record)) {
            return false;
        }
        append(recordLine(new Key(user, messageKey), record));
        return true;
    }

    @Override
    public synchronized boolean forget(DspamUser user, String messageKey) {
        boolean had = super.forget(user, messageKey);
        append(String.join("\t", "F", user.asString(), encode(messageKey)));
        return had;
    }

    @Override
    public synchronized void forgetUser(DspamUser user) {
        super.forgetUser(user);
        append(String.join("\t", "X", user.asString()));
    }

    @Override
    public synchronized void periodicRunCompleted(DspamUser user, Instant startedAt) {
        super.periodicRunCompleted(user, startedAt);
        append(String.join("\t", "P", user.asString(), Long.toString(startedAt.toEpochMilli())));
    }

    @Override
    public synchronized void correctionUndone(DspamUser user, TrainingClass correctedClass) {
        super.correctionUndone(user, correctedClass);
        append(String.join("\t", "U", user.asString(), correctedClass.optionValue(), "1"));
    }

    @Override
    public synchronized int pruneTrainedBefore(Instant cutoff) {
        int pruned = super.pruneTrainedBefore(cutoff);
        if (pruned > 0) {
            // Forgetting is rare (the purge task): the journal is rewritten without the entries
            // rather than growing by one line per pruned entry.
            try {
                writer.close();
                compact();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot rewrite the DSPAM training ledger " + journal, e);
            }
        }
        return pruned;
    }

    private void replay(List<String> lines) {
        int lineNumber = 0;
        for (String line : lines) {
            lineNumber++;
            try {
                replayLine(line.split("\t", -1));
            } catch (RuntimeException e) {
                // A torn last line after a crash must not stop the server; the entry is lost,
                // at worst a message may be trained once more.
                LOGGER.warn("Ignoring unreadable line {} of the DSPAM training ledger {}", lineNumber, journal, e);
            }
        }
    }

    private void replayLine(String[] fields) {
        switch (fields[0]) {
            case "R":
                TrainingClass trainedClass = TrainingClass.parse(fields[3]);
                Instant at = Instant.ofEpochMilli(Long.parseLong(fields[6]));
                TrainingRecord record = TrainingRecord.Method.valueOf(fields[4]) == TrainingRecord.Method.SIGNATURE
                    ? TrainingRecord.bySignature(trainedClass, Signature.of(fields[5]), at)
                    : TrainingRecord.byMessage(trainedClass, at);
                super.record(DspamUser.of(fields[1]), decode(fields[2]), record);
                break;
            case "F":
                super.forget(DspamUser.of(fields[1]), decode(fields[2]));
                break;
            case "X":
                super.forgetUser(DspamUser.of(fields[1]));
                break;
            case "P":
                super.periodicRunCompleted(DspamUser.of(fields[1]), Instant.ofEpochMilli(Long.parseLong(fields[2])));
                break;
            case "U":
                DspamUser user = DspamUser.of(fields[1]);
                TrainingClass correctedClass = TrainingClass.parse(fields[2]);
                for (long count = Long.parseLong(fields[3]); count > 0; count--) {
                    super.correctionUndone(user, correctedClass);
                }
                break;
            default:
                throw new IllegalArgumentException("Unknown ledger entry '" + fields[0] + "'");
        }
    }

    private synchronized void compact() throws IOException {
        Path temporary = journal.resolveSibling(journal.getFileName() + ".compacting");
        try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            for (var entry : records.entrySet()) {
                out.write(recordLine(entry.getKey(), entry.getValue()));
                out.newLine();
            }
            for (var entry : periodicRuns.entrySet()) {
                out.write(String.join("\t", "P", entry.getKey().asString(), Long.toString(entry.getValue().toEpochMilli())));
                out.newLine();
            }
            for (var entry : undone.entrySet()) {
                writeUndone(out, entry.getKey(), TrainingClass.SPAM, entry.getValue().spam());
                writeUndone(out, entry.getKey(), TrainingClass.INNOCENT, entry.getValue().innocent());
            }
        }
        Files.move(temporary, journal, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        writer = Files.newBufferedWriter(journal, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static void writeUndone(BufferedWriter out, DspamUser user, TrainingClass correctedClass, long count) throws IOException {
        if (count > 0) {
            out.write(String.join("\t", "U", user.asString(), correctedClass.optionValue(), Long.toString(count)));
            out.newLine();
        }
    }

    private void append(String line) {
        try {
            writer.write(line);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the DSPAM training ledger " + journal, e);
        }
    }

    private static String recordLine(Key key, TrainingRecord record) {
        return String.join("\t", "R", key.user.asString(), encode(key.messageKey), record.trainedClass().optionValue(),
            record.method().name(), record.signature().map(Signature::asString).orElse(NO_SIGNATURE),
            Long.toString(record.trainedAt().toEpochMilli()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}

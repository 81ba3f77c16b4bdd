package io.jamesdspam.mailet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.jamesdspam.model.TrainingClass;

/**
 * What {@code train --spam}/{@code --innocent} names, checked before anything is sent: a directory
 * (every regular file under it, at any depth, is one message — hidden files aside — as
 * {@code dspam_train} reads a corpus folder) or an mbox file (its first line starts with
 * {@code "From "}).
 */
final class TrainingInput {
    private static final byte[] MBOX_START = "From ".getBytes(StandardCharsets.US_ASCII);

    private final TrainingClass trainingClass;
    private final Path path;
    private final Optional<List<Path>> messages;

    private TrainingInput(TrainingClass trainingClass, Path path, Optional<List<Path>> messages) {
        this.trainingClass = trainingClass;
        this.path = path;
        this.messages = messages;
    }

    /** @throws AdminFailure (local file) naming the path and what is wrong with it */
    static TrainingInput of(TrainingClass trainingClass, Path path) {
        if (!Files.exists(path)) {
            throw AdminFailure.localFile(path + ": no such file or directory");
        }
        if (!Files.isReadable(path)) {
            throw AdminFailure.localFile(path + ": not readable");
        }
        if (Files.isDirectory(path)) {
            return new TrainingInput(trainingClass, path, Optional.of(messageFiles(path)));
        }
        if (!startsLikeAnMbox(path)) {
            throw AdminFailure.localFile(path + ": neither a directory nor an mbox file (its first line does not start"
                + " with \"From \"); put single messages in a directory, one per file");
        }
        return new TrainingInput(trainingClass, path, Optional.empty());
    }

    TrainingClass trainingClass() {
        return trainingClass;
    }

    Path path() {
        return path;
    }

    /** The message files of a directory; empty for an mbox. */
    Optional<List<Path>> messages() {
        return messages;
    }

    private static List<Path> messageFiles(Path directory) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile)
                .filter(file -> !file.getFileName().toString().startsWith("."))
                .sorted()
                .collect(Collectors.toList());
        } catch (IOException | RuntimeException e) {
            throw AdminFailure.localFile(directory + ": cannot be listed: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw AdminFailure.localFile(directory + ": holds no message file");
        }
        files.stream().filter(file -> !Files.isReadable(file)).findFirst().ifPresent(file -> {
            throw AdminFailure.localFile(file + ": not readable");
        });
        return files;
    }

    private static boolean startsLikeAnMbox(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MBOX_START.length), MBOX_START);
        } catch (IOException e) {
            throw AdminFailure.localFile(file + ": cannot be read: " + e.getMessage());
        }
    }
}

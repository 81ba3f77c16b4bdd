package io.jamesdspam.engine.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The files of one user merged into another in a {@link JournalDspamStore}, made whole or not at
 * all. The merged user is built beside the store first ({@code DIR/merging}, a store of its own
 * holding a copy of the target user with the source user added), then a small intent file
 * ({@code DIR/merge.intent}, naming both users' directories) commits the merge, and three renames
 * put it in place: the source's directory and the target's are moved into the staging directory,
 * the merged one takes the target's place. A process that dies after the intent is written finishes
 * the renames when the store is next opened ({@link #finishAtOpen}); one that dies before it leaves
 * a staging directory that the next open deletes, and both users as they were.
 *
 * <p>Each step of {@link #rollForward} looks at what is there before it moves anything, so it can
 * run again after any of them: as long as the merged directory is still in the staging directory,
 * the last rename has not happened, and the other two are made if their directories are still in
 * place; once it is gone, the merge is done.
 */
final class JournalMerge {
    static final String STAGING = "merging";
    static final String INTENT = "merge.intent";
    private static final String USERS = "users";
    private static final String REPLACED_SOURCE = "replaced-source";
    private static final String REPLACED_TARGET = "replaced-target";

    /** One rename of a directory (tests make one fail). */
    interface Rename {
        void move(Path from, Path to) throws IOException;
    }

    private final Path store;
    private final String sourceName;
    private final String targetName;
    private final Rename rename;
    private long signaturesAdded;

    /** The merge of the user directory named {@code sourceName} into {@code targetName} (both encoded names) in {@code store}. */
    JournalMerge(Path store, String sourceName, String targetName) {
        this(store, sourceName, targetName, (from, to) -> Files.move(from, to, StandardCopyOption.ATOMIC_MOVE));
    }

    JournalMerge(Path store, String sourceName, String targetName, Rename rename) {
        this.store = store;
        this.sourceName = sourceName;
        this.targetName = targetName;
        this.rename = rename;
    }

    /** Where the merged user is built: a store directory of its own ({@code DIR/merging}). */
    static Path stagingDirectory(Path store) {
        return store.resolve(STAGING);
    }

    /**
     * What a store opened after a crash does first: finishes a merge whose intent was written, or
     * deletes a staging directory that never got one.
     *
     * @return the merge finished, if there was one
     */
    static Optional<JournalMerge> finishAtOpen(Path store) throws IOException {
        Path intent = store.resolve(INTENT);
        if (!Files.exists(intent)) {
            FileTrees.delete(stagingDirectory(store));
            return Optional.empty();
        }
        List<String> names = Files.readAllLines(intent, StandardCharsets.UTF_8);
        if (names.size() != 2 || !names.stream().allMatch(JournalMerge::isDirectoryName)) {
            throw new IOException("The merge intent " + intent + " does not name two user directories: " + names);
        }
        JournalMerge merge = new JournalMerge(store, names.get(0), names.get(1));
        merge.rollForward();
        merge.cleanUp();
        return Optional.of(merge);
    }

    /** The source's signatures the merged user got (those of ids the target had are its own). */
    long signaturesAdded() {
        return signaturesAdded;
    }

    void staged(long signatures) {
        signaturesAdded = signatures;
    }

    /** A name the store gives a user directory: one path element, never a way out of {@code users/}. */
    private static boolean isDirectoryName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0 && name.indexOf('\\') < 0;
    }

    String sourceName() {
        return sourceName;
    }

    String targetName() {
        return targetName;
    }

    /** The merged user's directory, before the last rename puts it in the target's place. */
    Path stagedTarget() {
        return stagingDirectory(store).resolve(USERS).resolve(targetName);
    }

    /**
     * Commits the merge built in the staging directory: the intent, forced to disk, then renamed
     * into place (it exists whole or not at all). From here on the merge is finished, by
     * {@link #rollForward} in this process or at the next open.
     *
     * @throws IOException the intent is not in place: nothing changed
     */
    void writeIntent() throws IOException {
        if (!Files.isDirectory(stagedTarget())) {
            throw new IOException("The merged user " + stagedTarget() + " was not built");
        }
        Path intent = store.resolve(INTENT);
        Path temporary = store.resolve(INTENT + ".tmp");
        Files.writeString(temporary, sourceName + "\n" + targetName + "\n", StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, intent, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The renames that are still to be made, in their order; then the intent goes. */
    void rollForward() throws IOException {
        Path users = store.resolve(USERS);
        Path staged = stagedTarget();
        if (Files.isDirectory(staged)) {
            moveAsideIfPresent(users.resolve(sourceName), REPLACED_SOURCE);
            moveAsideIfPresent(users.resolve(targetName), REPLACED_TARGET);
            rename.move(staged, users.resolve(targetName));
        }
        Files.deleteIfExists(store.resolve(INTENT));
    }

    private void moveAsideIfPresent(Path userDirectory, String asideName) throws IOException {
        if (Files.exists(userDirectory)) {
            Path aside = stagingDirectory(store).resolve(asideName);
            // Only ever a user's discarded files: whatever stands there would stop the rename
            FileTrees.delete(aside);
            rename.move(userDirectory, aside);
        }
    }

    /** Deletes the staging directory: the replaced users' files, or a merge that was never committed. */
    void cleanUp() throws IOException {
        FileTrees.delete(stagingDirectory(store));
    }
}

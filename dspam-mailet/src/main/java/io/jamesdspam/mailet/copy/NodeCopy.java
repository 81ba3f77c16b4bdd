package io.jamesdspam.mailet.copy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.StoreCopy;
import io.jamesdspam.engine.storage.sql.StorageSettings;
import io.jamesdspam.mailet.backend.EmbeddedStorage;
import io.jamesdspam.mailet.configuration.BackendType;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.training.LedgerCopy;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.mailet.training.TrainingLedgers;
import io.jamesdspam.model.DspamUser;

/**
 * Everything a James node's DSPAM keeps, copied from the storage one {@code dspam.properties}
 * names into the storage another names: the step between one node on its journal store and
 * several nodes on one database (or back). The dictionaries, totals, signatures and preferences go
 * through {@link StoreCopy}; the training ledger (what the listener and the tasks trained, the
 * periodic runs, the undone corrections) through {@link LedgerCopy}, so that the periodic training
 * does not train again what the node trained before the move. James must be stopped meanwhile.
 */
public final class NodeCopy implements AutoCloseable {
    private final Side source;
    private final Side target;

    private NodeCopy(Side source, Side target) {
        this.source = source;
        this.target = target;
    }

    /** One side's store and ledger, opened as James opens them. */
    private static final class Side implements AutoCloseable {
        private final DspamStore store;
        private final TrainingLedger ledger;
        private final String name;

        private Side(DspamStore store, TrainingLedger ledger, String name) {
            this.store = store;
            this.ledger = ledger;
            this.name = name;
        }

        static Side open(DspamConfiguration configuration, Path home, String role, boolean mustExist) {
            requireEmbedded(configuration, role);
            Path directory = EmbeddedStorage.embeddedDirectory(configuration, home);
            if (mustExist && isJournal(configuration) && !Files.isDirectory(directory)) {
                throw new IllegalArgumentException(role + ": no DSPAM store at " + directory + " ("
                    + DspamConfiguration.EMBEDDED_DIRECTORY + ")");
            }
            EmbeddedStorage storage = EmbeddedStorage.open(configuration, home);
            try {
                TrainingLedger ledger = TrainingLedgers.open(storage.sql(), directory);
                String name = storage.sql().map(store -> store.databaseKind() + " " + store.options().jdbcUrl())
                    .orElse("journal store " + directory);
                return new Side(storage.store(), ledger, name);
            } catch (IOException e) {
                storage.store().close();
                throw new UncheckedIOException(role + ": cannot open the training ledger in " + directory, e);
            } catch (RuntimeException e) {
                storage.store().close();
                throw e;
            }
        }

        @Override
        public void close() {
            store.close();
        }
    }

    private static void requireEmbedded(DspamConfiguration configuration, String role) {
        if (configuration.backendType() != BackendType.EMBEDDED) {
            throw new IllegalArgumentException(role + ": " + DspamConfiguration.BACKEND + "=" + configuration.backendType()
                + " keeps no DSPAM data in James (the embedded engine's storage does)");
        }
    }

    /** Whether the configuration surely names a journal store: only a dspam.conf or {@code embedded.storage} chooses SQL. */
    private static boolean isJournal(DspamConfiguration configuration) {
        return configuration.embeddedStorage().explicitKind().map(kind -> kind == StorageSettings.Kind.JOURNAL)
            .orElse(configuration.embeddedDspamConf().isEmpty());
    }

    /**
     * Opens both sides; relative paths are James's, under {@code home}.
     *
     * @throws IllegalArgumentException naming the side and the key when a configuration cannot be
     *                                  copied from or into, or both name the same storage
     */
    public static NodeCopy open(DspamConfiguration from, DspamConfiguration to, Path home) {
        requireEmbedded(from, "--from");
        requireEmbedded(to, "--to");
        // A journal store is locked by whoever opened it: the same one twice would fail to open, not be refused
        if (isJournal(from) && isJournal(to)
            && EmbeddedStorage.embeddedDirectory(from, home).equals(EmbeddedStorage.embeddedDirectory(to, home))) {
            throw new IllegalArgumentException("--from and --to name the same storage (journal store "
                + EmbeddedStorage.embeddedDirectory(from, home) + ")");
        }
        Side source = Side.open(from, home, "--from", true);
        try {
            Side target = Side.open(to, home, "--to", false);
            if (source.name.equals(target.name)) {
                target.close();
                throw new IllegalArgumentException("--from and --to name the same storage (" + source.name + ")");
            }
            return new NodeCopy(source, target);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    public String sourceName() {
        return source.name;
    }

    public String targetName() {
        return target.name;
    }

    /** The users to copy: those named, else every user of the source's store. */
    public List<DspamUser> users(List<DspamUser> named) {
        return named.isEmpty() ? source.store.users() : named;
    }

    /** Why the target refuses these users when the copy refuses users it holds (see {@link StoreCopy#refusals}). */
    public List<String> refusals(List<DspamUser> users) {
        return new StoreCopy(source.store, target.store).refusals(users);
    }

    /** What a whole copy wrote. */
    public static final class Summary {
        private final StoreCopy.Summary store;
        private final LedgerCopy.Copied ledger;

        Summary(StoreCopy.Summary store, LedgerCopy.Copied ledger) {
            this.store = store;
            this.ledger = ledger;
        }

        public StoreCopy.Summary store() {
            return store;
        }

        public LedgerCopy.Copied ledger() {
            return ledger;
        }
    }

    /**
     * Copies the users' DSPAM data, then the ledger's entries of the same users (merged into the
     * target's ledger whatever {@code existing} says: entries are per message; with
     * {@link StoreCopy.Existing#MERGE} the undone corrections are added, as the totals are). With
     * {@link StoreCopy.Existing#REFUSE}, call {@link #refusals} first.
     *
     * @throws io.jamesdspam.engine.storage.DspamStoreException a store failed, naming the user
     */
    public Summary copy(List<DspamUser> users, StoreCopy.Existing existing, Consumer<StoreCopy.Copied> each) {
        StoreCopy.Summary store = new StoreCopy(source.store, target.store).copyAll(users, existing, each);
        Set<DspamUser> copied = new HashSet<>(users);
        LedgerCopy.Copied ledger = existing == StoreCopy.Existing.MERGE
            ? LedgerCopy.merge(source.ledger, target.ledger, copied::contains)
            : LedgerCopy.copy(source.ledger, target.ledger, copied::contains);
        return new Summary(store, ledger);
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Side side : List.of(source, target)) {
            try {
                side.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        Optional<RuntimeException> first = failures.stream().findFirst();
        if (first.isPresent()) {
            throw first.get();
        }
    }
}

package io.jamesdspam.benchmarks.users;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.model.DspamUser;

/**
 * A kind of store the users benchmark can measure: how to open it with its memory options and
 * how much disk it takes. The journal store is the first; a SQL store joins by implementing this
 * and registering in {@link #named}.
 */
interface BenchmarkStore {
    String name();

    /** Opens the store kept in {@code directory} (creating it if needed) with store-specific options. */
    DspamStore open(Path directory, Map<String, String> options);

    /**
     * Puts a user just written in one update into the form a long-running server keeps it in
     * (the journal store folds the journal into the user's snapshot).
     */
    void settle(DspamStore store, DspamUser user);

    /** Bytes the store takes on disk. */
    long diskBytes(Path directory) throws IOException;

    static BenchmarkStore named(String name) {
        if (name.equals(JournalBenchmarkStore.NAME)) {
            return new JournalBenchmarkStore();
        }
        throw new IllegalArgumentException("Unknown store '" + name + "'; known: " + JournalBenchmarkStore.NAME);
    }
}

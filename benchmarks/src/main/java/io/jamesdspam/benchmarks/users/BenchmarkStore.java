package io.jamesdspam.benchmarks.users;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import io.jamesdspam.benchmarks.DictionaryCopy;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.model.DspamUser;

/**
 * A kind of store the users benchmark can measure: how to open it with its memory options, how
 * the generated users are written into it and how much disk it takes. Registered in
 * {@link #named}.
 */
interface BenchmarkStore {
    String name();

    /** Opens the store kept in {@code directory} (creating it if needed) with store-specific options. */
    DspamStore open(Path directory, Map<String, String> options);

    /** The options of the store that writes the generated users, each once. */
    Map<String, String> writerOptions();

    /** Before the users are generated: the store is made empty (a generation that stopped half-way left rows). */
    void createEmpty(Path directory) throws IOException;

    /** Gives {@code user}, who has no rows, the rows and totals of {@code sample}. */
    void write(DspamStore store, DspamUser user, DictionaryCopy.Sample sample);

    /** Takes every row and signature of {@code user} away (before it gets its generated dictionary back). */
    void clear(DspamStore store, DspamUser user);

    /**
     * Puts a user just written in one update into the form a long-running server keeps it in
     * (the journal store folds the journal into the user's snapshot).
     */
    void settle(DspamStore store, DspamUser user);

    /** After every user was generated. */
    void generated(Path directory) throws IOException;

    /** Bytes the store takes on disk. */
    long diskBytes(Path directory) throws IOException;

    static BenchmarkStore named(String name) {
        if (name.equals(JournalBenchmarkStore.NAME)) {
            return new JournalBenchmarkStore();
        }
        if (name.equals(PostgresBenchmarkStore.NAME)) {
            return new PostgresBenchmarkStore();
        }
        throw new IllegalArgumentException("Unknown store '" + name + "'; known: " + JournalBenchmarkStore.NAME + ", "
            + PostgresBenchmarkStore.NAME);
    }
}

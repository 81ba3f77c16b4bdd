package io.jamesdspam.engine.storage.sql;

import io.jamesdspam.testing.TestDatabase;

/** The engine's side of a {@link TestDatabase}: the options that open a {@link SqlDspamStore} on it. */
public final class TestStoreOptions {
    private TestStoreOptions() {
    }

    /** The store options of {@code database}: its URL and user, no password. */
    public static SqlStoreOptions of(TestDatabase database) {
        return SqlStoreOptions.of(database.url()).withCredentials(database.user(), null);
    }
}

package io.jamesdspam.engine.storage.sql;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One write statement of a message (a token UPDATE, a token INSERT, the totals upsert, the signature
 * INSERT) not yet sent: its SQL and what binds its parameters. A message's writes are collected
 * and sent together by {@link SqlDialect#executeAtomically}, so that the whole message costs one
 * round trip to the database instead of one per statement plus the commit.
 */
final class SqlWrite {
    /** Binds this write's parameters from {@code index} on; returns the index after the last. */
    @FunctionalInterface
    interface Binder {
        int bind(PreparedStatement statement, int index) throws SQLException;
    }

    final String sql;
    final Binder binder;

    SqlWrite(String sql, Binder binder) {
        this.sql = sql;
        this.binder = binder;
    }

    @Override
    public String toString() {
        return sql;
    }
}

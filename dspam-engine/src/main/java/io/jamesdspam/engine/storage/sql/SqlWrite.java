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

    /** Binds the parameters of each row of a write of many rows and adds each as a batch entry. */
    @FunctionalInterface
    interface RowBatch {
        void addRows(PreparedStatement statement) throws SQLException;
    }

    final String sql;
    /** Null for a write of rows ({@link #rows}). */
    final Binder binder;
    /** Null for a statement ({@link #binder}). */
    final RowBatch rows;

    SqlWrite(String sql, Binder binder) {
        this(sql, binder, null);
    }

    private SqlWrite(String sql, Binder binder, RowBatch rows) {
        this.sql = sql;
        this.binder = binder;
        this.rows = rows;
    }

    /**
     * Many rows written by one row's statement {@code rowSql}, executed as a JDBC batch: MariaDB
     * executes the batch of a prepared statement in one command (bulk execution), without the
     * parsing a multi-row statement's text costs. Only a dialect that sends batches
     * ({@link MariaDbDialect}) makes these.
     */
    static SqlWrite ofRows(String rowSql, RowBatch rows) {
        return new SqlWrite(rowSql, null, rows);
    }

    boolean isRows() {
        return rows != null;
    }

    @Override
    public String toString() {
        return sql;
    }
}

package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Predicate;

/**
 * What differs between DSPAM's MySQL/MariaDB and PostgreSQL databases: the DDL of the tables, how a
 * token id is written (unsigned vs. its signed reinterpretation, docs/ENGINE-SPEC.md §10.1–§10.2), how a
 * batch of ids travels (IN list vs. array), the relative-update expressions and the upsert syntax.
 * Everything else is plain SQL shared by both in the classes of this package.
 */
abstract class SqlDialect {

    /** The dialect of a JDBC URL: {@code jdbc:postgresql:}, {@code jdbc:mariadb:} or {@code jdbc:mysql:}. */
    static SqlDialect forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect();
        }
        if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
            return new MariaDbDialect();
        }
        throw new IllegalArgumentException("Not a PostgreSQL or MariaDB/MySQL JDBC URL: '" + jdbcUrl
            + "' (expected jdbc:postgresql://…, jdbc:mariadb://… or jdbc:mysql://…)");
    }

    /** For messages: "PostgreSQL" or "MariaDB/MySQL". */
    abstract String name();

    /**
     * The JDBC driver's class, named to the pool: in James the driver jar sits in
     * {@code extensions-jars/}, whose class loader {@code DriverManager}'s service lookup never sees.
     */
    abstract String driverClassName();

    /** The URL the pool connects with: the configured one plus what this store needs of the driver. */
    String driverUrl(String jdbcUrl) {
        return jdbcUrl;
    }

    /**
     * A statement every new connection of the pool runs first (session settings of this store's
     * own), or null. It must succeed on every server version the dialect accepts.
     */
    String connectionInitSql() {
        return null;
    }

    /** The longest signature id DSPAM's {@code dspam_signature_data.signature} column holds. */
    abstract int maximumSignatureIdLength();

    /** Statements creating one of DSPAM's tables (and what belongs to it), in order. */
    abstract List<String> createTable(DspamTable table, VirtualUserTable virtualUsers);

    /** Checks done once the tables exist (e.g. warns about MyISAM tables); never changes anything. */
    abstract void inspect(Connection connection) throws SQLException;

    /** Statements refreshing the planner's statistics of DSPAM's tables after a purge (none where the database keeps them itself). */
    abstract List<String> statisticsRefresh();

    /**
     * {@code column = max(column + ?, ?)}, a relative update of a counter (DSPAM's is
     * {@code max(column + delta, 0)}; several in a row are one, see {@link ClampedSum}), bound by
     * {@link #bindClamped}; {@code qualifier} names the row being updated where the statement needs
     * it (an upsert's table alias), else null.
     */
    abstract String addClamped(String qualifier, String column);

    /** Binds an {@link #addClamped} update's two parameters from {@code index} on; returns the index after them. */
    static int bindClamped(PreparedStatement statement, int index, ClampedSum change) throws SQLException {
        statement.setLong(index, change.add());
        statement.setLong(index + 1, change.floor());
        return index + 2;
    }

    /** Reads the token column of a row. */
    abstract long readToken(ResultSet rows, int column) throws SQLException;

    /** Binds a token id as the database stores it. */
    abstract void bindToken(PreparedStatement statement, int index, long tokenId) throws SQLException;

    /**
     * A condition selecting the rows of {@code tokenIds}: {@code token IN (…)} with literals, or
     * {@code token = ANY (?)} whose array {@link #bindTokenSet} binds.
     */
    abstract String tokenSetCondition(long[] tokenIds);

    /** Binds what {@link #tokenSetCondition} left as a parameter; returns the next parameter index. */
    abstract int bindTokenSet(Connection connection, PreparedStatement statement, int index, long[] tokenIds)
        throws SQLException;

    /** How many ids one token statement carries at most. */
    abstract int maximumTokensPerStatement();

    /**
     * Inserts new token rows ({@code uid, token, spam_hits, innocent_hits, last_hit}) in one
     * statement. With {@code upsert}, a row another writer inserted meanwhile gets the relative
     * change instead ({@code change}, see {@link #addClamped}), so no concurrent insert is lost;
     * without, such a row fails the statement with a unique-key violation (the store then writes
     * the message again with the upsert): PostgreSQL's upsert looks each key up before inserting it
     * and costs about twice its plain insert, for what is almost always a row nobody else has.
     */
    abstract SqlWrite insertNewTokens(long uid, NewTokenRows rows, RowChange.Update change, boolean upsert);

    /**
     * Whether a failed write of a message leaves nothing of it (a transactional token table), so that
     * new rows may be inserted plainly and the message written again when one was taken: else they
     * are upserted from the first attempt, as a second attempt would apply the rows written before
     * the failing one again.
     */
    boolean tokenWritesRollBack() {
        return true;
    }

    /**
     * Adds one uid's token rows to another's in one statement (parameters: the receiving uid, then
     * the giving one): a row the receiver lacks is inserted as it is, one it has gets both rows'
     * counters summed (capped as the engine caps them) and the later of their last-hit days, as
     * a copy that merges writes them ({@link io.jamesdspam.engine.storage.StoreCopy}).
     */
    abstract String addTokenRowsOf();

    /** Whether every DSPAM table is transactional, so that a change across them ({@link UidMove}) rolls back whole. */
    boolean everyTableRollsBack() {
        return true;
    }

    /**
     * Applies one message's writes as one transaction in one round trip, taking their rows' locks
     * in list order, on a connection in auto-commit: committed whole, or failed with nothing applied and no transaction left open
     * (the caller retries the whole of it after a deadlock). {@code after}, when given, runs after
     * the writes in the same round trip and reads its result: in their transaction where the
     * dialect can, else right after it.
     */
    abstract void executeAtomically(Connection connection, List<SqlWrite> writes, SqlTokens.RidingQuery after)
        throws SQLException;

    /** Moves {@code statement} on to its next result set (skipping update counts) and lets {@code query} read it. */
    static void readNextResultSet(PreparedStatement statement, SqlTokens.RidingQuery query) throws SQLException {
        while (statement.getResultSet() == null) {
            if (!statement.getMoreResults() && statement.getUpdateCount() == -1) {
                throw new SQLException("No result for the query sent after the writes: " + query.sql());
            }
        }
        try (ResultSet result = statement.getResultSet()) {
            query.read(result);
        }
    }

    /** Binds every write's parameters in order, from index 1; returns the index after the last. */
    static int bindAll(PreparedStatement statement, List<SqlWrite> writes) throws SQLException {
        int index = 1;
        for (SqlWrite write : writes) {
            index = write.binder.bind(statement, index);
        }
        return index;
    }

    /** {@code INSERT … ON CONFLICT/DUPLICATE KEY UPDATE}: the values, or the relative change of each counter. */
    abstract String upsertAdding(String table, String keyColumn, List<String> counterColumns);

    /** An insert of a username into the virtual user table that does nothing when it is taken. */
    abstract String insertUsernameIfAbsent(VirtualUserTable virtualUsers);

    /** Whether a failure, or one it chains, is a deadlock or serialization failure: the transaction is retried. */
    final boolean isRetryable(SQLException failure) {
        return anyChained(failure, this::isDeadlockOrSerializationFailure);
    }

    /**
     * Whether a failure, or one it chains, is a unique-key violation. In a message's write: a new
     * token row another writer inserted meanwhile (first attempt only, see {@link #insertNewTokens}),
     * a taken signature id or an operation key applied before.
     */
    final boolean isUniqueViolation(SQLException failure) {
        return anyChained(failure, this::isUniqueKeyViolation);
    }

    private static boolean anyChained(SQLException failure, Predicate<SQLException> kind) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            for (SQLException next = e instanceof SQLException ? (SQLException) e : null; next != null;
                 next = next.getNextException()) {
                if (kind.test(next)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** This database's codes for a deadlock, a lock wait timeout or a serialization failure. */
    abstract boolean isDeadlockOrSerializationFailure(SQLException failure);

    /** This database's code for a duplicate key in a unique index. */
    abstract boolean isUniqueKeyViolation(SQLException failure);
}

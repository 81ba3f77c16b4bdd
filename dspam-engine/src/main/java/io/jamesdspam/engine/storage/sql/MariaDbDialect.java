package io.jamesdspam.engine.storage.sql;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.engine.storage.TokenUpdate;

/**
 * MariaDB/MySQL: DSPAM's {@code mysql_objects-4.1.sql} tables, but InnoDB (transactions, row locks)
 * instead of the shipped MyISAM; tokens as {@code BIGINT UNSIGNED}, written as unsigned decimal
 * literals in IN lists (one statement per message, well below {@code max_allowed_packet}), new
 * rows as one batch on MariaDB (bulk execution) and as multi-row inserts on MySQL; counters
 * updated with {@code GREATEST(CAST(x AS SIGNED) + Δ, 0)} because an unsigned column cannot go
 * below zero even in an intermediate value.
 */
final class MariaDbDialect extends SqlDialect {
    private static final Logger LOGGER = LoggerFactory.getLogger(MariaDbDialect.class);
    private static final String TABLE_OPTIONS = " ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_general_ci";
    private static final int TOKENS_PER_STATEMENT = 10_000;
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    private static final int ER_LOCK_DEADLOCK = 1213;
    private static final int ER_DUP_ENTRY = 1062;
    /**
     * Whether the server is MariaDB, which executes a batch of a prepared statement in one command
     * ({@link #inspect}); MySQL gets multi-row statements instead. Read from the first connection,
     * before any write.
     */
    private volatile boolean bulkExecution;
    /**
     * New rows from which a bulk execution is worth its two round trips more (measured: 300 rows
     * 0.3 ms slower than in the statement's text, 1,000 as fast with a third less server CPU);
     * fewer — a classified mail's new BNR patterns, a few dozen — go in the message's one query.
     */
    private static final int BULK_ROWS = 500;
    /** Whether {@code dspam_token_data} is transactional ({@link #inspect}): not a MyISAM table of an existing DSPAM. */
    private volatile boolean tokensRollBack = true;
    /** Whether every {@code dspam_*} table is transactional ({@link #inspect}). */
    private volatile boolean everyTableRollsBack = true;

    @Override
    String name() {
        return "MariaDB/MySQL";
    }

    @Override
    String driverClassName() {
        return "org.mariadb.jdbc.Driver";
    }

    /** DSPAM's schema: {@code signature char(32)}. */
    @Override
    int maximumSignatureIdLength() {
        return 32;
    }

    @Override
    List<String> createTable(DspamTable table, VirtualUserTable virtualUsers) {
        switch (table) {
            case TOKEN_DATA:
                return List.of("CREATE TABLE IF NOT EXISTS dspam_token_data ("
                    + "uid int unsigned NOT NULL, token bigint unsigned NOT NULL, "
                    + "spam_hits bigint unsigned NOT NULL, innocent_hits bigint unsigned NOT NULL, last_hit date NOT NULL, "
                    + "UNIQUE KEY id_token_data_01 (uid, token))" + TABLE_OPTIONS);
            case SIGNATURE_DATA:
                return List.of("CREATE TABLE IF NOT EXISTS dspam_signature_data ("
                    + "uid int unsigned NOT NULL, signature char(32) NOT NULL, data longblob NOT NULL, "
                    + "length int unsigned NOT NULL, created_on date NOT NULL, "
                    + "UNIQUE KEY id_signature_data_01 (uid, signature), KEY id_signature_data_02 (created_on))"
                    + TABLE_OPTIONS);
            case STATS:
                return List.of("CREATE TABLE IF NOT EXISTS dspam_stats (uid int unsigned NOT NULL, "
                    + SqlTotals.COLUMNS.stream().map(c -> c + " bigint unsigned NOT NULL, ").collect(Collectors.joining())
                    + "PRIMARY KEY (uid))" + TABLE_OPTIONS);
            case PREFERENCES:
                return List.of("CREATE TABLE IF NOT EXISTS dspam_preferences ("
                    + "uid int unsigned NOT NULL, preference varchar(32) NOT NULL, value varchar(64) NOT NULL, "
                    + "UNIQUE KEY id_preferences_01 (uid, preference))" + TABLE_OPTIONS);
            case VIRTUAL_UIDS:
                return List.of("CREATE TABLE IF NOT EXISTS " + virtualUsers.table() + " ("
                    + virtualUsers.uidColumn() + " int unsigned NOT NULL AUTO_INCREMENT, "
                    + virtualUsers.usernameColumn() + " varchar(128) DEFAULT NULL, "
                    + "PRIMARY KEY (" + virtualUsers.uidColumn() + "), "
                    + "UNIQUE KEY id_virtual_uids_01 (" + virtualUsers.usernameColumn() + "))"
                    + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci");
            default:
                throw new IllegalArgumentException(table.toString());
        }
    }

    /** DSPAM ships MyISAM tables: they work, but a message is then not applied atomically. */
    @Override
    void inspect(Connection connection) throws SQLException {
        bulkExecution = connection.getMetaData().getDatabaseProductVersion().contains("MariaDB");
        List<String> myIsam = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT table_name, engine FROM "
            + "information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'dspam\\_%'");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                if (!"InnoDB".equalsIgnoreCase(rows.getString(2))) {
                    myIsam.add(rows.getString(1) + " (" + rows.getString(2) + ")");
                    tokensRollBack &= !DspamTable.TOKEN_DATA.name(null).equalsIgnoreCase(rows.getString(1));
                }
            }
        }
        everyTableRollsBack = myIsam.isEmpty();
        if (!myIsam.isEmpty()) {
            LOGGER.warn("DSPAM tables without transactions: {}. Each message is still written with relative updates, "
                + "but a failure in the middle of one can leave it half-applied, and concurrent writers lock whole "
                + "tables. Convert them when DSPAM is stopped: ALTER TABLE <name> ENGINE=InnoDB", myIsam);
        }
    }

    /** Not on a MyISAM token table, which keeps what a failed write did before it failed. */
    @Override
    boolean tokenWritesRollBack() {
        return tokensRollBack;
    }

    @Override
    boolean everyTableRollsBack() {
        return everyTableRollsBack;
    }

    /** None: InnoDB recalculates its persistent statistics of a table once a tenth of it changed. */
    @Override
    List<String> statisticsRefresh() {
        return List.of();
    }

    @Override
    String addClamped(String qualifier, String column) {
        return column + " = GREATEST(CAST(" + column + " AS SIGNED) + ?, ?)";
    }

    @Override
    long readToken(ResultSet rows, int column) throws SQLException {
        return Long.parseUnsignedLong(rows.getString(column));
    }

    @Override
    void bindToken(PreparedStatement statement, int index, long tokenId) throws SQLException {
        // A string would be compared as a double: exact only as a decimal
        statement.setBigDecimal(index, new BigDecimal(Long.toUnsignedString(tokenId)));
    }

    /**
     * Ids below 2^63 and above go in separate IN lists: one list mixing both sizes of literal is
     * compared as DECIMAL, and MariaDB then scans all the user's rows instead of looking each id up.
     */
    @Override
    String tokenSetCondition(long[] tokenIds) {
        StringBuilder small = new StringBuilder();
        StringBuilder large = new StringBuilder();
        for (long id : tokenIds) {
            StringBuilder list = id >= 0 ? small : large;
            list.append(list.length() == 0 ? "" : ",").append(Long.toUnsignedString(id));
        }
        if (small.length() == 0 || large.length() == 0) {
            return "token IN (" + small + large + ")";
        }
        return "(token IN (" + small + ") OR token IN (" + large + "))";
    }

    @Override
    int bindTokenSet(Connection connection, PreparedStatement statement, int index, long[] tokenIds) {
        return index;
    }

    @Override
    int maximumTokensPerStatement() {
        return TOKENS_PER_STATEMENT;
    }

    @Override
    SqlWrite insertNewTokens(long uid, NewTokenRows rows, RowChange.Update change, boolean upsert) {
        if (bulkExecution && rows.size() >= BULK_ROWS) {
            return insertEachRow(uid, rows, change, upsert);
        }
        String lastHit = "'" + rows.lastHit + "'";
        StringBuilder sql = new StringBuilder(rows.size() * 48 + 256)
            .append("INSERT INTO dspam_token_data (uid, token, spam_hits, innocent_hits, last_hit) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "(" : ",(").append(uid).append(',').append(Long.toUnsignedString(rows.tokenIds[i]))
                .append(',').append(rows.spamHits[i]).append(',').append(rows.innocentHits[i]).append(',')
                .append(lastHit).append(')');
        }
        if (!upsert) {
            return new SqlWrite(sql.toString(), (statement, index) -> index);
        }
        sql.append(onDuplicateKeyUpdate());
        return new SqlWrite(sql.toString(),
            (statement, index) -> bindClamped(statement, bindClamped(statement, index, change.spam), change.innocent));
    }

    /**
     * The rows as a batch of one row's INSERT, which MariaDB executes in one command (Connector/J's
     * {@code useBulkStmtsForInserts}, on unless the URL turns it off; batches of other statements,
     * as the purge's DELETEs, still go statement by statement and keep their update counts): the
     * server's CPU for corpus training's new rows ≈ 35 % below a multi-row statement's, whose text
     * it parses (11,000 rows: 25–33 against 41–47 ms). The id is bound signed and cast, as a
     * BIGINT UNSIGNED parameter cannot be bound from a long.
     */
    private SqlWrite insertEachRow(long uid, NewTokenRows rows, RowChange.Update change, boolean upsert) {
        String sql = "INSERT INTO dspam_token_data (uid, token, spam_hits, innocent_hits, last_hit)"
            + " VALUES (?, CAST(? AS UNSIGNED), ?, ?, ?)" + (upsert ? onDuplicateKeyUpdate() : "");
        return SqlWrite.ofRows(sql, statement -> {
            for (int i = 0; i < rows.size(); i++) {
                statement.setLong(1, uid);
                statement.setLong(2, rows.tokenIds[i]);
                statement.setInt(3, rows.spamHits[i]);
                statement.setInt(4, rows.innocentHits[i]);
                statement.setObject(5, rows.lastHit);
                if (upsert) {
                    bindClamped(statement, bindClamped(statement, 6, change.spam), change.innocent);
                }
                statement.addBatch();
            }
        });
    }

    /** The upsert's clause: a row another writer inserted meanwhile gets the message's relative change. */
    private String onDuplicateKeyUpdate() {
        return " ON DUPLICATE KEY UPDATE " + addClamped(null, "spam_hits") + ", " + addClamped(null, "innocent_hits")
            + ", last_hit = VALUES(last_hit)";
    }

    /**
     * {@code START TRANSACTION; write; …; [after;] COMMIT} sent as one multi-statement query (the pool's URL
     * allows them, see {@link #driverUrl}): one round trip where a JDBC transaction costs one per
     * statement plus {@code SET autocommit} twice and the commit. Writes of rows ({@link SqlWrite#ofRows})
     * go as batches between the statements and {@code [after;] COMMIT}: a round trip each, two more.
     * The server stops at the first failing statement, leaving the transaction open: it is rolled
     * back here, so the connection goes back to the pool with nothing of the message applied.
     */
    @Override
    void executeAtomically(Connection connection, List<SqlWrite> writes, SqlTokens.RidingQuery after)
        throws SQLException {
        List<SqlWrite> statements = writes.stream().filter(write -> !write.isRows()).collect(Collectors.toList());
        try {
            if (statements.size() == writes.size()) {
                send(connection, true, statements, after, true);
                return;
            }
            send(connection, true, statements, null, false);
            for (SqlWrite write : writes) {
                if (write.isRows()) {
                    try (PreparedStatement batch = connection.prepareStatement(write.sql)) {
                        write.rows.addRows(batch);
                        batch.executeBatch();
                    }
                }
            }
            send(connection, false, List.of(), after, true);
        } catch (SQLException | RuntimeException e) {
            try (Statement rollback = connection.createStatement()) {
                rollback.execute("ROLLBACK");
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    /**
     * {@code [START TRANSACTION;] write; …; [after;] [COMMIT]} as one multi-statement query: the
     * transaction starts with the first part of a message's writes and ends with the last.
     */
    private static void send(Connection connection, boolean starts, List<SqlWrite> writes, SqlTokens.RidingQuery after,
                             boolean commits) throws SQLException {
        StringJoiner sql = new StringJoiner(";\n");
        if (starts) {
            sql.add("START TRANSACTION");
        }
        for (SqlWrite write : writes) {
            sql.add(write.sql);
        }
        if (after != null) {
            // Before the commit: the rows the writes locked read as they left them
            sql.add(after.sql());
        }
        if (commits) {
            sql.add("COMMIT");
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int index = bindAll(statement, writes);
            if (after != null) {
                after.bind(statement, index);
            }
            statement.execute();
            if (after != null) {
                readNextResultSet(statement, after);
            }
            // Every statement's result is read, so that a failure of any of them surfaces here
            boolean more = true;
            while (more) {
                more = statement.getMoreResults() || statement.getUpdateCount() != -1;
            }
        }
    }

    /**
     * Multi-statement queries allowed (for {@link #executeAtomically}); MariaDB Connector/J answers
     * {@code jdbc:mysql:} URLs only when the URL itself says {@code permitMysqlScheme} (the pool asks
     * the named driver whether it accepts the URL).
     */
    @Override
    String driverUrl(String jdbcUrl) {
        String url = jdbcUrl;
        if (url.startsWith("jdbc:mysql:") && !url.contains("permitMysqlScheme")) {
            url += (url.contains("?") ? "&" : "?") + "permitMysqlScheme=true";
        }
        if (!url.contains("allowMultiQueries")) {
            url += (url.contains("?") ? "&" : "?") + "allowMultiQueries=true";
        }
        return url;
    }

    /** The target's columns named with the table, the source row's with {@code VALUES()}: the same table is on both sides. */
    @Override
    String addTokenRowsOf() {
        return "INSERT INTO dspam_token_data (uid, token, spam_hits, innocent_hits, last_hit)"
            + " SELECT ?, src.token, src.spam_hits, src.innocent_hits, src.last_hit FROM dspam_token_data AS src WHERE src.uid = ?"
            + " ON DUPLICATE KEY UPDATE " + cappedSum("spam_hits") + ", " + cappedSum("innocent_hits")
            + ", last_hit = GREATEST(dspam_token_data.last_hit, VALUES(last_hit))";
    }

    private static String cappedSum(String column) {
        return column + " = LEAST(dspam_token_data." + column + " + VALUES(" + column + "), " + TokenUpdate.MAX_HITS + ")";
    }

    @Override
    String upsertAdding(String table, String keyColumn, List<String> counterColumns) {
        return "INSERT INTO " + table + " (" + keyColumn + ", " + String.join(", ", counterColumns) + ") VALUES (?"
            + ", ?".repeat(counterColumns.size()) + ") ON DUPLICATE KEY UPDATE "
            + counterColumns.stream().map(c -> addClamped(null, c)).collect(Collectors.joining(", "));
    }

    @Override
    String insertUsernameIfAbsent(VirtualUserTable virtualUsers) {
        return "INSERT IGNORE INTO " + virtualUsers.table() + " (" + virtualUsers.usernameColumn() + ") VALUES (?)";
    }

    @Override
    boolean isDeadlockOrSerializationFailure(SQLException failure) {
        return failure.getErrorCode() == ER_LOCK_DEADLOCK || failure.getErrorCode() == ER_LOCK_WAIT_TIMEOUT
            || "40001".equals(failure.getSQLState());
    }

    @Override
    boolean isUniqueKeyViolation(SQLException failure) {
        return failure.getErrorCode() == ER_DUP_ENTRY;
    }
}

package io.jamesdspam.engine.storage.sql;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.engine.storage.TokenUpdate;

/**
 * PostgreSQL: DSPAM's {@code pgsql_objects.sql} tables and its two {@code lookup_tokens} functions
 * (so that a real dspamd can use a database this store created); tokens as {@code BIGINT}, the
 * signed reinterpretation of the unsigned id, which is exactly a Java {@code long}. A message's
 * ids travel as one array ({@code token = ANY (?)}, {@code unnest}), so reading or inserting its
 * tokens is one statement where DSPAM's driver runs one autocommitted INSERT per new token.
 */
final class PostgresDialect extends SqlDialect {
    private static final Logger LOGGER = LoggerFactory.getLogger(PostgresDialect.class);
    private static final int TOKENS_PER_STATEMENT = 100_000;

    @Override
    String name() {
        return "PostgreSQL";
    }

    @Override
    String driverClassName() {
        return "org.postgresql.Driver";
    }

    /**
     * LZ4 for the values this session TOASTs, where the server has it (PostgreSQL 14 and later,
     * built with lz4; older servers keep pglz, the statement then sets nothing). A signature is a
     * ≈ 23 KB bytea that PostgreSQL compresses before storing it: with the default pglz that
     * compression was 30 % of the server's CPU per classified message (perf of the SMTP
     * harness's backends), more than every token statement together. It is the session's
     * default, not the column's: DSPAM's table is not altered, a value written either way reads
     * the same to every client (the server decompresses), and a dump restores anywhere.
     */
    @Override
    String connectionInitSql() {
        return "SELECT set_config('default_toast_compression', 'lz4', false) FROM pg_settings "
            + "WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)";
    }

    /** DSPAM's schema: {@code signature varchar(128)}. */
    @Override
    int maximumSignatureIdLength() {
        return 128;
    }

    @Override
    List<String> createTable(DspamTable table, VirtualUserTable virtualUsers) {
        switch (table) {
            case TOKEN_DATA:
                return List.of("CREATE TABLE IF NOT EXISTS dspam_token_data (uid integer, token bigint, "
                        + "spam_hits integer, innocent_hits integer, last_hit date, "
                        + "CONSTRAINT dspam_token_data_uid_token_key UNIQUE (uid, token))",
                    "ALTER TABLE dspam_token_data ALTER COLUMN token SET STATISTICS 200",
                    "ALTER TABLE dspam_token_data ALTER COLUMN spam_hits SET STATISTICS 200",
                    "ALTER TABLE dspam_token_data ALTER COLUMN innocent_hits SET STATISTICS 200",
                    "CREATE OR REPLACE FUNCTION lookup_tokens(integer, bigint[]) RETURNS SETOF dspam_token_data "
                        + "LANGUAGE sql STABLE AS 'SELECT * FROM dspam_token_data WHERE uid = $1 AND token = ANY ($2)'",
                    "CREATE OR REPLACE FUNCTION lookup_tokens(integer, integer, bigint[]) RETURNS SETOF dspam_token_data "
                        + "LANGUAGE sql STABLE AS "
                        + "'SELECT * FROM dspam_token_data WHERE uid IN ($1, $2) AND token = ANY ($3)'");
            case SIGNATURE_DATA:
                return List.of("CREATE TABLE IF NOT EXISTS dspam_signature_data (uid integer, "
                        + "signature varchar(128), data bytea, length integer, created_on date, "
                        + "CONSTRAINT dspam_signature_data_uid_signature_key UNIQUE (uid, signature))",
                    "ALTER TABLE dspam_signature_data ALTER COLUMN signature SET STATISTICS 200");
            case STATS:
                return List.of("CREATE TABLE IF NOT EXISTS dspam_stats (uid integer NOT NULL, "
                    + SqlTotals.COLUMNS.stream().map(c -> c + " integer, ").collect(Collectors.joining())
                    + "CONSTRAINT dspam_stats_pkey PRIMARY KEY (uid))");
            case PREFERENCES:
                return List.of("CREATE TABLE IF NOT EXISTS dspam_preferences (uid integer, preference varchar(128), "
                    + "value varchar(128), CONSTRAINT dspam_preferences_uid_preference_key UNIQUE (uid, preference))");
            case VIRTUAL_UIDS:
                String sequence = virtualUsers.table() + "_seq";
                return List.of("CREATE SEQUENCE IF NOT EXISTS " + sequence,
                    "CREATE TABLE IF NOT EXISTS " + virtualUsers.table() + " (" + virtualUsers.uidColumn()
                        + " integer DEFAULT nextval('" + sequence + "') NOT NULL, "
                        + virtualUsers.usernameColumn() + " varchar(128), "
                        + "CONSTRAINT " + virtualUsers.table() + "_pkey PRIMARY KEY (" + virtualUsers.uidColumn() + "))",
                    "CREATE UNIQUE INDEX IF NOT EXISTS id_virtual_uids_01 ON " + virtualUsers.table()
                        + " (" + virtualUsers.usernameColumn() + ")",
                    "CREATE UNIQUE INDEX IF NOT EXISTS id_virtual_uids_02 ON " + virtualUsers.table()
                        + " (" + virtualUsers.uidColumn() + ")");
            default:
                throw new IllegalArgumentException(table.toString());
        }
    }

    /**
     * Every PostgreSQL table is transactional; what can go wrong is the planner's statistics. A
     * token table never analysed makes PostgreSQL guess that one user has 0.5 % of its rows, and
     * read a message's tokens by scanning that user's whole dictionary with the ids as a filter
     * (measured: 50–340 ms a read of 300 ids on 392,000-row users, against 1–2 ms through the
     * index). Autovacuum gathers them; with it off, only ANALYZE does.
     */
    @Override
    void inspect(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_setting('autovacuum')");
             ResultSet setting = statement.executeQuery()) {
            if (setting.next() && "off".equalsIgnoreCase(setting.getString(1))) {
                LOGGER.warn("PostgreSQL's autovacuum is off: the planner's statistics of dspam_token_data are refreshed "
                    + "only by a purge (POST /dspam/purge, james-dspam-admin clean, or DSPAM's purge.sql) or by hand "
                    + "(ANALYZE dspam_token_data). Without them a message's token read scans its user's whole "
                    + "dictionary: purge or analyse nightly, or after training many messages");
            }
        }
    }

    /** What DSPAM's {@code purge.sql} ends with, without the VACUUM (which a transaction pool cannot run, and autovacuum does). */
    @Override
    List<String> statisticsRefresh() {
        return List.of("ANALYZE dspam_token_data, dspam_signature_data");
    }

    @Override
    String addClamped(String qualifier, String column) {
        return column + " = GREATEST(" + (qualifier == null ? "" : qualifier + ".") + column + " + ?, ?)";
    }

    @Override
    long readToken(ResultSet rows, int column) throws SQLException {
        return rows.getLong(column);
    }

    @Override
    void bindToken(PreparedStatement statement, int index, long tokenId) throws SQLException {
        statement.setLong(index, tokenId);
    }

    /**
     * The array as a sub-select's value, which PostgreSQL plans without looking at it: a prepared
     * statement's custom plan saw the array's length and came out cheaper than the generic plan
     * (which assumes 10 elements) for a message's few From* and BNR rows, so the write was planned
     * again on every execution (17 % of PostgreSQL's CPU per classified message, perf of the SMTP
     * harness). Seen as a parameter both ways, the plans cost the same and the generic one is kept
     * after the fifth execution; it is the same index scan on {@code (uid, token)}.
     */
    @Override
    String tokenSetCondition(long[] tokenIds) {
        return "token = ANY ((SELECT ?)::int8[])";
    }

    @Override
    int bindTokenSet(Connection connection, PreparedStatement statement, int index, long[] tokenIds)
        throws SQLException {
        statement.setArray(index, bigintArray(connection, tokenIds));
        return index + 1;
    }

    @Override
    int maximumTokensPerStatement() {
        return TOKENS_PER_STATEMENT;
    }

    @Override
    SqlWrite insertNewTokens(long uid, NewTokenRows rows, RowChange.Update change, boolean upsert) {
        // The arrays as sub-selects' values for the reason given at tokenSetCondition
        String sql = "INSERT INTO dspam_token_data AS d (uid, token, spam_hits, innocent_hits, last_hit) "
            + "SELECT ?, u.t, u.s, u.i, ? FROM unnest((SELECT ?::int8[]), (SELECT ?::int4[]), (SELECT ?::int4[])) AS u(t, s, i)"
            + (upsert ? " ON CONFLICT (uid, token) DO UPDATE SET " + addClamped("d", "spam_hits") + ", "
            + addClamped("d", "innocent_hits") + ", last_hit = EXCLUDED.last_hit" : "");
        return new SqlWrite(sql, (statement, index) -> {
            Connection connection = statement.getConnection();
            statement.setLong(index, uid);
            statement.setObject(index + 1, rows.lastHit);
            statement.setArray(index + 2, bigintArray(connection, rows.tokenIds));
            statement.setArray(index + 3, intArray(connection, rows.spamHits));
            statement.setArray(index + 4, intArray(connection, rows.innocentHits));
            return upsert ? bindClamped(statement, bindClamped(statement, index + 5, change.spam), change.innocent) : index + 5;
        });
    }

    /**
     * One statement: the first write as the main statement, the others as data-modifying
     * {@code WITH} queries. PostgreSQL documents the order of those as unpredictable; as it
     * behaves, the main statement runs first, so that the first write's rows are locked first
     * (with the totals as the main statement, SqlConcurrencyTest's writers of one user queue on
     * the totals row; with a token write as the main statement instead, they deadlocked).
     * PostgreSQL runs them all, each to completion, in the statement's
     * transaction, which auto-commit commits with the statement (no separate BEGIN/COMMIT round
     * trips). The writes touch disjoint rows (existing tokens, new tokens, the totals row, the
     * signature), so none sees another's change; each keeps its own relative-update semantics.
     * {@code after} is a second statement of the same query, run once the first completed.
     */
    @Override
    void executeAtomically(Connection connection, List<SqlWrite> writes, SqlTokens.RidingQuery after)
        throws SQLException {
        // The main statement runs first, then the WITH queries in their order: the first write is the main one
        List<SqlWrite> textual = new ArrayList<>(writes.subList(1, writes.size()));
        textual.add(writes.get(0));
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < textual.size() - 1; i++) {
            sql.append(i == 0 ? "WITH " : ", ").append('w').append(i).append(" AS (").append(textual.get(i).sql).append(')');
        }
        sql.append(sql.length() == 0 ? "" : " ").append(textual.get(textual.size() - 1).sql);
        if (after != null) {
            sql.append(";\n").append(after.sql());
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int index = bindAll(statement, textual);
            if (after == null) {
                statement.executeUpdate();
                return;
            }
            after.bind(statement, index);
            statement.execute();
            readNextResultSet(statement, after);
        }
    }

    private static Array bigintArray(Connection connection, long[] values) throws SQLException {
        Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return connection.createArrayOf("int8", boxed);
    }

    private static Array intArray(Connection connection, int[] values) throws SQLException {
        Integer[] boxed = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return connection.createArrayOf("int4", boxed);
    }

    /** A NULL counter (the columns are nullable) counts as 0, as a read takes it. */
    @Override
    String addTokenRowsOf() {
        return "INSERT INTO dspam_token_data AS d (uid, token, spam_hits, innocent_hits, last_hit)"
            + " SELECT ?, token, spam_hits, innocent_hits, last_hit FROM dspam_token_data WHERE uid = ?"
            + " ON CONFLICT (uid, token) DO UPDATE SET " + cappedSum("spam_hits") + ", " + cappedSum("innocent_hits")
            + ", last_hit = GREATEST(d.last_hit, EXCLUDED.last_hit)";
    }

    private static String cappedSum(String column) {
        return column + " = LEAST(COALESCE(d." + column + ", 0) + COALESCE(EXCLUDED." + column + ", 0), "
            + TokenUpdate.MAX_HITS + ")";
    }

    @Override
    String upsertAdding(String table, String keyColumn, List<String> counterColumns) {
        return "INSERT INTO " + table + " AS x (" + keyColumn + ", " + String.join(", ", counterColumns) + ") VALUES (?"
            + ", ?".repeat(counterColumns.size()) + ") ON CONFLICT (" + keyColumn + ") DO UPDATE SET "
            + counterColumns.stream().map(c -> addClamped("x", c)).collect(Collectors.joining(", "));
    }

    @Override
    String insertUsernameIfAbsent(VirtualUserTable virtualUsers) {
        return "INSERT INTO " + virtualUsers.table() + " (" + virtualUsers.usernameColumn() + ") VALUES (?) "
            + "ON CONFLICT DO NOTHING";
    }

    @Override
    boolean isDeadlockOrSerializationFailure(SQLException failure) {
        return "40001".equals(failure.getSQLState()) || "40P01".equals(failure.getSQLState());
    }

    @Override
    boolean isUniqueKeyViolation(SQLException failure) {
        return "23505".equals(failure.getSQLState());
    }
}

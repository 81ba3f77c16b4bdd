package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jamesdspam.engine.storage.ControlDelta;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.SharedTokenCache;
import io.jamesdspam.engine.storage.TokenRows;
import io.jamesdspam.engine.storage.TokenStatistics;

/**
 * A user's rows of {@code dspam_token_data}: one batched read per message, and DSPAM's SQL writes
 * (docs/ENGINE-SPEC.md §6.7) — existing rows get the control token's relative change in one
 * {@code UPDATE … WHERE token IN …}, new rows are inserted with 0/1 in one statement (which, written
 * again as an upsert, turns into the relative change for a row another writer inserted meanwhile).
 * DSPAM's control token itself is never read or written (a signature made by a real DSPAM carries it).
 */
final class SqlTokens {
    /** Rows a purge deletes per transaction. */
    static final int DELETES_PER_COMMIT = 1000;

    private final SqlDialect dialect;

    SqlTokens(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** The counters of {@code tokenIds}, aligned with them. */
    TokenRows load(Connection connection, long uid, long[] tokenIds) throws SQLException {
        return load(connection, uid, tokenIds, null);
    }

    /**
     * The counters of {@code tokenIds}, aligned with them; {@code leading}, when given, is a query
     * sent ahead of the first batch of ids in the same statement (one round trip for both), which
     * reads its own result.
     */
    TokenRows load(Connection connection, long uid, long[] tokenIds, RidingQuery leading) throws SQLException {
        TokenRows rows = new TokenRows(tokenIds.length);
        TokenIndex asked = new TokenIndex(tokenIds.length);
        int[] indexes = new int[tokenIds.length];
        int[] firstPositions = new int[tokenIds.length];
        for (int i = 0; i < tokenIds.length; i++) {
            int known = asked.size();
            indexes[i] = asked.add(tokenIds[i]);
            if (indexes[i] == known) {
                firstPositions[known] = i;
            }
        }
        long[] sorted = tokenIds.clone();
        Arrays.sort(sorted);
        int step = dialect.maximumTokensPerStatement();
        for (int from = 0; from < sorted.length; from += step) {
            long[] chunk = Arrays.copyOfRange(sorted, from, Math.min(sorted.length, from + step));
            read(connection, uid, chunk, from == 0 ? leading : null, (id, spam, innocent) -> {
                int index = asked.indexOf(id);
                if (index >= 0 && id != ControlDelta.CONTROL_TOKEN_ID) {
                    rows.set(firstPositions[index], spam, innocent);
                }
            });
        }
        // Ids asked twice answer alike
        for (int i = 0; i < tokenIds.length; i++) {
            int first = firstPositions[indexes[i]];
            if (first != i && rows.found(first)) {
                rows.set(i, rows.spamHits(first), rows.innocentHits(first));
            }
        }
        return rows;
    }

    /**
     * The rows among {@code tokenIds} with their last-hit days, by id: what a copy that merges
     * reads of the target, to keep the later of the two days. A day the database left empty reads
     * as {@code today}.
     */
    Map<Long, TokenStatistics> statistics(Connection connection, long uid, long[] tokenIds, LocalDate today)
        throws SQLException {
        Map<Long, TokenStatistics> found = new HashMap<>();
        long[] sorted = tokenIds.clone();
        Arrays.sort(sorted);
        int step = dialect.maximumTokensPerStatement();
        for (int from = 0; from < sorted.length; from += step) {
            long[] chunk = Arrays.copyOfRange(sorted, from, Math.min(sorted.length, from + step));
            try (PreparedStatement statement = connection.prepareStatement("SELECT token, spam_hits, innocent_hits, last_hit"
                + " FROM dspam_token_data WHERE uid = ? AND " + dialect.tokenSetCondition(chunk))) {
                statement.setLong(1, uid);
                dialect.bindTokenSet(connection, statement, 2, chunk);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        long id = dialect.readToken(rows, 1);
                        LocalDate lastHit = rows.getObject(4, LocalDate.class);
                        if (id != ControlDelta.CONTROL_TOKEN_ID) {
                            found.put(id, new TokenStatistics(Math.max(0, rows.getLong(2)), Math.max(0, rows.getLong(3)),
                                lastHit == null ? today : lastHit));
                        }
                    }
                }
            }
        }
        return found;
    }

    /** A query that rides along with a token read or a message's writes (the totals), reading its own result. */
    interface RidingQuery {
        String sql();

        /** Binds its parameters from {@code index} on; returns the index after the last. */
        int bind(PreparedStatement statement, int index) throws SQLException;

        void read(ResultSet result) throws SQLException;
    }

    private interface RowSink {
        void row(long tokenId, long spamHits, long innocentHits);
    }

    private void read(Connection connection, long uid, long[] tokenIds, RidingQuery leading, RowSink sink)
        throws SQLException {
        String sql = "SELECT token, spam_hits, innocent_hits FROM dspam_token_data WHERE uid = ? AND "
            + dialect.tokenSetCondition(tokenIds);
        // Both dialects send the statements of a multi-statement query together and answer them in order
        try (PreparedStatement statement = connection.prepareStatement(leading == null ? sql : leading.sql() + ";\n" + sql)) {
            int index = leading == null ? 1 : leading.bind(statement, 1);
            statement.setLong(index, uid);
            dialect.bindTokenSet(connection, statement, index + 1, tokenIds);
            ResultSet tokenResult;
            if (leading == null) {
                tokenResult = statement.executeQuery();
            } else {
                statement.execute();
                try (ResultSet leadingResult = statement.getResultSet()) {
                    leading.read(leadingResult);
                }
                if (!statement.getMoreResults()) {
                    throw new SQLException("No token rows after the leading query's result: " + sql);
                }
                tokenResult = statement.getResultSet();
            }
            try (ResultSet result = tokenResult) {
                while (result.next()) {
                    sink.row(dialect.readToken(result, 1), Math.max(0, result.getLong(2)), Math.max(0, result.getLong(3)));
                }
            }
        }
    }

    /**
     * The writes of {@code rows}, the dirty tokens of one user's messages applied one after the
     * other (one message, or a batch of one user's messages written together), each row's changes
     * folded into one ({@link RowChange}): rows with the same change are one UPDATE (rows the
     * messages read) or one INSERT (rows a message inserted), whose rows hold what the messages' own
     * statements, in order, would have left. For one message that is DSPAM's write: every existing
     * row changes by the control token's change (or, for an update made without one, by its own
     * change). The inserts are upserts with {@code upsertNewRows} ({@link SqlDialect#insertNewTokens}).
     */
    List<SqlWrite> writes(long uid, RowChanges rows, LocalDate today, boolean upsertNewRows) {
        // Few distinct changes (a batch of ten trainings: a handful), so a map of them is small
        Map<RowChange.Update, Group> groups = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            RowChange change = rows.changeAt(i);
            groups.computeIfAbsent(change.update(), u -> new Group()).add(rows.tokenIdAt(i), change);
        }
        List<SqlWrite> writes = new ArrayList<>();
        int step = dialect.maximumTokensPerStatement();
        for (Map.Entry<RowChange.Update, Group> group : groups.entrySet()) {
            RowChange.Update change = group.getKey();
            long[] existing = group.getValue().existing();
            for (int from = 0; from < existing.length; from += step) {
                writes.add(updateExisting(uid, Arrays.copyOfRange(existing, from, Math.min(existing.length, from + step)),
                    change, today));
            }
            NewTokenRows fresh = group.getValue().fresh(rows, today);
            for (int from = 0; from < fresh.size(); from += step) {
                int to = Math.min(fresh.size(), from + step);
                writes.add(dialect.insertNewTokens(uid, new NewTokenRows(Arrays.copyOfRange(fresh.tokenIds, from, to),
                    Arrays.copyOfRange(fresh.spamHits, from, to), Arrays.copyOfRange(fresh.innocentHits, from, to), today),
                    change, upsertNewRows));
            }
        }
        return writes;
    }

    private SqlWrite updateExisting(long uid, long[] tokenIds, RowChange.Update change, LocalDate today) {
        String sql = "UPDATE dspam_token_data SET " + dialect.addClamped(null, "spam_hits") + ", "
            + dialect.addClamped(null, "innocent_hits") + ", last_hit = ? WHERE uid = ? AND "
            + dialect.tokenSetCondition(tokenIds);
        return new SqlWrite(sql, (statement, index) -> {
            int next = SqlDialect.bindClamped(statement, index, change.spam);
            next = SqlDialect.bindClamped(statement, next, change.innocent);
            statement.setObject(next, today);
            statement.setLong(next + 1, uid);
            return dialect.bindTokenSet(statement.getConnection(), statement, next + 2, tokenIds);
        });
    }

    /** The rows of one change: rows the messages read and rows they inserted, each in ascending unsigned id order. */
    private static final class Group {
        private long[] existing = new long[64];
        private int existingCount;
        private long[] fresh = new long[64];
        private int freshCount;

        void add(long tokenId, RowChange change) {
            if (change.inserts()) {
                if (freshCount == fresh.length) {
                    fresh = Arrays.copyOf(fresh, freshCount * 2);
                }
                fresh[freshCount++] = tokenId;
            } else {
                if (existingCount == existing.length) {
                    existing = Arrays.copyOf(existing, existingCount * 2);
                }
                existing[existingCount++] = tokenId;
            }
        }

        long[] existing() {
            return sortedUnsigned(existing, existingCount);
        }

        /** The inserted rows, with what {@code rows} (every row's change) says they hold. */
        NewTokenRows fresh(RowChanges rows, LocalDate today) {
            long[] ids = sortedUnsigned(fresh, freshCount);
            int[] spam = new int[ids.length];
            int[] innocent = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                RowChange change = rows.of(ids[i]);
                spam[i] = Math.toIntExact(change.insertedSpamHits());
                innocent[i] = Math.toIntExact(change.insertedInnocentHits());
            }
            return new NewTokenRows(ids, spam, innocent, today);
        }

        private static long[] sortedUnsigned(long[] ids, int count) {
            long[] sorted = new long[count];
            // Flipping the sign bit orders signed longs as their unsigned values
            for (int i = 0; i < count; i++) {
                sorted[i] = ids[i] ^ Long.MIN_VALUE;
            }
            Arrays.sort(sorted);
            for (int i = 0; i < count; i++) {
                sorted[i] ^= Long.MIN_VALUE;
            }
            return sorted;
        }
    }

    /** Every row of the user, streamed (dumps, purges). */
    void forEach(Connection connection, long uid, DspamStore.TokenVisitor visitor) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT token, spam_hits, innocent_hits, last_hit FROM dspam_token_data WHERE uid = ?")) {
            statement.setFetchSize(10_000);
            statement.setLong(1, uid);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long id = dialect.readToken(rows, 1);
                    if (id != ControlDelta.CONTROL_TOKEN_ID) {
                        visitor.visit(id, new TokenStatistics(Math.max(0, rows.getLong(2)), Math.max(0, rows.getLong(3)),
                            rows.getObject(4, LocalDate.class)));
                    }
                }
            }
        }
    }

    /** The user's rows, as many as {@code whole} takes (its row limit at most), streamed into it. */
    void readWhole(Connection connection, long uid, SharedTokenCache.WholeDictionary whole) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT token, spam_hits, innocent_hits FROM dspam_token_data WHERE uid = ? LIMIT ?")) {
            statement.setFetchSize(10_000);
            statement.setLong(1, uid);
            statement.setLong(2, whole.rowLimit());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (!whole.add(dialect.readToken(rows, 1), Math.max(0, rows.getLong(2)), Math.max(0, rows.getLong(3)))) {
                        return;
                    }
                }
            }
        }
    }

    long count(Connection connection, long uid) throws SQLException {
        return UidRows.count(connection, "dspam_token_data", uid);
    }

    /**
     * Deletes rows that still hold what was read (a row written meanwhile is no longer stale),
     * committing every {@value #DELETES_PER_COMMIT} rows: one transaction per row (auto-commit)
     * made MariaDB flush its log for each, ≈ 4,400 rows/s, where a purge or an emptied user may
     * delete millions; one transaction for all would hold millions of row locks.
     */
    long delete(Connection connection, long uid, List<StaleRow> stale) throws SQLException {
        long deleted = 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement("DELETE FROM dspam_token_data WHERE uid = ? "
            + "AND token = ? AND spam_hits = ? AND innocent_hits = ? AND last_hit = ?")) {
            int pending = 0;
            for (StaleRow row : stale) {
                statement.setLong(1, uid);
                dialect.bindToken(statement, 2, row.tokenId);
                statement.setLong(3, row.statistics.spamHits());
                statement.setLong(4, row.statistics.innocentHits());
                statement.setObject(5, row.statistics.lastHit());
                statement.addBatch();
                if (++pending == DELETES_PER_COMMIT) {
                    deleted += sum(statement.executeBatch());
                    connection.commit();
                    pending = 0;
                }
            }
            if (pending > 0) {
                deleted += sum(statement.executeBatch());
                connection.commit();
            }
        } catch (SQLException | RuntimeException e) {
            // The batches committed so far stay deleted: each row was stale on its own
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return deleted;
    }

    private static long sum(int[] counts) {
        long sum = 0;
        for (int count : counts) {
            sum += Math.max(0, count);
        }
        return sum;
    }

    /** A row a purge selected, as it was read. */
    static final class StaleRow {
        final long tokenId;
        final TokenStatistics statistics;

        StaleRow(long tokenId, TokenStatistics statistics) {
            this.tokenId = tokenId;
            this.statistics = statistics;
        }
    }
}

package io.jamesdspam.mailet.training;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.jamesdspam.engine.storage.sql.SchemaLock;
import io.jamesdspam.engine.storage.sql.SqlTransactions;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;

/**
 * The training ledger in the database of the SQL storage, so that every James node sharing the
 * dictionaries shares what was trained too: three tables of James's own, named so they cannot clash
 * with DSPAM's {@code dspam_*} tables, created when absent (InnoDB on MariaDB/MySQL):
 * <ul>
 *   <li>{@code james_dspam_trained} — one row per DSPAM user name and message key ({@link
 *       io.jamesdspam.mailet.mailbox.StoredMessageKey}): the class, how it was trained (SIGNATURE or MESSAGE), the
 *       signature, when (epoch milliseconds);</li>
 *   <li>{@code james_dspam_periodic_runs} — per user, when the last periodic training started;</li>
 *   <li>{@code james_dspam_undone} — per user, the error corrections moved back, per class.</li>
 * </ul>
 * Rows are keyed by DSPAM user name rather than DSPAM's uid: a user has a ledger entry before
 * DSPAM ever created its uid, and the name is what both nodes agree on. Every call is one
 * autocommitted statement; {@link #recordIfAbsent} is a plain INSERT on the primary key, so of two
 * nodes racing for the same message exactly one wins. The connections are the SQL store's pool.
 */
public final class SqlTrainingLedger implements TrainingLedger {
    public static final String TRAINED_TABLE = "james_dspam_trained";
    public static final String PERIODIC_RUNS_TABLE = "james_dspam_periodic_runs";
    public static final String UNDONE_TABLE = "james_dspam_undone";

    /** SQLSTATE class 23: integrity constraint violation (a duplicate key here), on both databases. */
    private static final String CONSTRAINT_VIOLATION = "23";

    private final DataSource dataSource;
    private final boolean postgres;

    private SqlTrainingLedger(DataSource dataSource, boolean postgres) {
        this.dataSource = dataSource;
        this.postgres = postgres;
    }

    /** The ledger over {@code dataSource}, its tables created when absent. */
    public static SqlTrainingLedger open(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            boolean postgres = SchemaLock.isPostgres(connection);
            SqlTrainingLedger ledger = new SqlTrainingLedger(dataSource, postgres);
            // Nodes starting together on an empty database would race in CREATE TABLE IF NOT EXISTS
            SchemaLock.holding(connection, locked -> {
                try (Statement statement = locked.createStatement()) {
                    for (String create : ledger.createTables()) {
                        statement.execute(create);
                    }
                }
                return null;
            });
            return ledger;
        } catch (SQLException e) {
            throw new TrainingLedgerException("Cannot create the DSPAM training ledger's tables (" + TRAINED_TABLE + ", "
                + PERIODIC_RUNS_TABLE + ", " + UNDONE_TABLE + "): " + e.getMessage(), e);
        }
    }

    private List<String> createTables() {
        String text = postgres ? "VARCHAR(255)" : "VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";
        String options = postgres ? "" : " ENGINE=InnoDB";
        // MySQL has no CREATE INDEX IF NOT EXISTS: there the index is part of the table
        String trainedAtIndex = postgres ? "" : ", INDEX " + TRAINED_TABLE + "_trained_at (trained_at)";
        List<String> statements = new ArrayList<>(List.of(
            "CREATE TABLE IF NOT EXISTS " + TRAINED_TABLE + " (username " + text + " NOT NULL, message_key " + text
                + " NOT NULL, trained_class VARCHAR(8) NOT NULL, method VARCHAR(9) NOT NULL, signature VARCHAR(128),"
                + " trained_at BIGINT NOT NULL, PRIMARY KEY (username, message_key)" + trainedAtIndex + ")" + options,
            "CREATE TABLE IF NOT EXISTS " + PERIODIC_RUNS_TABLE + " (username " + text + " NOT NULL PRIMARY KEY,"
                + " started_at BIGINT NOT NULL)" + options,
            "CREATE TABLE IF NOT EXISTS " + UNDONE_TABLE + " (username " + text + " NOT NULL PRIMARY KEY,"
                + " spam BIGINT NOT NULL DEFAULT 0, innocent BIGINT NOT NULL DEFAULT 0)" + options));
        if (postgres) {
            statements.add("CREATE INDEX IF NOT EXISTS " + TRAINED_TABLE + "_trained_at ON " + TRAINED_TABLE + " (trained_at)");
        }
        return statements;
    }

    /** One statement's work on a connection of the pool. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T withConnection(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new TrainingLedgerException("DSPAM training ledger: cannot " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<TrainingRecord> find(DspamUser user, String messageKey) {
        return withConnection("read the entry of " + user, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT trained_class, method, signature, trained_at FROM "
                + TRAINED_TABLE + " WHERE username = ? AND message_key = ?")) {
                select.setString(1, user.asString());
                select.setString(2, messageKey);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(recordOf(row, 1)) : Optional.empty();
                }
            }
        });
    }

    /** The entry whose trained_class, method, signature and trained_at are the row's columns from {@code first} on. */
    private static TrainingRecord recordOf(ResultSet row, int first) throws SQLException {
        TrainingClass trainedClass = TrainingClass.parse(row.getString(first));
        Instant at = Instant.ofEpochMilli(row.getLong(first + 3));
        return TrainingRecord.Method.valueOf(row.getString(first + 1)) == TrainingRecord.Method.SIGNATURE
            ? TrainingRecord.bySignature(trainedClass, Signature.of(row.getString(first + 2)), at)
            : TrainingRecord.byMessage(trainedClass, at);
    }

    @Override
    public void record(DspamUser user, String messageKey, TrainingRecord record) {
        String upsert = postgres
            ? "INSERT INTO " + TRAINED_TABLE + " (username, message_key, trained_class, method, signature, trained_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (username, message_key) DO UPDATE SET trained_class ="
                + " EXCLUDED.trained_class, method = EXCLUDED.method, signature = EXCLUDED.signature, trained_at = EXCLUDED.trained_at"
            : "INSERT INTO " + TRAINED_TABLE + " (username, message_key, trained_class, method, signature, trained_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE trained_class = VALUES(trained_class),"
                + " method = VALUES(method), signature = VALUES(signature), trained_at = VALUES(trained_at)";
        withConnection("record the entry of " + user, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(upsert)) {
                bindRecord(insert, user, messageKey, record);
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public boolean recordIfAbsent(DspamUser user, String messageKey, TrainingRecord record) {
        return withConnection("record the entry of " + user, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TRAINED_TABLE
                + " (username, message_key, trained_class, method, signature, trained_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                bindRecord(insert, user, messageKey, record);
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith(CONSTRAINT_VIOLATION)) {
                    // another node (or thread) recorded this message first
                    return false;
                }
                throw e;
            }
        });
    }

    private static void bindRecord(PreparedStatement insert, DspamUser user, String messageKey, TrainingRecord record)
        throws SQLException {
        insert.setString(1, user.asString());
        insert.setString(2, messageKey);
        insert.setString(3, record.trainedClass().optionValue());
        insert.setString(4, record.method().name());
        insert.setString(5, record.signature().map(Signature::asString).orElse(null));
        insert.setLong(6, record.trainedAt().toEpochMilli());
    }

    @Override
    public boolean forget(DspamUser user, String messageKey) {
        return withConnection("forget the entry of " + user, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TRAINED_TABLE
                + " WHERE username = ? AND message_key = ?")) {
                delete.setString(1, user.asString());
                delete.setString(2, messageKey);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<Instant> lastPeriodicRun(DspamUser user) {
        return withConnection("read the last periodic run of " + user, connection -> lastPeriodicRun(connection, user));
    }

    private static Optional<Instant> lastPeriodicRun(Connection connection, DspamUser user) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT started_at FROM " + PERIODIC_RUNS_TABLE
            + " WHERE username = ?")) {
            select.setString(1, user.asString());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(Instant.ofEpochMilli(row.getLong(1))) : Optional.empty();
            }
        }
    }

    @Override
    public void periodicRunCompleted(DspamUser user, Instant startedAt) {
        String upsert = postgres
            ? "INSERT INTO " + PERIODIC_RUNS_TABLE + " (username, started_at) VALUES (?, ?)"
                + " ON CONFLICT (username) DO UPDATE SET started_at = EXCLUDED.started_at"
            : "INSERT INTO " + PERIODIC_RUNS_TABLE + " (username, started_at) VALUES (?, ?)"
                + " ON DUPLICATE KEY UPDATE started_at = VALUES(started_at)";
        withConnection("record the periodic run of " + user, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(upsert)) {
                insert.setString(1, user.asString());
                insert.setLong(2, startedAt.toEpochMilli());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public int pruneTrainedBefore(Instant cutoff) {
        return withConnection("prune entries", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TRAINED_TABLE + " WHERE trained_at < ?")) {
                delete.setLong(1, cutoff.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public void correctionUndone(DspamUser user, TrainingClass correctedClass) {
        long spam = correctedClass == TrainingClass.SPAM ? 1 : 0;
        String upsert = postgres
            ? "INSERT INTO " + UNDONE_TABLE + " (username, spam, innocent) VALUES (?, ?, ?) ON CONFLICT (username) DO UPDATE"
                + " SET spam = " + UNDONE_TABLE + ".spam + EXCLUDED.spam, innocent = " + UNDONE_TABLE + ".innocent + EXCLUDED.innocent"
            : "INSERT INTO " + UNDONE_TABLE + " (username, spam, innocent) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE"
                + " spam = spam + VALUES(spam), innocent = innocent + VALUES(innocent)";
        withConnection("count an undone correction of " + user, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(upsert)) {
                insert.setString(1, user.asString());
                insert.setLong(2, spam);
                insert.setLong(3, 1 - spam);
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public void forEach(Visitor visitor) {
        withConnection("read the ledger", connection -> {
            try (Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery("SELECT username, message_key, trained_class, method, signature,"
                    + " trained_at FROM " + TRAINED_TABLE)) {
                    while (rows.next()) {
                        visitor.trained(DspamUser.of(rows.getString(1)), rows.getString(2), recordOf(rows, 3));
                    }
                }
                try (ResultSet rows = statement.executeQuery("SELECT username, started_at FROM " + PERIODIC_RUNS_TABLE)) {
                    while (rows.next()) {
                        visitor.periodicRun(DspamUser.of(rows.getString(1)), Instant.ofEpochMilli(rows.getLong(2)));
                    }
                }
                try (ResultSet rows = statement.executeQuery("SELECT username, spam, innocent FROM " + UNDONE_TABLE)) {
                    while (rows.next()) {
                        visitor.undone(DspamUser.of(rows.getString(1)), new UndoneCorrections(rows.getLong(2), rows.getLong(3)));
                    }
                }
            }
            return null;
        });
    }

    /** One read per table, of the user's rows only (the trained table's primary key starts with the user name). */
    @Override
    public void forEachOf(DspamUser user, Visitor visitor) {
        withConnection("read the ledger of " + user, connection -> {
            try (PreparedStatement trained = connection.prepareStatement("SELECT message_key, trained_class, method, signature,"
                + " trained_at FROM " + TRAINED_TABLE + " WHERE username = ?")) {
                trained.setString(1, user.asString());
                try (ResultSet rows = trained.executeQuery()) {
                    while (rows.next()) {
                        visitor.trained(user, rows.getString(1), recordOf(rows, 2));
                    }
                }
            }
            lastPeriodicRun(connection, user).ifPresent(startedAt -> visitor.periodicRun(user, startedAt));
            UndoneCorrections undone = undoneCorrections(connection, user);
            if (!undone.equals(UndoneCorrections.NONE)) {
                visitor.undone(user, undone);
            }
            return null;
        });
    }

    /** The three deletes in one transaction: the user is forgotten whole or not at all. */
    @Override
    public void forgetUser(DspamUser user) {
        withConnection("forget " + user, connection -> SqlTransactions.inOneTransaction(connection, inTransaction -> {
            for (String table : List.of(TRAINED_TABLE, PERIODIC_RUNS_TABLE, UNDONE_TABLE)) {
                try (PreparedStatement delete = inTransaction.prepareStatement("DELETE FROM " + table + " WHERE username = ?")) {
                    delete.setString(1, user.asString());
                    delete.executeUpdate();
                }
            }
            return null;
        }));
    }

    @Override
    public UndoneCorrections undoneCorrections(DspamUser user) {
        return withConnection("read the undone corrections of " + user, connection -> undoneCorrections(connection, user));
    }

    private static UndoneCorrections undoneCorrections(Connection connection, DspamUser user) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT spam, innocent FROM " + UNDONE_TABLE
            + " WHERE username = ?")) {
            select.setString(1, user.asString());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new UndoneCorrections(row.getLong(1), row.getLong(2)) : UndoneCorrections.NONE;
            }
        }
    }
}

package io.jamesdspam.benchmarks.users;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.jamesdspam.benchmarks.DictionaryCopy;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.TokenUpdate;
import io.jamesdspam.engine.storage.sql.SqlDspamStore;
import io.jamesdspam.engine.storage.sql.SqlStoreOptions;
import io.jamesdspam.model.DspamUser;

/**
 * The SQL store on the machine's PostgreSQL (DSPAM's tables in the database {@code bench_users},
 * user postgres; {@code -Ddspam.bench.postgres.url} names another server). The directory holds
 * only the generation's marker. Options: {@code cacheBytes} (the node's copy of token rows,
 * {@code embedded.cacheSize}), {@code poolSize}.
 *
 * <p>The generated rows are bulk-loaded with their counters: the store's own write of a new
 * token is DSPAM's insert of 0/1, right for a message, not for a copied dictionary. The user's
 * uid and totals go through the store's API, so the rows belong to a user as the store made it.
 */
final class PostgresBenchmarkStore implements BenchmarkStore {
    static final String NAME = "postgresql";
    private static final String ROLE = "postgres";
    private static final int ROWS_PER_INSERT = 50_000;

    private final String server;
    private final String database;

    PostgresBenchmarkStore() {
        this(System.getProperty("dspam.bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/"), "bench_users");
    }

    /** DSPAM's tables in {@code database} of the server at {@code serverUrl} (a JDBC URL ending in '/'). */
    PostgresBenchmarkStore(String serverUrl, String database) {
        this.server = serverUrl;
        this.database = database;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DspamStore open(Path directory, Map<String, String> options) {
        createDatabaseIfAbsent();
        SqlStoreOptions storeOptions = SqlStoreOptions.of(server + database).withCredentials(ROLE, null);
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (option.getKey().equals("cacheBytes")) {
                storeOptions = storeOptions.withTokenCache(Long.parseLong(option.getValue()),
                    SqlStoreOptions.DEFAULT_TOKEN_CACHE_AGE);
            } else if (option.getKey().equals("poolSize")) {
                storeOptions = storeOptions.withPoolSize(Integer.parseInt(option.getValue()));
            } else {
                throw new IllegalArgumentException("Unknown postgresql store option '" + option.getKey()
                    + "'; known: cacheBytes, poolSize");
            }
        }
        return SqlDspamStore.open(storeOptions);
    }

    @Override
    public Map<String, String> writerOptions() {
        // Users are written once each: a copy of their rows would only fill the heap
        return Map.of("cacheBytes", "0");
    }

    @Override
    public void createEmpty(Path directory) {
        serverStatement("DROP DATABASE IF EXISTS " + database);
        serverStatement("CREATE DATABASE " + database);
    }

    @Override
    public void write(DspamStore store, DspamUser user, DictionaryCopy.Sample sample) {
        // The uid (created as on a user's first message) and the totals, through the store
        store.apply(user, new MessageUpdate(store.totals(user), sample.totals, List.of(), Optional.empty(), LocalDate.now()));
        try (Connection connection = connect(database)) {
            long uid = uid(connection, user);
            List<TokenUpdate> rows = sample.rows;
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO dspam_token_data (uid, token, spam_hits, innocent_hits, last_hit) "
                    + "SELECT ?, u.t, u.s, u.i, CURRENT_DATE FROM unnest(?::int8[], ?::int4[], ?::int4[]) AS u(t, s, i)")) {
                for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
                    List<TokenUpdate> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
                    insert.setLong(1, uid);
                    insert.setArray(2, array(connection, "int8", chunk, row -> row.tokenId()));
                    insert.setArray(3, array(connection, "int4", chunk, row -> (int) row.spamHits()));
                    insert.setArray(4, array(connection, "int4", chunk, row -> (int) row.innocentHits()));
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the rows of " + user + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void clear(DspamStore store, DspamUser user) {
        try (Connection connection = connect(database)) {
            long uid = uid(connection, user);
            for (String table : List.of("dspam_token_data", "dspam_signature_data")) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE uid = ?")) {
                    delete.setLong(1, uid);
                    delete.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot clear " + user + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void settle(DspamStore store, DspamUser user) {
        // Rows are where a server keeps them once written
    }

    @Override
    public void generated(Path directory) {
        // The planner's statistics of a freshly loaded table, as autovacuum would gather them later
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE dspam_token_data");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot analyse " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long diskBytes(Path directory) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet size = statement.executeQuery("SELECT pg_database_size(current_database())")) {
            size.next();
            return size.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the size of " + database + ": " + e.getMessage(), e);
        }
    }

    private static long uid(Connection connection, DspamUser user) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT uid FROM dspam_virtual_uids WHERE username = ?")) {
            select.setString(1, user.asString());
            try (ResultSet found = select.executeQuery()) {
                if (!found.next()) {
                    throw new SQLException("No uid for " + user + " in dspam_virtual_uids");
                }
                return found.getLong(1);
            }
        }
    }

    private interface Column {
        Number of(TokenUpdate row);
    }

    private static Array array(Connection connection, String type, List<TokenUpdate> rows, Column column) throws SQLException {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = column.of(rows.get(i));
        }
        return connection.createArrayOf(type, values);
    }

    private void createDatabaseIfAbsent() {
        try (Connection connection = connect("postgres");
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet found = exists.executeQuery()) {
                if (found.next()) {
                    return;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach PostgreSQL at " + server + ": " + e.getMessage(), e);
        }
        serverStatement("CREATE DATABASE " + database);
    }

    private void serverStatement(String sql) {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run '" + sql + "' at " + server + ": " + e.getMessage(), e);
        }
    }

    private Connection connect(String name) throws SQLException {
        return DriverManager.getConnection(server + name, ROLE, null);
    }
}

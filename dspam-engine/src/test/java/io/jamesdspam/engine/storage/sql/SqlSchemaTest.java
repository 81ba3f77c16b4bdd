package io.jamesdspam.engine.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jamesdspam.engine.storage.ControlDelta;
import io.jamesdspam.engine.storage.DspamStoreException;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.TokenUpdate;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.CapturedLogs;
import io.jamesdspam.testing.SharedDirectory;
import io.jamesdspam.testing.TestDatabase;

/**
 * DSPAM's schema: created when absent, used as a real DSPAM created it (the reference DDL), never
 * altered, refused with the table and column named when it does not fit.
 */
class SqlSchemaTest {
    private static final DspamUser USER = DspamUser.of("c3");
    private static final LocalDate DAY = LocalDate.of(2026, 12, 3);

    /** The {@code CREATE TABLE} statements of {@code mysql-schema.txt}, MyISAM turned into InnoDB. */
    private static List<String> referenceMysqlSchema() throws IOException {
        List<String> statements = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(SharedDirectory.dspamReference().resolve("sql/mysql-schema.txt"),
            StandardCharsets.UTF_8)) {
            int start = line.indexOf("Create Table: ");
            if (start >= 0) {
                current = new StringBuilder(line.substring(start + "Create Table: ".length()));
            } else if (current != null) {
                current.append('\n').append(line);
                if (line.startsWith(") ENGINE=")) {
                    statements.add(current.toString().replace("ENGINE=MyISAM", "ENGINE=InnoDB"));
                    current = null;
                }
            }
        }
        assertThat(statements).hasSize(5);
        return statements;
    }

    private static String referencePgSchema() throws IOException {
        return Files.readString(SharedDirectory.dspamReference().resolve("sql/pg-schema.sql"), StandardCharsets.UTF_8);
    }

    private static void createReferenceSchema(TestDatabase database) throws IOException, SQLException {
        if (database.kind() == TestDatabase.Kind.MARIADB) {
            database.execute(referenceMysqlSchema().toArray(new String[0]));
        } else {
            database.execute(referencePgSchema());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void opensTheSchemaARealDspamCreatedAndLeavesItAsItIs(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "reference_schema")) {
            createReferenceSchema(database);
            String before = schemaOf(database);
            try (SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
                store.apply(USER, new MessageUpdate(DspamTotals.EMPTY, new DspamTotals(1, 0, 0, 0, 1, 0, 0, 0),
                    List.of(new TokenUpdate(-7815792410722369331L, false, 0, 0, 1, 0)), Optional.empty(), DAY)
                    .withControlDelta(ControlDelta.of(1, 0)));
                assertThat(store.totals(USER).spamLearned()).isEqualTo(1);
                assertThat(store.load(USER, new long[] {-7815792410722369331L}).spamHits(0)).isEqualTo(1);
            }
            assertThat(schemaOf(database)).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void createsDspamsTablesInAnEmptyDatabase(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "created_schema")) {
            SqlDspamStore.open(TestStoreOptions.of(database)).close();
            assertThat(schemaOf(database)).contains("dspam_token_data.token", "dspam_signature_data.data",
                "dspam_stats.innocent_classified", "dspam_preferences.value", "dspam_virtual_uids.username");
            if (kind == TestDatabase.Kind.MARIADB) {
                assertThat(strings(database, "SELECT DISTINCT engine FROM information_schema.tables "
                    + "WHERE table_schema = DATABASE()")).containsExactly("InnoDB");
            } else {
                // A real dspamd reads tokens through lookup_tokens(): it works on a database this store created
                database.execute("INSERT INTO dspam_token_data VALUES (1, -5, 2, 3, CURRENT_DATE)");
                assertThat(strings(database, "SELECT spam_hits || '/' || innocent_hits FROM lookup_tokens(1, '{-5,7}')"))
                    .containsExactly("2/3");
            }
            // Opening again finds the tables it made
            SqlDspamStore.open(TestStoreOptions.of(database)).close();
        }
    }

    /**
     * Two James nodes starting together on an empty database: without the schema lock PostgreSQL's
     * concurrent CREATE TABLE IF NOT EXISTS failed one of them ("duplicate key value violates unique
     * constraint pg_type_typname_nsp_index"), which stopped that James.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void storesOpeningTogetherOnAnEmptyDatabaseAllStart(TestDatabase.Kind kind) throws Exception {
        int rounds = 5;
        int openers = 6;
        ExecutorService threads = Executors.newFixedThreadPool(openers);
        try {
            for (int round = 0; round < rounds; round++) {
                try (TestDatabase database = TestDatabase.create(kind, "sql_", "concurrent_schema")) {
                    CyclicBarrier together = new CyclicBarrier(openers);
                    List<Future<Object>> opened = new ArrayList<>();
                    for (int opener = 0; opener < openers; opener++) {
                        opened.add(threads.submit(() -> {
                            together.await();
                            SqlDspamStore.open(TestStoreOptions.of(database)).close();
                            return null;
                        }));
                    }
                    for (Future<Object> open : opened) {
                        open.get(2, TimeUnit.MINUTES);
                    }
                    assertThat(schemaOf(database)).contains("dspam_token_data.token", "dspam_virtual_uids.username");
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void warnsAtStartWhenPostgresqlsAutovacuumIsOffNamingTheRemedy() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, "sql_", "autovacuum");
             CapturedLogs logs = CapturedLogs.of(PostgresDialect.class.getName());
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            // CI's PostgreSQL runs with autovacuum off; a server with it on must not be warned about
            boolean off = strings(database, "SHOW autovacuum").equals(List.of("off"));
            assertThat(logs.warnings()).as("autovacuum %s", off ? "off" : "on").hasSize(off ? 1 : 0)
                .allSatisfy(warning -> assertThat(warning).contains("autovacuum is off")
                    .contains("ANALYZE dspam_token_data").contains("POST /dspam/purge"));
        }
    }

    @Test
    void refusesALegacyNumericTokenColumnNamingIt() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, "sql_", "numeric_token")) {
            database.execute(referencePgSchema().replace("token bigint", "token numeric(20,0)"));
            assertThatThrownBy(() -> SqlDspamStore.open(TestStoreOptions.of(database)))
                .isInstanceOf(DspamStoreException.class)
                .hasMessageContaining("dspam_token_data.token is NUMERIC")
                .hasMessageContaining("never altered");
        }
    }

    @Test
    void refusesAMissingColumnAndAMissingUniqueKeyNamingThem() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.MARIADB, "sql_", "missing_column")) {
            List<String> schema = referenceMysqlSchema();
            schema.set(0, schema.get(0).replace("  `last_hit` date NOT NULL,\n", "")
                .replace("UNIQUE KEY `id_token_data_01` (`uid`,`token`)", "KEY `id_token_data_01` (`uid`,`token`)"));
            database.execute(schema.toArray(new String[0]));
            assertThatThrownBy(() -> SqlDspamStore.open(TestStoreOptions.of(database)))
                .isInstanceOf(DspamStoreException.class)
                .hasMessageContaining("dspam_token_data.last_hit is missing")
                .hasMessageContaining("dspam_token_data has no unique key on (token, uid)");
        }
    }

    /** Every column of the database's tables with its type, one per line. */
    private static String schemaOf(TestDatabase database) throws SQLException {
        String sql = database.kind() == TestDatabase.Kind.MARIADB
            ? "SELECT CONCAT(table_name, '.', column_name, ' ', column_type) FROM information_schema.columns "
                + "WHERE table_schema = DATABASE() ORDER BY 1"
            : "SELECT table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns "
                + "WHERE table_schema = 'public' ORDER BY 1";
        return String.join("\n", strings(database, sql));
    }

    private static List<String> strings(TestDatabase database, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}

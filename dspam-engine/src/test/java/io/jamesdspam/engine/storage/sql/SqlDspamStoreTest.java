package io.jamesdspam.engine.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.ControlDelta;
import io.jamesdspam.engine.storage.DspamStoreException;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.SignatureIdTakenException;
import io.jamesdspam.engine.storage.StoredSignature;
import io.jamesdspam.engine.storage.TokenRows;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.engine.storage.TokenUpdate;
import io.jamesdspam.engine.storage.TotalsAndTokens;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.TestDatabase;

/** {@link SqlDspamStore} on the machine's real MariaDB and PostgreSQL. */
class SqlDspamStoreTest {
    private static final DspamUser ALICE = DspamUser.of("alice@example.org");
    private static final DspamUser BOB = DspamUser.of("bob@example.org");
    private static final LocalDate DAY = LocalDate.of(2026, 12, 3);
    /** An id with the high bit set: unsigned in MariaDB, negative in PostgreSQL. */
    private static final long HIGH = Long.parseUnsignedLong("10630951663393190285");
    private static final long LOW = 123_456_789L;
    private static final DspamTotals ONE_SPAM = new DspamTotals(1, 0, 0, 0, 1, 0, 0, 0);
    /** MariaDB's count of prepared statements' executions (a bulk execution counts one). */
    private static final String EXECUTIONS = "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
        + " WHERE VARIABLE_NAME = 'COM_STMT_EXECUTE'";

    private static MessageUpdate corpusSpam(DspamTotals loaded, List<TokenUpdate> tokens) {
        DspamTotals after = new DspamTotals(loaded.spamLearned() + 1, loaded.innocentLearned(), 0, 0,
            loaded.spamCorpusfed() + 1, loaded.innocentCorpusfed(), 0, 0);
        return new MessageUpdate(loaded, after, tokens, Optional.empty(), DAY).withControlDelta(ControlDelta.of(1, 0));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void readsOfAnUnknownUserCreateNothing(TestDatabase.Kind kind) throws SQLException {
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "unknown");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            assertThat(store.totals(ALICE)).isEqualTo(DspamTotals.EMPTY);
            assertThat(store.load(ALICE, new long[] {LOW}).found(0)).isFalse();
            assertThat(store.signature(ALICE, "x")).isEmpty();
            assertThat(store.users()).isEmpty();
            assertThat(count(database, "SELECT COUNT(*) FROM dspam_virtual_uids")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aMessageCreatesTheVirtualUserAndWritesTokensTotalsAndSignatureAsDspamDoes(TestDatabase.Kind kind)
        throws SQLException {
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "apply");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            byte[] records = {0x1B, 0x01, (byte) 0xE9, 0x64, 0x74, 0x41, (byte) 0xEA, (byte) 0xD5, 1, 0, 0, 0, 0, 0, 0, 0};
            store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, ONE_SPAM,
                List.of(new TokenUpdate(HIGH, false, 0, 0, 1, 0), new TokenUpdate(LOW, false, 0, 0, 1, 0)),
                Optional.of(new StoredSignature("6b111ca434871792313699", records, DAY)), DAY)
                .withControlDelta(ControlDelta.of(1, 0)));

            assertThat(store.totals(ALICE)).isEqualTo(ONE_SPAM);
            TokenRows rows = store.load(ALICE, new long[] {HIGH, LOW, 42L});
            assertThat(rows.found(0)).isTrue();
            assertThat(rows.spamHits(0)).isEqualTo(1);
            assertThat(rows.found(2)).isFalse();
            assertThat(store.signature(ALICE, "6b111ca434871792313699")).map(StoredSignature::data).contains(records);
            assertThat(store.users()).containsExactly(ALICE);
            assertThat(store.totals(BOB)).isEqualTo(DspamTotals.EMPTY);

            // DSPAM's encoding: unsigned in MariaDB, the signed reinterpretation in PostgreSQL
            String storedToken = string(database, "SELECT token FROM dspam_token_data WHERE spam_hits = 1 ORDER BY token "
                + (kind == TestDatabase.Kind.MARIADB ? "DESC" : "ASC"));
            assertThat(storedToken).isEqualTo(kind == TestDatabase.Kind.MARIADB ? Long.toUnsignedString(HIGH)
                : Long.toString(HIGH));
            assertThat(string(database, "SELECT username FROM dspam_virtual_uids")).isEqualTo("alice@example.org");
            assertThat(count(database, "SELECT length FROM dspam_signature_data")).isEqualTo(16);
            assertThat(string(database, "SELECT last_hit FROM dspam_token_data WHERE spam_hits = 1")).isEqualTo("2026-12-03");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void existingRowsChangeByTheControlDeltaAndNewRowsStartAtOne(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "delta");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            store.apply(ALICE, corpusSpam(DspamTotals.EMPTY, List.of(new TokenUpdate(LOW, false, 0, 0, 1, 0))));
            store.apply(ALICE, corpusSpam(ONE_SPAM, List.of(new TokenUpdate(LOW, true, 1, 0, 2, 0))));
            // Inoculation: the engine's absolute values say +2/+5, DSPAM's SQL drivers add the control delta (+2)
            // to existing rows and insert new ones with 1 (docs/ENGINE-SPEC.md §6.7)
            DspamTotals two = store.totals(ALICE);
            store.apply(ALICE, new MessageUpdate(two, two, List.of(new TokenUpdate(LOW, true, 2, 0, 7, 0),
                new TokenUpdate(HIGH, false, 0, 0, 5, 0)), Optional.empty(), DAY).withControlDelta(ControlDelta.of(2, 0)));
            // An error correction: spam → innocent, floored at 0 for the new token
            store.apply(ALICE, new MessageUpdate(two, two, List.of(new TokenUpdate(LOW, true, 4, 0, 3, 1),
                new TokenUpdate(HIGH, true, 1, 0, 0, 1)), Optional.empty(), DAY).withControlDelta(ControlDelta.of(-1, 1)));

            TokenRows rows = store.load(ALICE, new long[] {LOW, HIGH});
            assertThat(rows.spamHits(0)).isEqualTo(3);
            assertThat(rows.innocentHits(0)).isEqualTo(1);
            assertThat(rows.spamHits(1)).isZero();
            assertThat(rows.innocentHits(1)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void totalsAreAddedRelativelySoThatTwoNodesNeverUndoEachOther(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "totals");
             SqlDspamStore node1 = SqlDspamStore.open(TestStoreOptions.of(database));
             SqlDspamStore node2 = SqlDspamStore.open(TestStoreOptions.of(database))) {
            node1.apply(ALICE, corpusSpam(DspamTotals.EMPTY, List.of(new TokenUpdate(LOW, false, 0, 0, 1, 0))));
            // node2 loaded its totals and the token before node1 wrote: both messages count
            node2.apply(ALICE, corpusSpam(DspamTotals.EMPTY, List.of(new TokenUpdate(LOW, false, 0, 0, 1, 0))));

            assertThat(node1.totals(ALICE)).isEqualTo(new DspamTotals(2, 0, 0, 0, 2, 0, 0, 0));
            assertThat(node1.load(ALICE, new long[] {LOW}).spamHits(0)).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aFailureInTheMiddleOfAMessageLeavesNothingOfIt(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "atomic");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            StoredSignature signature = new StoredSignature("sig1", new byte[16], DAY);
            store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, ONE_SPAM, List.of(new TokenUpdate(LOW, false, 0, 0, 1, 0)),
                Optional.of(signature), DAY).withControlDelta(ControlDelta.of(1, 0)));

            // Tokens and totals are written before the signature, whose id is taken: the insert fails last
            MessageUpdate clashing = new MessageUpdate(ONE_SPAM, new DspamTotals(2, 0, 0, 0, 2, 0, 0, 0),
                List.of(new TokenUpdate(LOW, true, 1, 0, 2, 0), new TokenUpdate(HIGH, false, 0, 0, 1, 0)),
                Optional.of(signature), DAY).withControlDelta(ControlDelta.of(1, 0));
            assertThatThrownBy(() -> store.apply(ALICE, clashing)).isInstanceOf(SignatureIdTakenException.class)
                .hasMessageContaining("nothing of it was applied");

            assertThat(store.totals(ALICE)).isEqualTo(ONE_SPAM);
            assertThat(store.load(ALICE, new long[] {LOW}).spamHits(0)).isEqualTo(1);
            assertThat(store.load(ALICE, new long[] {HIGH}).found(0)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aFailedMessageLeavesNoTransactionOpenOnItsPooledConnection(TestDatabase.Kind kind) throws SQLException {
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "rollback");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database).withPoolSize(1))) {
            StoredSignature signature = new StoredSignature("sig1", new byte[16], DAY);
            store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, ONE_SPAM, List.of(new TokenUpdate(LOW, false, 0, 0, 1, 0)),
                Optional.of(signature), DAY).withControlDelta(ControlDelta.of(1, 0)));
            assertThatThrownBy(() -> store.apply(ALICE, new MessageUpdate(ONE_SPAM, ONE_SPAM,
                List.of(new TokenUpdate(HIGH, false, 0, 0, 1, 0)), Optional.of(signature), DAY)
                .withControlDelta(ControlDelta.of(1, 0)))).isInstanceOf(DspamStoreException.class);

            // The pool's only connection wrote the failed message: the next message on it commits by itself
            store.apply(ALICE, corpusSpam(ONE_SPAM, List.of(new TokenUpdate(LOW, true, 1, 0, 2, 0))));
            assertThat(count(database, "SELECT spam_learned FROM dspam_stats")).isEqualTo(2);
            assertThat(count(database, "SELECT COUNT(*) FROM dspam_token_data")).isEqualTo(1);
            assertThat(count(database, "SELECT spam_hits FROM dspam_token_data")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void totalsAndTokensReadTogetherAnswerAsTheyDoApart(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "together");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            assertThat(store.loadWithTotals(ALICE, new long[] {LOW}).totals()).isEqualTo(DspamTotals.EMPTY);
            assertThat(store.loadWithTotals(ALICE, new long[] {LOW}).rows().found(0)).isFalse();

            // More ids than one MariaDB statement carries, both halves of the unsigned range, one id twice
            List<TokenUpdate> tokens = new ArrayList<>();
            long[] asked = new long[12_002];
            for (int i = 0; i < 12_000; i++) {
                long id = (i + 1) * 0x0100_0000_0000_0001L;
                asked[i] = id;
                if (i % 3 == 0) {
                    tokens.add(new TokenUpdate(id, false, 0, 0, 1, 0));
                }
            }
            asked[12_000] = asked[3];
            asked[12_001] = ControlDelta.CONTROL_TOKEN_ID;
            store.apply(ALICE, corpusSpam(DspamTotals.EMPTY, tokens));

            TotalsAndTokens together = store.loadWithTotals(ALICE, asked);
            TokenRows apart = store.load(ALICE, asked);
            assertThat(together.totals()).isEqualTo(store.totals(ALICE)).isEqualTo(ONE_SPAM);
            int found = 0;
            for (int i = 0; i < asked.length; i++) {
                assertThat(together.rows().found(i)).as("id %d", i).isEqualTo(apart.found(i));
                assertThat(together.rows().spamHits(i)).as("id %d", i).isEqualTo(apart.spamHits(i));
                found += together.rows().found(i) ? 1 : 0;
            }
            assertThat(found).isEqualTo(4000 + 1);
            assertThat(together.rows().found(12_000)).isTrue();
            assertThat(together.rows().found(12_001)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void dumpsCountsAndPurges(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "purge");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            List<TokenUpdate> tokens = new ArrayList<>();
            for (long id = 1; id <= 3000; id++) {
                tokens.add(new TokenUpdate(id * 0x0100_0000_0000_0001L, false, 0, 0, 1, 0));
            }
            store.apply(ALICE, corpusSpam(DspamTotals.EMPTY, tokens));
            store.apply(ALICE, new MessageUpdate(ONE_SPAM, ONE_SPAM, List.of(),
                Optional.of(new StoredSignature("old", new byte[16], DAY.minusDays(20))), DAY));
            store.apply(ALICE, new MessageUpdate(ONE_SPAM, ONE_SPAM, List.of(),
                Optional.of(new StoredSignature("new", new byte[16], DAY)), DAY));

            Map<Long, TokenStatistics> dumped = new HashMap<>();
            store.forEachToken(ALICE, dumped::put);
            assertThat(dumped).hasSize(3000).containsEntry(3000 * 0x0100_0000_0000_0001L, new TokenStatistics(1, 0, DAY));
            assertThat(store.tokenCount(ALICE)).isEqualTo(3000);

            assertThat(store.purgeTokens(ALICE, (id, statistics) -> Long.remainderUnsigned(id, 2) == 0)).isEqualTo(1500);
            assertThat(store.tokenCount(ALICE)).isEqualTo(1500);
            assertThat(store.purgeSignatures(ALICE, DAY.minusDays(14))).isEqualTo(1);
            assertThat(store.signature(ALICE, "old")).isEmpty();
            assertThat(store.signature(ALICE, "new")).isPresent();
            // "All of them" (a purge of age 0, a user emptied): MariaDB's DATE ends at 9999-12-31
            assertThat(store.purgeSignatures(ALICE, LocalDate.MAX)).isEqualTo(1);
            assertThat(store.signature(ALICE, "new")).isEmpty();
        }
    }

    @Test
    void aPurgeOnPostgresqlLeavesPlannerStatisticsThatReadAMessagesTokensThroughTheIndex() throws SQLException {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, "sql_", "analyze");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database));
             EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store)) {
            store.apply(ALICE, corpusSpam(DspamTotals.EMPTY, List.of(new TokenUpdate(LOW, false, 0, 0, 1, 0))));
            // A dictionary of 200,000 rows learned since the table's last statistics (autovacuum is off in CI)
            database.execute("INSERT INTO dspam_token_data (uid, token, spam_hits, innocent_hits, last_hit) "
                + "SELECT 1, g * 7919, 1, 1, CURRENT_DATE FROM generate_series(1, 200000) g");

            engine.purge(Duration.ofDays(14));

            assertThat(count(database, "SELECT reltuples::bigint FROM pg_class WHERE relname = 'dspam_token_data'"))
                .isEqualTo(200_001);
            StringBuilder ids = new StringBuilder("'{");
            for (int i = 1; i <= 300; i++) {
                ids.append(i == 1 ? "" : ",").append(i * 7919L + 1);
            }
            String plan = String.join("\n", strings(database, "EXPLAIN SELECT token, spam_hits, innocent_hits FROM "
                + "dspam_token_data WHERE uid = 1 AND token = ANY (" + ids + "}'::bigint[])", 1));
            // Not a scan of the user's rows with the ids as a filter
            assertThat(plan).contains("Index Cond: ((uid = 1) AND (token = ANY").doesNotContain("Filter");
        }
    }

    @Test
    void postgresqlStoresASignatureCompressedWithLz4AndReadsItBackWhole() throws SQLException {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, "sql_", "lz4");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            // A signature's shape: 16-byte records of a token id and its count (half zeros), ≈ 23 KB
            byte[] records = new byte[16 * 1450];
            Random random = new Random(7);
            for (int offset = 0; offset < records.length; offset += 16) {
                for (int i = 0; i < 8; i++) {
                    records[offset + i] = (byte) random.nextInt();
                }
                records[offset + 8] = 1;
            }
            store.apply(ALICE, new MessageUpdate(ONE_SPAM, ONE_SPAM, List.of(),
                Optional.of(new StoredSignature("big", records, DAY)), DAY));

            assertThat(strings(database, "SELECT pg_column_compression(data) FROM dspam_signature_data", 1))
                .containsExactly("lz4");
            assertThat(store.signature(ALICE, "big")).map(StoredSignature::data).contains(records);
            try (Connection connection = store.dataSource().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet setting = statement.executeQuery("SELECT current_setting('default_toast_compression')")) {
                assertThat(setting.next()).isTrue();
                assertThat(setting.getString(1)).isEqualTo("lz4");
            }
        }
    }

    @Test
    void postgresqlKeepsAGenericPlanForAMessagesWriteInsteadOfPlanningItEveryTime() throws SQLException {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, "sql_", "generic");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database).withPoolSize(1))) {
            store.apply(ALICE, corpusSpam(DspamTotals.EMPTY, List.of(new TokenUpdate(LOW, false, 0, 0, 1, 0),
                new TokenUpdate(HIGH, false, 0, 0, 1, 0))));
            // A trained user's dictionary, with the planner's statistics of it: on a table of a few
            // rows every plan costs the same, and nothing tells a plan kept from one made each time
            database.execute("INSERT INTO dspam_token_data (uid, token, spam_hits, innocent_hits, last_hit) "
                + "SELECT 1, g * 7919, 1, 1, CURRENT_DATE FROM generate_series(1, 200000) g");
            database.execute("ANALYZE dspam_token_data");
            DspamTotals totals = ONE_SPAM;
            for (int message = 1; message <= 15; message++) {
                // What TOE writes for a classified message: its From*/BNR rows, the totals, a signature
                DspamTotals after = new DspamTotals(1, 0, 0, 0, 1, 0, message, 0);
                store.apply(ALICE, new MessageUpdate(totals, after, List.of(new TokenUpdate(LOW, true, 1, 0, 2, 0),
                    new TokenUpdate(HIGH, true, 1, 0, 2, 0)), Optional.of(new StoredSignature("s" + message,
                    new byte[16], DAY)), DAY).withControlDelta(ControlDelta.of(1, 0)));
                totals = after;
            }

            // The pool's one connection prepared the write once and stopped planning it
            try (Connection connection = store.dataSource().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet plans = statement.executeQuery("SELECT generic_plans, custom_plans FROM pg_prepared_statements "
                     + "WHERE statement LIKE '%UPDATE dspam_token_data%'")) {
                assertThat(plans.next()).as("the write is a prepared statement").isTrue();
                assertThat(plans.getLong(1)).as("generic plans").isGreaterThan(0);
                assertThat(plans.getLong(2)).as("custom plans").isEqualTo(5);
            }
        }
    }

    @Test
    void postgresqlInsertsNewRowsPlainlyAndAddsToARowAnotherWriterInsertedMeanwhile() throws SQLException {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, "sql_", "plain_insert");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database).withPoolSize(1));
             SqlDspamStore otherNode = SqlDspamStore.open(TestStoreOptions.of(database))) {
            DspamTotals totals = DspamTotals.EMPTY;
            for (int message = 1; message <= 8; message++) {
                // The same statement for each message, which the driver prepares on the server from the fifth on
                MessageUpdate update = corpusSpam(totals, List.of(new TokenUpdate(1_000 + message, false, 0, 0, 1, 0)));
                store.apply(ALICE, update);
                totals = update.totals();
            }
            try (Connection connection = store.dataSource().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet inserts = statement.executeQuery("SELECT statement FROM pg_prepared_statements "
                     + "WHERE statement LIKE '%INSERT INTO dspam_token_data%'")) {
                assertThat(inserts.next()).as("the write of new rows is a prepared statement").isTrue();
                assertThat(inserts.getString(1)).as("no upsert of new rows").doesNotContain("ON CONFLICT (uid, token)");
            }

            // The other node inserts a row that this node's next message takes for new: its plain insert
            // fails on the key, and the message is written again adding to the row
            otherNode.apply(ALICE, corpusSpam(totals, List.of(new TokenUpdate(HIGH, false, 0, 0, 1, 0))));
            store.apply(ALICE, corpusSpam(totals, List.of(new TokenUpdate(HIGH, false, 0, 0, 1, 0),
                new TokenUpdate(LOW, false, 0, 0, 1, 0))));

            TokenRows rows = store.load(ALICE, new long[] {HIGH, LOW, 1_001});
            assertThat(new long[] {rows.spamHits(0), rows.spamHits(1), rows.spamHits(2)}).containsExactly(2, 1, 1);
            assertThat(store.totals(ALICE).spamLearned()).isEqualTo(10);
        }
    }

    @Test
    void mariaDbSendsAMessagesNewRowsAsOneBulkExecutionAndAddsToARowAnotherWriterInsertedMeanwhile() throws SQLException {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.MARIADB, "sql_", "bulk_insert");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database));
             SqlDspamStore otherNode = SqlDspamStore.open(TestStoreOptions.of(database))) {
            store.apply(ALICE, corpusSpam(DspamTotals.EMPTY, List.of(new TokenUpdate(LOW, false, 0, 0, 1, 0))));
            List<TokenUpdate> few = new ArrayList<>();
            for (long id = 1; id <= 10; id++) {
                few.add(new TokenUpdate(id * 0x0300_0000_0000_0001L, false, 0, 0, 1, 0));
            }
            long executionsBefore = count(database, EXECUTIONS);
            store.apply(ALICE, corpusSpam(ONE_SPAM, few));
            long executionsAfterFew = count(database, EXECUTIONS);
            DspamTotals two = store.totals(ALICE);
            List<TokenUpdate> tokens = new ArrayList<>(List.of(new TokenUpdate(LOW, true, 1, 0, 2, 0)));
            for (long id = 1; id <= 3000; id++) {
                tokens.add(new TokenUpdate(id * 0x0100_0000_0000_0001L, false, 0, 0, 1, 0));
            }
            store.apply(ALICE, corpusSpam(two, tokens));

            // A multi-row statement's text is no prepared execution, a batch sent row by row 3,000 of them
            assertThat(executionsAfterFew - executionsBefore).as("prepared executions for 10 new rows").isZero();
            assertThat(count(database, EXECUTIONS) - executionsAfterFew).as("prepared executions for 3,000 new rows")
                .isBetween(1L, 100L);
            Map<Long, TokenStatistics> dumped = new HashMap<>();
            store.forEachToken(ALICE, dumped::put);
            assertThat(dumped).hasSize(3011)
                .containsEntry(LOW, new TokenStatistics(2, 0, DAY))
                .containsEntry(10 * 0x0300_0000_0000_0001L, new TokenStatistics(1, 0, DAY))
                .containsEntry(3000 * 0x0100_0000_0000_0001L, new TokenStatistics(1, 0, DAY))
                .containsEntry(200 * 0x0100_0000_0000_0001L, new TokenStatistics(1, 0, DAY));

            // The other node inserts a row that this node's next message takes for new: the batch fails on
            // the key, and the message is written again adding to the row
            DspamTotals three = store.totals(ALICE);
            otherNode.apply(ALICE, corpusSpam(three, List.of(new TokenUpdate(HIGH, false, 0, 0, 1, 0))));
            List<TokenUpdate> racing = new ArrayList<>(List.of(new TokenUpdate(HIGH, false, 0, 0, 1, 0)));
            for (long id = 1; id <= 600; id++) {
                racing.add(new TokenUpdate(id * 0x0100_0000_0000_0001L + 7, false, 0, 0, 1, 0));
            }
            store.apply(ALICE, corpusSpam(three, racing));

            TokenRows rows = store.load(ALICE, new long[] {HIGH, 600 * 0x0100_0000_0000_0001L + 7, LOW});
            assertThat(new long[] {rows.spamHits(0), rows.spamHits(1), rows.spamHits(2)}).containsExactly(2, 1, 2);
            assertThat(store.totals(ALICE).spamLearned()).isEqualTo(5);
        }
    }

    /**
     * {@code tokens} answers each row's own last-hit day: a copy that merges keeps the later of
     * the two rows' days. It answered today's, so a merge into this store made every shared row
     * look hit on the day of the copy, and DSPAM's purge of stale rows passed them by.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void tokensAnswerEachRowsOwnLastHitDay(TestDatabase.Kind kind) {
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "last_hit");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            store.apply(ALICE, corpusSpam(DspamTotals.EMPTY, List.of(new TokenUpdate(LOW, false, 0, 0, 1, 0),
                new TokenUpdate(HIGH, false, 0, 0, 1, 0))));

            Map<Long, TokenStatistics> rows = store.tokens(ALICE, List.of(LOW, 42L, HIGH));

            assertThat(rows).containsOnlyKeys(LOW, HIGH);
            assertThat(rows.get(LOW)).isEqualTo(new TokenStatistics(1, 0, DAY));
            assertThat(rows.get(HIGH).lastHit()).isEqualTo(DAY).isNotEqualTo(LocalDate.now());
        }
    }

    @Test
    void onAnExistingDspamsMyIsamTokenTableARowAnotherWriterInsertedIsAddedToWithoutWritingTheMessageTwice()
        throws SQLException {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.MARIADB, "sql_", "myisam")) {
            // As DSPAM's mysql_objects-4.1.sql creates it: MyISAM rolls nothing back
            database.execute("CREATE TABLE dspam_token_data (uid int unsigned NOT NULL, token bigint unsigned NOT NULL, "
                + "spam_hits bigint unsigned NOT NULL, innocent_hits bigint unsigned NOT NULL, last_hit date NOT NULL, "
                + "UNIQUE KEY id_token_data_01 (uid, token)) ENGINE=MyISAM");
            try (SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database));
                 SqlDspamStore otherNode = SqlDspamStore.open(TestStoreOptions.of(database))) {
                store.apply(ALICE, corpusSpam(DspamTotals.EMPTY, List.of(new TokenUpdate(LOW, false, 0, 0, 1, 0))));
                DspamTotals one = store.totals(ALICE);
                otherNode.apply(ALICE, corpusSpam(one, List.of(new TokenUpdate(HIGH, false, 0, 0, 1, 0))));
                // This node takes HIGH for new: a plain insert would fail on it after LOW's update and 42's insert,
                // which MyISAM keeps, and the message written again would count them twice
                store.apply(ALICE, corpusSpam(one, List.of(new TokenUpdate(LOW, true, 1, 0, 2, 0),
                    new TokenUpdate(42, false, 0, 0, 1, 0), new TokenUpdate(HIGH, false, 0, 0, 1, 0))));

                TokenRows rows = store.load(ALICE, new long[] {LOW, 42, HIGH});
                assertThat(new long[] {rows.spamHits(0), rows.spamHits(1), rows.spamHits(2)}).containsExactly(2, 1, 2);
                assertThat(store.totals(ALICE).spamLearned()).isEqualTo(3);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aMessageWhoseNewRowsTheDatabaseRefusesLeavesNothingWritten(TestDatabase.Kind kind) throws SQLException {
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "refused_rows");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            store.apply(ALICE, corpusSpam(DspamTotals.EMPTY, List.of(new TokenUpdate(LOW, false, 0, 0, 1, 0))));
            // The last of the new rows in id order: on MariaDB its batch has sent the others by then
            long refused = 0xFFFF_FFFF_FFFF_FFF0L;
            database.execute("ALTER TABLE dspam_token_data ADD CONSTRAINT refused CHECK (token <> "
                + (kind == TestDatabase.Kind.MARIADB ? Long.toUnsignedString(refused) : Long.toString(refused)) + ")");
            List<TokenUpdate> tokens = new ArrayList<>(List.of(new TokenUpdate(LOW, true, 1, 0, 2, 0),
                new TokenUpdate(refused, false, 0, 0, 1, 0)));
            for (long id = 1; id <= 2000; id++) {
                tokens.add(new TokenUpdate(id * 7919, false, 0, 0, 1, 0));
            }
            MessageUpdate update = corpusSpam(ONE_SPAM, tokens);
            MessageUpdate signed = new MessageUpdate(update.loadedTotals(), update.totals(), tokens,
                Optional.of(new StoredSignature("refused", new byte[16], DAY)), DAY).withControlDelta(ControlDelta.of(1, 0));

            assertThatThrownBy(() -> store.apply(ALICE, signed)).isInstanceOf(DspamStoreException.class)
                .hasMessageContaining("nothing of it was applied");

            assertThat(store.totals(ALICE)).isEqualTo(ONE_SPAM);
            assertThat(store.tokenCount(ALICE)).isEqualTo(1);
            assertThat(store.load(ALICE, new long[] {LOW}).spamHits(0)).isEqualTo(1);
            assertThat(store.signature(ALICE, "refused")).isEmpty();
        }
    }

    @Test
    void mariaDbLooksUpEachIdOfAMessageThroughTheIndexEvenWithIdsAbove2Pow63() throws SQLException {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.MARIADB, "sql_", "index");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            List<TokenUpdate> tokens = new ArrayList<>();
            for (long id = 1; id <= 2000; id++) {
                tokens.add(new TokenUpdate(id * 0x0100_0000_0000_0001L, false, 0, 0, 1, 0));
            }
            store.apply(ALICE, corpusSpam(DspamTotals.EMPTY, tokens));
            database.execute("ANALYZE TABLE dspam_token_data");
            assertThat(strings(database, "EXPLAIN SELECT token FROM dspam_token_data WHERE uid = 1 AND "
                + new MariaDbDialect().tokenSetCondition(new long[] {LOW, HIGH, 5L, -3L}), 4)).containsExactly("range");
        }
    }

    private static List<String> strings(TestDatabase database, String sql, int column) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(column));
            }
        }
        return values;
    }

    private static long count(TestDatabase database, String sql) throws SQLException {
        return Long.parseLong(string(database, sql));
    }

    private static String string(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }
}

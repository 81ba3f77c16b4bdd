package io.jamesdspam.engine.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.engine.storage.StoreContents;
import io.jamesdspam.engine.storage.sql.SqlDspamStore;
import io.jamesdspam.engine.storage.sql.TestStoreOptions;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;
import io.jamesdspam.testing.TestDatabase;

/** {@code dspam-tool … --config dspam.conf} on DSPAM's SQL storage keys, against the real PostgreSQL. */
class DspamToolSqlTest {
    private static final DspamUser ALICE = DspamUser.of("alice");

    @TempDir
    Path work;

    private Path conf(TestDatabase database, String storageLines) throws IOException {
        Path file = work.resolve("dspam.conf");
        Files.writeString(file, "# an existing installation's file\nHome /var/spool/dspam\nTokenizer osb\n"
            + "TrainingMode teft\n" + storageLines, StandardCharsets.ISO_8859_1);
        return file;
    }

    /** DSPAM's own storage keys of {@code database}'s driver, as an installation's dspam.conf holds them. */
    private static String storageKeys(TestDatabase database) {
        return database.kind() == TestDatabase.Kind.POSTGRESQL
            ? "StorageDriver pgsql_drv\nPgSQLServer 127.0.0.1\nPgSQLPort " + database.port() + "\nPgSQLUser "
                + database.user() + "\nPgSQLDb " + database.name() + "\n"
            : "StorageDriver mysql_drv\nMySQLServer 127.0.0.1\nMySQLPort " + database.port() + "\nMySQLUser "
                + database.user() + "\nMySQLDb " + database.name() + "\n";
    }

    @Test
    void everyVerbTakesTheStorageOfDspamConfAndConfStaysAnAlias() throws Exception {
        List<CorpusMessage> train = Corpus.load().trainSet();
        List<CorpusMessage> spam = train.stream().filter(CorpusMessage::isSpam).limit(3).collect(Collectors.toList());
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, "sql_", "tool")) {
            String name = database.name();
            Path conf = conf(database, "StorageDriver /usr/lib/dspam/libpgsql_drv.so\nPgSQLServer 127.0.0.1\n"
                + "PgSQLPort 5432\nPgSQLUser postgres\nPgSQLPass\nPgSQLDb " + name + "\n");

            DspamToolTest.Run trained = DspamToolTest.run("train", "--config", conf.toString(), "--user", "alice",
                "--class", "spam", spam.get(0).file().toString(), spam.get(1).file().toString());
            assertThat(trained.code).as(trained.err).isZero();
            DspamToolTest.Run alias = DspamToolTest.run("train", "--conf=" + conf, "--user", "alice",
                "--class", "spam", spam.get(2).file().toString());
            assertThat(alias.code).as(alias.err).isZero();

            DspamToolTest.Run stats = DspamToolTest.run("stats", "--config", conf.toString());
            assertThat(stats.code).as(stats.err).isZero();
            assertThat(stats.out).startsWith("alice").contains("TP:     0").contains("SC:     3");
            DspamToolTest.Run dump = DspamToolTest.run("dump", "--conf", conf.toString(), "--user", "alice");
            assertThat(dump.lines()).isNotEmpty().allMatch(line -> line.matches("\\d+,[1-3],0"));
        }
    }

    /**
     * {@code train --list} hands the engine its messages a batch at a time, written together on SQL
     * storage: 25 messages (two full batches and a partial one) leave in each database the rows and
     * statistics the journal store gets from the same list, trained one by one.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void trainingAListInBatchesLeavesWhatTheJournalStoreLearnsOneByOne(TestDatabase.Kind kind) throws Exception {
        List<CorpusMessage> mixed = Corpus.load().trainSet().subList(0, 2 * EmbeddedDspam.TRAINING_BATCH + 5);
        Path list = work.resolve("mixed.list");
        Files.write(list, mixed.stream().map(m -> (m.isSpam() ? "spam" : "innocent") + "\t" + m.file())
            .collect(Collectors.toList()));
        Path journal = work.resolve("journal");
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "tool_batches")) {
            Path conf = conf(database, storageKeys(database));
            DspamToolTest.Run sql = DspamToolTest.run("train", "--config", conf.toString(), "--user", "alice",
                "--list", list.toString());
            assertThat(sql.code).as(sql.err).isZero();
            DspamToolTest.Run oneByOne = DspamToolTest.run("train", "--store", journal.toString(), "--tokenizer", "osb",
                "--training-mode", "teft", "--user", "alice", "--list", list.toString());
            assertThat(oneByOne.code).as(oneByOne.err).isZero();

            DspamToolTest.Run sqlDump = DspamToolTest.run("dump", "--config", conf.toString(), "--user", "alice");
            DspamToolTest.Run journalDump = DspamToolTest.run("dump", "--store", journal.toString(), "--user", "alice");
            assertThat(sqlDump.lines()).hasSizeGreaterThan(5_000)
                .containsExactlyInAnyOrderElementsOf(journalDump.lines());
            DspamToolTest.Run sqlStats = DspamToolTest.run("stats", "--config", conf.toString());
            DspamToolTest.Run journalStats = DspamToolTest.run("stats", "--store", journal.toString());
            assertThat(sqlStats.out).startsWith("alice").isEqualTo(journalStats.out);
        }
    }

    /**
     * A node's journal store moves into each database (a second node is coming): the database then
     * holds everything the node had — rows with their last-hit days, signatures, preferences — a
     * signature the node made is retrained through the database, and the database copies back
     * into a journal store.
     */
    @Test
    void aNodesJournalStoreCopiesIntoEachDatabaseAndBack() throws Exception {
        Path node = work.resolve("node");
        DspamToolCopyTest.use(node, "alice");
        DspamToolCopyTest.prefer(node, "alice", "trainingMode", "TOE");
        StoreContents original;
        List<String> signatures = new ArrayList<>();
        try (JournalDspamStore journal = JournalDspamStore.open(node)) {
            original = StoreContents.of(journal, ALICE);
            journal.forEachSignature(ALICE, signature -> signatures.add(signature.id()));
        }
        assertThat(original.signatureCount()).isEqualTo(2);
        for (TestDatabase.Kind kind : List.of(TestDatabase.Kind.POSTGRESQL, TestDatabase.Kind.MARIADB)) {
            try (TestDatabase database = TestDatabase.create(kind, "sql_", "copy")) {
                Path conf = conf(database, storageKeys(database));

                DspamToolTest.Run copied = DspamToolTest.run("copy", "--store", node.toString(), "--to-config", conf.toString());

                assertThat(copied.code).as(copied.err).isZero();
                assertThat(copied.lines().get(0)).isEqualTo("alice: " + original.rowCount() + " tokens, 2 signatures, 1 preferences");
                try (SqlDspamStore sql = SqlDspamStore.open(TestStoreOptions.of(database))) {
                    assertThat(StoreContents.of(sql, ALICE)).as(kind.name()).isEqualTo(original);
                }
                if (kind == TestDatabase.Kind.POSTGRESQL) {
                    // Analysed after the copy: the planner knows the rows it got (autovacuum is off here)
                    assertThat(database.queryLong("SELECT reltuples::bigint FROM pg_class WHERE relname = 'dspam_token_data'"))
                        .isEqualTo(original.rowCount());
                }

                DspamToolTest.Run retrained = DspamToolTest.run("retrain", "--config", conf.toString(), "--user", "alice",
                    "--class", "spam", "--signature", signatures.get(0));
                assertThat(retrained.code).as(retrained.err).isZero();
                StoreContents corrected;
                try (SqlDspamStore sql = SqlDspamStore.open(TestStoreOptions.of(database))) {
                    corrected = StoreContents.of(sql, ALICE);
                }
                assertThat(corrected.totals().spamMisclassified()).isEqualTo(original.totals().spamMisclassified() + 1);

                Path back = work.resolve("back-" + kind);
                DspamToolTest.Run copiedBack = DspamToolTest.run("copy", "--config", conf.toString(), "--to-store", back.toString());
                assertThat(copiedBack.code).as(copiedBack.err).isZero();
                try (JournalDspamStore journal = JournalDspamStore.open(back)) {
                    assertThat(StoreContents.of(journal, ALICE)).as(kind.name()).isEqualTo(corrected);
                }
            }
        }
    }

    /**
     * Two nodes that each learned part of Alice's mail move into one database: the first is
     * copied, the second merged; every row then holds the sum of both nodes' counters, in
     * PostgreSQL and MariaDB alike (the merge adds to rows the database has, inserts the others).
     */
    @Test
    void aSecondNodesJournalStoreMergesIntoEachDatabase() throws Exception {
        Path nodeA = work.resolve("node-a");
        Path nodeB = work.resolve("node-b");
        DspamToolCopyTest.use(nodeA, "alice");
        DspamToolCopyTest.trainOthers(nodeB, "alice");
        DspamTotals totals;
        try (JournalDspamStore a = JournalDspamStore.open(nodeA); JournalDspamStore b = JournalDspamStore.open(nodeB)) {
            totals = a.totals(ALICE).plus(b.totals(ALICE));
        }
        for (TestDatabase.Kind kind : List.of(TestDatabase.Kind.POSTGRESQL, TestDatabase.Kind.MARIADB)) {
            try (TestDatabase database = TestDatabase.create(kind, "sql_", "merge")) {
                Path conf = conf(database, storageKeys(database));
                assertThat(DspamToolTest.run("copy", "--store", nodeA.toString(), "--to-config", conf.toString()).code).isZero();

                DspamToolTest.Run merged = DspamToolTest.run("copy", "--store", nodeB.toString(), "--to-config", conf.toString(),
                    "--merge");

                assertThat(merged.code).as(merged.err).isZero();
                assertThat(merged.lines().get(0)).endsWith("(merged)");
                DspamToolCopyTest.assertSummed(DspamToolCopyTest.dump("--config", conf.toString()),
                    DspamToolCopyTest.dump("--store", nodeA.toString()), DspamToolCopyTest.dump("--store", nodeB.toString()));
                try (SqlDspamStore sql = SqlDspamStore.open(TestStoreOptions.of(database))) {
                    assertThat(sql.totals(ALICE)).as(kind.name()).isEqualTo(totals);
                }
            }
        }
    }

    /** With --replace, a copy into its own source would empty the users it is about to copy. */
    @Test
    void aCopyIntoTheSourcesOwnDatabaseIsRefused() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, "sql_", "copyself")) {
            Path conf = conf(database, storageKeys(database));
            Path other = work.resolve("other.conf");
            Files.copy(conf, other);
            DspamToolTest.Run trained = DspamToolTest.run("train", "--config", conf.toString(), "--user", "alice",
                "--class", "spam", Corpus.load().trainSet().get(0).file().toString());
            assertThat(trained.code).as(trained.err).isZero();
            long rows = database.queryLong("SELECT COUNT(*) FROM dspam_token_data");

            DspamToolTest.Run run = DspamToolTest.run("copy", "--config", conf.toString(), "--to-config", other.toString(),
                "--replace");

            assertThat(run.code).isEqualTo(DspamTool.EXIT_USAGE);
            assertThat(run.err).contains("the source's database itself");
            assertThat(database.queryLong("SELECT COUNT(*) FROM dspam_token_data")).isEqualTo(rows).isPositive();
        }
    }

    @Test
    void aBadStorageKeyIsAUsageErrorNamingIt() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.MARIADB, "sql_", "tool_bad")) {
            Path conf = conf(database, "StorageDriver mysql_drv\nMySQLServer 127.0.0.1\nMySQLPort 99999\nMySQLDb x\n");
            DspamToolTest.Run run = DspamToolTest.run("stats", "--config", conf.toString());
            assertThat(run.code).isEqualTo(DspamTool.EXIT_USAGE);
            assertThat(run.err).contains("MySQLPort").contains("99999");
        }
    }

    @Test
    void withoutStoreOrStorageAVerbSaysWhatItNeeds() throws Exception {
        Path conf = work.resolve("plain.conf");
        Files.writeString(conf, "TrainingMode teft\n", StandardCharsets.ISO_8859_1);
        DspamToolTest.Run run = DspamToolTest.run("stats", "--config", conf.toString());
        assertThat(run.code).isEqualTo(DspamTool.EXIT_USAGE);
        assertThat(run.err).contains("--store DIR").contains("mysql_drv, pgsql_drv or hash_drv (read only)");

        // a hash driver installation's files are read from its Home (DspamToolHashDriverTest)
        Path hash = work.resolve("hash.conf");
        Files.writeString(hash, "StorageDriver /usr/lib/dspam/libhash_drv.so\n", StandardCharsets.ISO_8859_1);
        DspamToolTest.Run withoutHome = DspamToolTest.run("stats", "--config", hash.toString());
        assertThat(withoutHome.code).isEqualTo(DspamTool.EXIT_USAGE);
        assertThat(withoutHome.err).contains("names hash_drv but no Home");
    }
}

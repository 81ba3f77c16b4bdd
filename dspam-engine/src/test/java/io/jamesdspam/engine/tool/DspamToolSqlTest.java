package io.jamesdspam.engine.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;
import io.jamesdspam.testing.TestDatabase;

/** {@code dspam-tool … --config dspam.conf} on DSPAM's SQL storage keys, against the real PostgreSQL. */
class DspamToolSqlTest {
    @TempDir
    Path work;

    private Path conf(TestDatabase database, String storageLines) throws IOException {
        Path file = work.resolve("dspam.conf");
        Files.writeString(file, "# an existing installation's file\nHome /var/spool/dspam\nTokenizer osb\n"
            + "TrainingMode teft\n" + storageLines, StandardCharsets.ISO_8859_1);
        return file;
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
    void withoutStoreOrSqlStorageAVerbSaysWhatItNeeds() throws Exception {
        Path conf = work.resolve("hash.conf");
        Files.writeString(conf, "StorageDriver /usr/lib/dspam/libhash_drv.so\n", StandardCharsets.ISO_8859_1);
        DspamToolTest.Run run = DspamToolTest.run("stats", "--config", conf.toString());
        assertThat(run.code).isEqualTo(DspamTool.EXIT_USAGE);
        assertThat(run.err).contains("--store DIR").contains("mysql_drv or pgsql_drv");
    }
}

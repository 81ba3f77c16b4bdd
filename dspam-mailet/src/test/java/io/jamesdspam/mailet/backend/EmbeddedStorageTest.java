package io.jamesdspam.mailet.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamStatistics;
import io.jamesdspam.engine.storage.DspamStoreException;
import io.jamesdspam.engine.storage.sql.SqlStoreOptions;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.readiness.LearnedMessagesReadiness;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.testing.CapturedLogs;
import io.jamesdspam.testing.TestDatabase;

/** The factory opening DSPAM's tables on the machine's real MariaDB and PostgreSQL. */
class EmbeddedStorageTest {
    private static final byte[] HAM = ("From: alice@example.org\nTo: bob@example.org\nSubject: lunch\n\n"
        + "Shall we meet for lunch on Thursday at noon?\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SPAM = ("From: offers@example.net\nTo: bob@example.org\nSubject: cheap pills\n\n"
        + "Buy cheap pills now, limited offer!\n").getBytes(StandardCharsets.US_ASCII);
    private static final DspamUser BOB = DspamUser.of("bob@example.org");

    @TempDir
    Path workingDirectory;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void embeddedStorageKeysOpenDspamsTables(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, "sqlj_", "factory_keys")) {
            DspamConfiguration configuration = DspamConfiguration.of(Map.of("embedded.storage", database.storage(),
                "embedded.sql.url", database.url(), "embedded.sql.user", database.user(), "embedded.sql.poolSize", "2"));

            try (DspamBackend backend = DspamBackendFactory.create(configuration, workingDirectory)) {
                backend.execute(DspamRequest.process(List.of(BOB), HAM));
                // Corrections are named and learned once on SQL storage (the retrain listener relies on it)
                assertThat(backend.appliesOperationsOnce()).isTrue();
            }

            assertThat(database.queryLong("SELECT innocent_learned FROM dspam_stats")).isEqualTo(1);
            assertThat(database.queryLong("SELECT COUNT(*) FROM dspam_virtual_uids WHERE username = 'bob@example.org'"))
                .isEqualTo(1);
            assertThat(database.queryLong("SELECT COUNT(*) FROM dspam_token_data")).isPositive();
            assertThat(workingDirectory.resolve(DspamConfiguration.DEFAULT_EMBEDDED_DIRECTORY)).doesNotExist();
        }
    }

    @Test
    void aHashDriverDspamConfSaysItsFilesAreNotUsedAndHowToCopyThem() throws Exception {
        Path conf = workingDirectory.resolve("dspam.conf");
        Files.writeString(conf, "Home /var/spool/dspam\nStorageDriver /usr/lib/dspam/libhash_drv.so\nTrainingMode toe\n");
        Path store = workingDirectory.resolve(DspamConfiguration.DEFAULT_EMBEDDED_DIRECTORY);

        try (CapturedLogs logs = CapturedLogs.of(EmbeddedStorage.class.getName())) {
            EmbeddedStorage storage = EmbeddedStorage.open(DspamConfiguration.of(Map.of("embedded.dspamConf", "dspam.conf")),
                workingDirectory);
            storage.store().close();

            assertThat(logs.warnings()).singleElement().asString().contains("hash driver")
                .contains("java -jar dspam-tool.jar copy --config " + conf + " --to-store " + store);
        }
    }

    @Test
    void aDspamConfOfADriverJamesCannotOpenSaysSoAndWhereTheDictionariesAre() throws Exception {
        Files.writeString(workingDirectory.resolve("dspam.conf"), "StorageDriver /usr/lib/dspam/libsqlite3_drv.so\n");
        Path store = workingDirectory.resolve(DspamConfiguration.DEFAULT_EMBEDDED_DIRECTORY);

        try (CapturedLogs logs = CapturedLogs.of(EmbeddedStorage.class.getName())) {
            EmbeddedStorage.open(DspamConfiguration.of(Map.of("embedded.dspamConf", "dspam.conf")), workingDirectory)
                .store().close();

            assertThat(logs.warnings()).singleElement().asString()
                .contains("StorageDriver /usr/lib/dspam/libsqlite3_drv.so", "journal store in " + store);
        }
    }

    @Test
    void aDspamConfOfAnotherDriverWarnsOfNothing() throws Exception {
        Files.writeString(workingDirectory.resolve("dspam.conf"), "TrainingMode toe\n");

        try (CapturedLogs logs = CapturedLogs.of(EmbeddedStorage.class.getName())) {
            EmbeddedStorage.open(DspamConfiguration.of(Map.of("embedded.dspamConf", "dspam.conf")), workingDirectory)
                .store().close();

            assertThat(logs.warnings()).isEmpty();
        }
    }

    @Test
    void cacheSizeIsTheHeapOfTheSqlStoresCopyOfTokenRows() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, "sqlj_", "factory_cache")) {
            Map<String, String> keys = Map.of("embedded.storage", database.storage(), "embedded.sql.url", database.url(),
                "embedded.sql.user", database.user(), "embedded.sql.poolSize", "1");
            assertThat(tokenCacheBytes(keys)).isEqualTo(SqlStoreOptions.DEFAULT_TOKEN_CACHE_BYTES);
            Map<String, String> withSize = new HashMap<>(keys);
            withSize.put("embedded.cacheSize", "64M");
            assertThat(tokenCacheBytes(withSize)).isEqualTo(64L << 20);
            withSize.put("embedded.cacheSize", "0");
            assertThat(tokenCacheBytes(withSize)).isZero();
        }
    }

    private long tokenCacheBytes(Map<String, String> keys) throws Exception {
        EmbeddedStorage storage = EmbeddedStorage.open(DspamConfiguration.of(keys), workingDirectory);
        try {
            return storage.sql().orElseThrow().options().tokenCacheBytes();
        } finally {
            storage.store().close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void twoNodesOnOneDatabaseSeeEachOthersLearningAndReadiness(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, "sqlj_", "factory_two_nodes")) {
            DspamConfiguration configuration = DspamConfiguration.of(Map.of("embedded.storage", database.storage(),
                "embedded.sql.url", database.url(), "embedded.sql.user", database.user(), "embedded.sql.poolSize", "2"));
            try (DspamBackend nodeA = DspamBackendFactory.create(configuration, workingDirectory);
                 DspamBackend nodeB = DspamBackendFactory.create(configuration, workingDirectory)) {
                LearnedMessagesReadiness readinessOnB = new LearnedMessagesReadiness(nodeB, 1, 1);
                assertThat(readinessOnB.isReady(BOB)).isFalse();

                nodeA.execute(DspamRequest.train(List.of(BOB), TrainingClass.SPAM, TrainingSource.CORPUS, SPAM));
                nodeA.execute(DspamRequest.train(List.of(BOB), TrainingClass.INNOCENT, TrainingSource.CORPUS, HAM));

                DspamTotals seenByB = ((DspamStatistics) nodeB).totals(BOB);
                assertThat(seenByB.spamLearned()).isEqualTo(1);
                assertThat(seenByB.innocentLearned()).isEqualTo(1);
                assertThat(readinessOnB.isReady(BOB)).isTrue();
            }
        }
    }

    @Test
    void mysqlSchemeUrlsReachMariaDbThroughConnectorJ() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.MARIADB, "sqlj_", "factory_mysql_scheme")) {
            DspamConfiguration configuration = DspamConfiguration.of(Map.of("embedded.storage", "mysql",
                "embedded.sql.url", database.url().replace("jdbc:mariadb:", "jdbc:mysql:"), "embedded.sql.user", database.user()));

            try (DspamBackend backend = DspamBackendFactory.create(configuration, workingDirectory)) {
                backend.execute(DspamRequest.process(List.of(BOB), HAM));
                // Corrections are named and learned once on SQL storage (the retrain listener relies on it)
                assertThat(backend.appliesOperationsOnce()).isTrue();
            }

            assertThat(database.queryLong("SELECT innocent_learned FROM dspam_stats")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anExistingInstallationsDspamConfSelectsItsDatabase(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, "sqlj_", "factory_conf")) {
            String prefix = kind == TestDatabase.Kind.MARIADB ? "MySQL" : "PgSQL";
            Path conf = workingDirectory.resolve("dspam.conf");
            Files.write(conf, List.of("StorageDriver /usr/lib/dspam/lib" + (kind == TestDatabase.Kind.MARIADB ? "mysql" : "pgsql")
                    + "_drv.so", prefix + "Server " + database.host(), prefix + "Port " + database.port(),
                prefix + "User " + database.user(), prefix + "Db " + database.name(), "TrainingMode notrain"),
                StandardCharsets.UTF_8);
            DspamConfiguration configuration = DspamConfiguration.of(Map.of("embedded.dspamConf", "dspam.conf"));

            try (DspamBackend backend = DspamBackendFactory.create(configuration, workingDirectory)) {
                backend.execute(DspamRequest.process(List.of(BOB), HAM));
            }

            // The store created DSPAM's tables in the file's database; TrainingMode notrain from the same
            // file: the engine learned nothing (the default mode learns this message, see above)
            assertThat(database.queryLong("SELECT COALESCE(SUM(innocent_learned), 0) FROM dspam_stats")).isZero();
            assertThat(database.queryLong("SELECT COUNT(*) FROM dspam_token_data")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aDatabaseThatDoesNotExistStopsTheStartNamingIt(TestDatabase.Kind kind) throws IOException {
        try (TestDatabase database = TestDatabase.create(kind, "sqlj_", "factory_missing")) {
            String url = database.url() + "_absent";
            DspamConfiguration configuration = DspamConfiguration.of(Map.of("embedded.storage", database.storage(),
                "embedded.sql.url", url, "embedded.sql.user", database.user()));

            assertThatThrownBy(() -> DspamBackendFactory.create(configuration, workingDirectory))
                .isInstanceOf(DspamStoreException.class).hasMessageContaining(url);
        }
    }
}

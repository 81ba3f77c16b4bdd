package io.jamesdspam.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.storage.sql.SqlDspamStore;
import io.jamesdspam.engine.storage.sql.TestStoreOptions;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.Verdict;
import io.jamesdspam.testing.CorpusMessage;
import io.jamesdspam.testing.TestDatabase;

/**
 * The merged-group cold start of reference G1 on the SQL store, over the machine's real MariaDB —
 * the database the reference run itself used (docs/reference/groups/README.md §4.1): {@code global}
 * corpus-trains folds 0–4 into DSPAM's tables, then {@code newbie}, a member of
 * {@code global:merged:*}, processes its first {@value #COLD_START} messages with corrections. The
 * results equal DSPAM's row by row, as they do on the journal store
 * ({@link G1MergedGroupConformanceTest} replays the whole scenario there).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class G1MergedGroupSqlStoreTest {
    private static final int COLD_START = 200;

    @TempDir
    static Path directory;

    private TestDatabase database;
    private List<CorpusMessage> onlineMessages;
    private List<Optional<DspamResult>> online;
    private String globalStats;

    @BeforeAll
    void replay() throws Exception {
        database = TestDatabase.create(TestDatabase.Kind.MARIADB, "mergedg1_", "cold_start");
        Path home = Files.createDirectories(directory.resolve("sql"));
        try (GroupRun run = new GroupRun(SqlDspamStore.open(TestStoreOptions.of(database)), home, "global:merged:*")) {
            run.corpusTrain("global", GroupRun.folds(0, 4));
            globalStats = run.stats("global");
            onlineMessages = GroupRun.folds(5, 6).subList(0, COLD_START);
            online = run.process("newbie", onlineMessages, true);
        }
    }

    @AfterAll
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theGlobalDictionaryIsWhatDspamWroteIntoMariaDb() {
        assertThat(globalStats).isEqualTo(GroupReference.stats("G1 merged", "global"));
    }

    @Test
    void theNewUsersFirstMessagesEqualTheReference() {
        List<ReferenceSet.ResultRow> reference = ReferenceSet.results(GroupReference.csv("G1-newbie-online"))
            .subList(0, COLD_START);
        ConformanceRun.Agreement agreement = ConformanceRun.compare(online, reference);
        assertThat(agreement.differences).as(agreement.toString()).isEmpty();
    }

    @Test
    void theColdStartErrorsAreDspams() {
        int errors = 0;
        for (int i = 0; i < COLD_START; i++) {
            boolean spam = online.get(i).map(r -> r.verdict() == Verdict.SPAM).orElse(false);
            errors += spam != onlineMessages.get(i).isSpam() ? 1 : 0;
        }
        assertThat(errors).as("reference G1: 6 wrong among the first 200 with the merged group").isEqualTo(6);
    }
}

package io.jamesdspam.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.storage.sql.SqlDspamStore;
import io.jamesdspam.engine.storage.sql.TestStoreOptions;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.testing.SharedDirectory;
import io.jamesdspam.testing.TestDatabase;

/**
 * The reference sequences through {@link SqlDspamStore} on a real database (reference
 * {@code sql/README.md}): C3-S1 corpus training gives the hash reference's token digest, the
 * {@code dspam_stats} row a real DSPAM wrote on MariaDB and the 1,418 PUBTEST verdicts, also when its
 * messages are written ten at a time ({@code EmbeddedDspam.executeTogether}); C2-S2
 * online training (process, retrain wrong results by signature) gives its reference results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SqlStoreConformance {
    private final TestDatabase.Kind kind;
    private TestDatabase c3Database;
    private TestDatabase c2Database;
    private TestDatabase togetherDatabase;
    private ScenarioOutcome c3s1;
    private ScenarioOutcome c3s1Together;
    private ScenarioOutcome c2s2;

    SqlStoreConformance(TestDatabase.Kind kind) {
        this.kind = kind;
    }

    @BeforeAll
    void replay() {
        c3Database = TestDatabase.create(kind, "sql_", "conformance_c3s1");
        try (SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(c3Database))) {
            c3s1 = ScenarioOutcome.replay("C3", "S1", "C2-S1", store);
        }
        // As dspam-tool train hands them over: ten messages written together
        togetherDatabase = TestDatabase.create(kind, "sql_", "conformance_c3s1_together");
        try (SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(togetherDatabase))) {
            c3s1Together = ScenarioOutcome.replay("C3", "S1", "C2-S1", store, EmbeddedDspam.TRAINING_BATCH);
        }
        c2Database = TestDatabase.create(kind, "sql_", "conformance_c2s2");
        try (SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(c2Database))) {
            c2s2 = ScenarioOutcome.replay("C2", "S2", "C2-S2", store);
        }
    }

    @AfterAll
    void dropDatabases() {
        if (c3Database != null) {
            c3Database.close();
        }
        if (c2Database != null) {
            c2Database.close();
        }
        if (togetherDatabase != null) {
            togetherDatabase.close();
        }
    }

    @Test
    void corpusTrainingGivesTheReferenceTokenDigest() {
        assertThat(c3s1.storeTokens).isEqualTo(2_053_693L);
        assertThat(c3s1.hitsTwoPlusDiffering).as(c3s1.toString()).isZero();
        assertThat(c3s1.bucketsDiffering).as(c3s1.toString()).isZero();
        assertThat(c3s1.storeSha256).isEqualTo("62cc8656e41b315495c508a04f191f87ffbefdedc6f9170b77e243d10bf04425");
    }

    @Test
    void corpusTrainingWrittenTenMessagesAtATimeGivesTheReferenceTokenDigestAndVerdicts() {
        assertThat(c3s1Together.storeTokens).isEqualTo(2_053_693L);
        assertThat(c3s1Together.hitsTwoPlusDiffering).as(c3s1Together.toString()).isZero();
        assertThat(c3s1Together.bucketsDiffering).as(c3s1Together.toString()).isZero();
        assertThat(c3s1Together.storeSha256).isEqualTo("62cc8656e41b315495c508a04f191f87ffbefdedc6f9170b77e243d10bf04425");
        assertThat(c3s1Together.totals).isEqualTo(c3s1.totals);
        assertThat(c3s1Together.pubtest.sameClass).as(c3s1Together.pubtest.differences.toString()).isEqualTo(1418);
        assertThat(c3s1Together.pubtest.sameProbability).as(c3s1Together.pubtest.differences.toString()).isEqualTo(1418);
        assertThat(c3s1Together.pubtest.sameConfidence).as(c3s1Together.pubtest.differences.toString()).isEqualTo(1418);
    }

    @Test
    void corpusTrainingGivesTheStatsRowOfRealDspamOnMariaDb() throws IOException {
        List<String> lines = Files.readAllLines(SharedDirectory.dspamReference().resolve("sql/C3-S1.mysql-stats.tsv"),
            StandardCharsets.US_ASCII);
        String[] row = lines.get(1).split("\t");
        DspamTotals reference = new DspamTotals(Long.parseLong(row[1]), Long.parseLong(row[2]), Long.parseLong(row[3]),
            Long.parseLong(row[4]), Long.parseLong(row[5]), Long.parseLong(row[6]), Long.parseLong(row[7]),
            Long.parseLong(row[8]));
        assertThat(c3s1.totals).isEqualTo(reference);
    }

    @Test
    void corpusTrainedStoreGivesThePubtestVerdicts() {
        assertThat(c3s1.pubtest.messages).isEqualTo(1418);
        assertThat(c3s1.pubtest.sameClass).as(c3s1.pubtest.differences.toString()).isEqualTo(1418);
        assertThat(c3s1.pubtest.sameProbability).as(c3s1.pubtest.differences.toString()).isEqualTo(1418);
        assertThat(c3s1.pubtest.sameConfidence).as(c3s1.pubtest.differences.toString()).isEqualTo(1418);
    }

    @Test
    void onlineTrainingGivesTheReferenceResults() {
        assertThat(c2s2.online.messages).isEqualTo(3411);
        assertThat(c2s2.online.sameClass).as(c2s2.online.differences.toString()).isEqualTo(3411);
        assertThat(c2s2.online.sameProbability).as(c2s2.online.differences.toString()).isEqualTo(3411);
        assertThat(c2s2.online.sameConfidence).as(c2s2.online.differences.toString()).isEqualTo(3411);
        assertThat(c2s2.totals).isEqualTo(c2s2.referenceTotals);
    }

    @Test
    void onlineTrainedStoreGivesThePubtestVerdicts() {
        assertThat(c2s2.pubtest.sameClass).as(c2s2.pubtest.differences.toString()).isEqualTo(1418);
        assertThat(c2s2.pubtest.sameProbability).as(c2s2.pubtest.differences.toString()).isEqualTo(1418);
        assertThat(c2s2.pubtest.sameConfidence).as(c2s2.pubtest.differences.toString()).isEqualTo(1418);
    }
}

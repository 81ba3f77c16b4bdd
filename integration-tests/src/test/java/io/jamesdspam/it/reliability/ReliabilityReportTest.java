package io.jamesdspam.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.it.reliability.ReliabilityReport.Kind;
import io.jamesdspam.it.reliability.ReliabilityReport.Scenario;

class ReliabilityReportTest {
    @TempDir
    Path directory;

    @BeforeEach
    void pointAtTemporaryFile() {
        System.setProperty("reliability.report", directory.resolve("report.json").toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("reliability.report");
    }

    @Test
    void anEntryReplacesTheOneOfTheSameNameAndKeepsTheOthers() {
        ReliabilityReport.record(new Scenario("a", Kind.FAULT).accepted(10).delivered(9).lost(1));
        ReliabilityReport.record(new Scenario("b", Kind.FUZZ).inputs(5).note("x").figure("perSecond", 2.5));
        ReliabilityReport.record(new Scenario("a", Kind.FAULT).accepted(10).delivered(10));

        assertThat(ReliabilityReport.scenarios()).hasSize(2);
        assertThat(ReliabilityReport.scenarios().get(0).path("name").asText()).isEqualTo("b");
        assertThat(ReliabilityReport.scenarios().get(0).path("kind").asText()).isEqualTo("fuzz");
        assertThat(ReliabilityReport.scenarios().get(0).path("figures").path("perSecond").asDouble()).isEqualTo(2.5);
        assertThat(ReliabilityReport.scenarios().get(1).path("delivered").asLong()).isEqualTo(10);
        assertThat(ReliabilityReport.scenarios().get(1).path("lost").asLong()).isZero();
    }

    @Test
    void aScenarioThatLostMailFailsNamingItButIsRecordedFirst() {
        Scenario lossy = new Scenario("dspamd-killed", Kind.KILL).accepted(3).delivered(2).lost(1);

        assertThatThrownBy(lossy::recordAndAssertClean).hasMessageContaining("dspamd-killed").hasMessageContaining("lost=1");
        assertThat(ReliabilityReport.scenarios()).extracting(node -> node.path("lost").asLong()).containsExactly(1L);
    }
}

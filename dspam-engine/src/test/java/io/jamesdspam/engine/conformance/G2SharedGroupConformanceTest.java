package io.jamesdspam.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference scenario G2 (docs/reference/groups/README.md §3, §4.2, §4.4), {@code team:shared:alice,bob}: alice
 * corpus-trains folds 0–6 into the team's dictionary; bob's {@code --classify} ignores the group
 * (his own empty store), his {@code --process} reads and learns the team's. The check: user
 * {@code team} itself on the same training.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class G2SharedGroupConformanceTest {
    private static final String GROUP = "team:shared:alice,bob";

    @TempDir
    static Path directory;

    private ConformanceRun.Agreement bobClassify;
    private ConformanceRun.Agreement bobProcess;
    private ConformanceRun.Agreement teamClassify;
    private ConformanceRun.Agreement teamProcess;
    private String aliceStats;
    private String bobStats;
    private String teamStats;
    private String teamCheckStats;

    @BeforeAll
    void replay() throws Exception {
        try (GroupRun run = new GroupRun(Files.createDirectories(directory.resolve("g2")), GROUP)) {
            run.corpusTrain("alice", GroupRun.folds(0, 6));
            bobClassify = ConformanceRun.compare(run.classify("bob", GroupRun.folds(7, 9)),
                ReferenceSet.results(GroupReference.csv("G2-bob-classify")));
            bobProcess = ConformanceRun.compare(run.process("bob", GroupRun.folds(7, 9), false),
                ReferenceSet.results(GroupReference.csv("G2-bob-process")));
            aliceStats = run.stats("alice");
            bobStats = run.stats("bob");
            teamStats = run.stats("team");
        }
        try (GroupRun run = new GroupRun(Files.createDirectories(directory.resolve("team")), GROUP)) {
            run.corpusTrain("alice", GroupRun.folds(0, 6));
            teamClassify = ConformanceRun.compare(run.classify("team", GroupRun.folds(7, 9)),
                ReferenceSet.results(GroupReference.csv("G2-team-classify")));
            teamProcess = ConformanceRun.compare(run.process("team", GroupRun.folds(7, 9), false),
                ReferenceSet.results(GroupReference.csv("G2-team-process")));
            teamCheckStats = run.stats("team");
        }
        System.err.println("G2: bob classify " + bobClassify + "; bob process " + bobProcess + "; team classify "
            + teamClassify + "; team process " + teamProcess);
    }

    @Test
    void classifyIgnoresTheGroup() {
        assertThat(bobClassify.differences).as(bobClassify.toString()).isEmpty();
    }

    @Test
    void processReadsAndLearnsTheSharedDictionary() {
        assertThat(bobProcess.differences).as(bobProcess.toString()).isEmpty();
        assertThat(aliceStats).isEqualTo(GroupReference.stats("G2 shared", "alice"));
        assertThat(bobStats).isEqualTo(GroupReference.stats("G2 shared", "bob"));
        assertThat(teamStats).isEqualTo(GroupReference.stats("G2 shared", "team"));
    }

    @Test
    void theGroupsOwnUserSeesTheSameDictionary() {
        assertThat(teamClassify.differences).as(teamClassify.toString()).isEmpty();
        assertThat(teamProcess.differences).as(teamProcess.toString()).isEmpty();
        assertThat(teamCheckStats).isEqualTo(GroupReference.stats("G2-team", "team"));
    }
}

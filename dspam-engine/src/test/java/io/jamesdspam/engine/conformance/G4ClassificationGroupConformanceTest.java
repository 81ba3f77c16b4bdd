package io.jamesdspam.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference scenario G4 (docs/reference/groups/README.md §3, §4.6), {@code peers:classification:alice,bob}: bob
 * corpus-trains folds 0–6, alice fold 0 only; alice processes folds 7–9 and puts her uncertain
 * innocent results to bob. And the same without a group file.
 */
class G4ClassificationGroupConformanceTest {
    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "G4 classification, 'peers:classification:alice,bob', G4-alice-process",
        "G4-control, , G4-control-alice-process"})
    void uncertainResultsArePutToThePeer(String section, String groupFile, String csv) throws Exception {
        try (GroupRun run = new GroupRun(Files.createDirectories(directory.resolve(csv)), groupFile)) {
            run.corpusTrain("bob", GroupRun.folds(0, 6));
            run.corpusTrain("alice", GroupRun.folds(0, 0));
            ConformanceRun.Agreement alice = ConformanceRun.compare(run.process("alice", GroupRun.folds(7, 9), false),
                ReferenceSet.results(GroupReference.csv(csv)));
            System.err.println(section + ": alice " + alice);

            assertThat(alice.differences).as(alice.toString()).isEmpty();
            assertThat(run.stats("alice")).isEqualTo(GroupReference.stats(section, "alice"));
            assertThat(run.stats("bob")).isEqualTo(GroupReference.stats(section, "bob"));
        }
    }
}

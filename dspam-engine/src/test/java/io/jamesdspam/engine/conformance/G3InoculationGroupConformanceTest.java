package io.jamesdspam.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.jamesdspam.testing.CorpusMessage;

/**
 * Reference scenario G3 (docs/reference/groups/README.md §3, §4.5), {@code inoc:inoculation:alice,bob,carol}: the
 * three corpus-train folds 0–2; alice processes the spam of fold 3 and reports each miss by
 * signature, which inoculates bob and carol (unless they already rate it spam); then bob and
 * carol classify folds 7–9. And the same without a group file.
 */
class G3InoculationGroupConformanceTest {
    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "G3, 'inoc:inoculation:alice,bob,carol', G3",
        "G3-control, , G3-control"})
    void inoculationReachesTheOtherMembers(String section, String groupFile, String prefix) throws Exception {
        try (GroupRun run = new GroupRun(Files.createDirectories(directory.resolve(prefix)), groupFile)) {
            for (String user : List.of("alice", "bob", "carol")) {
                run.corpusTrain(user, GroupRun.folds(0, 2));
            }
            List<CorpusMessage> spam = GroupRun.folds(3, 3, CorpusMessage::isSpam);
            ConformanceRun.Agreement alice = ConformanceRun.compare(run.process("alice", spam, true),
                ReferenceSet.results(GroupReference.csv(prefix + "-alice-online")));
            ConformanceRun.Agreement bob = ConformanceRun.compare(run.classify("bob", GroupRun.folds(7, 9)),
                ReferenceSet.results(GroupReference.csv(prefix + "-bob-classify")));
            ConformanceRun.Agreement carol = ConformanceRun.compare(run.classify("carol", GroupRun.folds(7, 9)),
                ReferenceSet.results(GroupReference.csv(prefix + "-carol-classify")));
            System.err.println(section + ": alice " + alice + "; bob " + bob + "; carol " + carol);

            assertThat(alice.differences).as(alice.toString()).isEmpty();
            assertThat(bob.differences).as(bob.toString()).isEmpty();
            assertThat(carol.differences).as(carol.toString()).isEmpty();
            for (String user : List.of("alice", "bob", "carol")) {
                assertThat(run.stats(user)).as(user).isEqualTo(GroupReference.stats(section + " ", user));
            }
        }
    }
}

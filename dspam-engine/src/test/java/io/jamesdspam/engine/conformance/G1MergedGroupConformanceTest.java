package io.jamesdspam.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.Verdict;
import io.jamesdspam.testing.CorpusMessage;

/**
 * Reference scenario G1 (docs/reference/groups/README.md §3, §4.1, §4.7): user {@code global} corpus-trains folds
 * 0–4, then a new user {@code newbie} processes folds 5–6 with corrections and folds 7–9 without.
 * With {@code global:merged:*} (on the journal store: DSPAM's hash driver refuses merged groups,
 * the reference run is from its MariaDB driver), with no group file (control), and with the
 * global group {@code global:classification:*global}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class G1MergedGroupConformanceTest {
    @TempDir
    static Path directory;

    private Outcome merged;
    private Outcome control;
    private Outcome global;

    private static final class Outcome {
        ConformanceRun.Agreement online;
        ConformanceRun.Agreement test;
        String newbieStats;
        String globalStats;
        /** Wrong results among newbie's first 200 messages: the cold-start figure of issue #17. */
        int firstErrors;
    }

    private static final int COLD_START = 200;

    @BeforeAll
    void replay() throws Exception {
        merged = replay("merged", "global:merged:*", "G1-newbie");
        control = replay("control", null, "G1-control");
        global = replay("global", "global:classification:*global", "G1-globalgroup-newbie");
    }

    private Outcome replay(String name, String groupFile, String csv) throws Exception {
        Path home = Files.createDirectories(directory.resolve(name));
        try (GroupRun run = new GroupRun(JournalDspamStore.open(home.resolve("store")), home, groupFile)) {
            run.corpusTrain("global", GroupRun.folds(0, 4));
            Outcome outcome = new Outcome();
            List<CorpusMessage> onlineMessages = GroupRun.folds(5, 6);
            List<Optional<DspamResult>> online = run.process("newbie", onlineMessages, true);
            for (int i = 0; i < COLD_START; i++) {
                boolean spam = online.get(i).map(r -> r.verdict() == Verdict.SPAM).orElse(false);
                outcome.firstErrors += spam != onlineMessages.get(i).isSpam() ? 1 : 0;
            }
            List<Optional<DspamResult>> test = run.process("newbie", GroupRun.folds(7, 9), false);
            outcome.online = ConformanceRun.compare(online, ReferenceSet.results(GroupReference.csv(csv + "-online")));
            outcome.test = ConformanceRun.compare(test, ReferenceSet.results(GroupReference.csv(csv + "-test")));
            outcome.newbieStats = run.stats("newbie");
            outcome.globalStats = run.stats("global");
            System.err.println("G1 " + name + ": online " + outcome.online + "; test " + outcome.test
                + "; errors in the first " + COLD_START + " messages: " + outcome.firstErrors);
            return outcome;
        }
    }

    /**
     * Online (folds 5–6) and test phase (folds 7–9, with BNR elimination from test row 222 on, when the
     * summed innocent total passes 2,500) equal DSPAM's MariaDB run message by message, and so do
     * both users' statistics. The elimination depends on {@code global}'s BNR pattern counters: they
     * match only because {@code global}, a member of its own group through {@code *}, reads its
     * dictionary once while it is corpus-trained ({@code UserGroups#mergedGroup}).
     */
    @Test
    void mergedGroupResultsEqualTheReference() {
        assertThat(merged.online.differences).as(merged.online.toString()).isEmpty();
        assertThat(merged.test.differences).as(merged.test.toString()).isEmpty();
        assertThat(merged.newbieStats).isEqualTo(GroupReference.stats("G1 merged", "newbie"));
        assertThat(merged.globalStats).isEqualTo(GroupReference.stats("G1 merged", "global"));
    }

    @Test
    void aMergedGlobalGroupCutsTheColdStartErrorsAsInDspam() {
        // reference CSVs, first 200 rows: 6 wrong with the merged group, 32 without, 6 with the global group
        assertThat(merged.firstErrors).isEqualTo(6);
        assertThat(control.firstErrors).isEqualTo(32);
        assertThat(global.firstErrors).isEqualTo(6);
    }

    @Test
    void controlResultsEqualTheReference() {
        assertThat(control.online.differences).as(control.online.toString()).isEmpty();
        assertThat(control.test.differences).as(control.test.toString()).isEmpty();
        assertThat(control.newbieStats).isEqualTo(GroupReference.stats("G1-control", "newbie"));
    }

    @Test
    void globalGroupResultsEqualTheReference() {
        assertThat(global.online.differences).as(global.online.toString()).isEmpty();
        assertThat(global.test.differences).as(global.test.toString()).isEmpty();
        assertThat(global.newbieStats).isEqualTo(GroupReference.stats("G1-globalgroup", "newbie"));
        assertThat(global.globalStats).as("being asked changes nothing of global's")
            .isEqualTo(GroupReference.stats("G1-globalgroup", "global"));
    }
}

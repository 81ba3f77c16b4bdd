package io.jamesdspam.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.jamesdspam.engine.preference.PreferenceStore;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.CorpusMessage;

/**
 * Reference scenario P1 (docs/reference/groups/README.md §3, §4.8): users with one preference each, stored before
 * the run, corpus-train folds 0–6 and then process folds 7–9; P1x does the same on a spam-heavy
 * store, where statistical sedation matters. Every result and the final statistics must equal
 * DSPAM's.
 */
class P1PreferencesConformanceTest {
    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource({
        "p0, , ",
        "p1, trainingMode, TOE",
        "p2, enableBNR, off",
        "p3, statisticalSedation, 5",
        "p4, enableWhitelist, off"})
    void eachUsersPreferenceChangesWhatDspamSaidItChanges(String user, String name, String value) {
        replay("P1", user, name, value, GroupRun.folds(0, 6));
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource({
        "s0, , ",
        "s5, statisticalSedation, 5"})
    void sedationOnASpamHeavyStore(String user, String name, String value) {
        replay("P1x", user, name, value,
            GroupRun.sorted(GroupRun.folds(0, 6, m -> m.isSpam() || m.fold() == 0)));
    }

    private void replay(String section, String user, String name, String value, List<CorpusMessage> training) {
        try (GroupRun run = new GroupRun(directory, null)) {
            if (name != null) {
                ((PreferenceStore) run.store).storePreference(DspamUser.of(user), name, value);
            }
            run.corpusTrain(user, training);
            List<Optional<DspamResult>> results = run.process(user, GroupRun.folds(7, 9), false);

            ConformanceRun.Agreement agreement = ConformanceRun.compare(results,
                ReferenceSet.results(GroupReference.csv("P1-" + user + "-process")));
            System.err.println(section + " " + user + ": " + agreement);
            assertThat(agreement.differences).as(agreement.toString()).isEmpty();
            assertThat(run.stats(user)).isEqualTo(GroupReference.stats(section, user));
        }
    }

    @Test
    void aPreferenceNotInAllowOverrideIsIgnored() {
        try (GroupRun run = new GroupRun(directory, null)) {
            ((PreferenceStore) run.store).storePreference(DspamUser.of("p9"), "processorBias", "off");
            assertThat(run.engine.settingsFor(DspamUser.of("p9")).processorBias()).isTrue();
            ((PreferenceStore) run.store).storePreference(DspamUser.of("p9"), "enableBNR", "off");
            assertThat(run.engine.settingsFor(DspamUser.of("p9")).bnrEnabled(List.of())).isFalse();
        }
    }
}

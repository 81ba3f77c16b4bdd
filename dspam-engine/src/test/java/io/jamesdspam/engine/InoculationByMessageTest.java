package io.jamesdspam.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.tokenize.MessageTokenizer;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.Verdict;

/**
 * §11.3 inoculation when the report carries the whole message instead of a signature: each other
 * member is checked with a classification that persists nothing, and one that does not already rate
 * the message spam is trained with it as spam, source inoculation (§6.4 → §6.3). Every user runs TOE
 * past its warm-up, where a {@code --classify} would write the From* token (§6.3): the check must not.
 */
class InoculationByMessageTest {
    private static final DspamUser ALICE = DspamUser.of("alice");
    private static final DspamUser BOB = DspamUser.of("bob");
    private static final DspamUser CAROL = DspamUser.of("carol");
    private static final DspamUser DAVE = DspamUser.of("dave");
    private static final String GROUP = "inoc:inoculation:alice,bob,dave";
    /** New words for everyone, plus "meeting" and "agenda", which every user has seen in more than two innocent messages. */
    private static final byte[] REPORTED = Messages.message("Novel Sender <novel@unknown.example>", "Zorblax quintessa",
        "zorblax quintessa florbin meeting wumpet agenda snarfle zorblax quintessa florbin wumpet snarfle");

    @TempDir
    Path directory;

    @Test
    void aMessageReportInoculatesThePeersThatDoNotRateItSpamAndNobodyElse() throws IOException {
        Scenario grouped = new Scenario(directory.resolve("grouped"), GROUP);
        Scenario control = new Scenario(directory.resolve("control"), null);
        grouped.prepare();
        control.prepare();
        Snapshot bob = grouped.snapshot(BOB);
        Snapshot carol = grouped.snapshot(CAROL);
        Snapshot dave = grouped.snapshot(DAVE);

        grouped.report(TrainingSource.INOCULATION);
        control.report(TrainingSource.INOCULATION);

        DspamTotals bobBefore = bob.totals;
        assertThat(grouped.store.totals(BOB)).as("bob: one spam learned, as corpusfed").isEqualTo(new DspamTotals(
            bobBefore.spamLearned() + 1, bobBefore.innocentLearned(), bobBefore.spamMisclassified(),
            bobBefore.innocentMisclassified(), bobBefore.spamCorpusfed() + 1, bobBefore.innocentCorpusfed(),
            bobBefore.spamClassified(), bobBefore.innocentClassified()));
        Snapshot bobAfter = grouped.snapshot(BOB);
        long fives = 0;
        long twos = 0;
        for (long id : grouped.tokensOfReport()) {
            List<Long> before = bob.row(id);
            List<Long> after = bobAfter.row(id);
            boolean weak = before.get(1) < 2 && before.get(0) < 5;
            // §6.3, R = spam with source inoculation: +5 for a token the member hardly knows, else +2;
            // written at most SL (§6.7), which the tokens of every message (To*, …) reach
            long spamHits = Math.min(before.get(0) + (weak ? 5 : 2), bobAfter.totals.spamLearned());
            assertThat(after).as("token %d", id).containsExactly(spamHits, before.get(1));
            fives += weak ? 1 : 0;
            twos += weak ? 0 : 1;
        }
        assertThat(fives).as("new tokens").isPositive();
        assertThat(twos).as("tokens bob knows as innocent").isPositive();

        assertThat(grouped.snapshot(DAVE)).as("dave already rated it spam: skipped, nothing written").isEqualTo(dave);
        assertThat(grouped.snapshot(CAROL)).as("carol is in no group").isEqualTo(carol);
        assertThat(grouped.snapshot(ALICE)).as("alice's own training, with and without the group")
            .isEqualTo(control.snapshot(ALICE));
        assertThat(control.snapshot(BOB)).as("without the group bob is untouched").isEqualTo(bob);
    }

    @Test
    void aCorpusTrainingOfTheMessageIsNoReport() throws IOException {
        Scenario grouped = new Scenario(directory, GROUP);
        grouped.prepare();
        Snapshot bob = grouped.snapshot(BOB);

        grouped.report(TrainingSource.CORPUS);

        assertThat(grouped.snapshot(BOB)).isEqualTo(bob);
        assertThat(grouped.store.totals(ALICE).spamCorpusfed()).isEqualTo(102);
    }

    /** One engine and store: everyone trained past TOE's warm-up, dave also on the reported message. */
    private static final class Scenario {
        final InMemoryDspamStore store = new InMemoryDspamStore();
        final EmbeddedDspam engine;

        Scenario(Path directory, String groupFile) throws IOException {
            EngineSettings settings = EngineSettings.defaults().toBuilder().trainingMode(TrainingMode.TOE).build();
            if (groupFile != null) {
                Files.createDirectories(directory);
                Path file = Files.writeString(directory.resolve("group"), groupFile + "\n", StandardCharsets.ISO_8859_1);
                settings = settings.withGroupConfig(file);
            }
            this.engine = EmbeddedDspam.create(settings, store);
        }

        void prepare() {
            for (DspamUser user : List.of(ALICE, BOB, CAROL, DAVE)) {
                for (int i = 0; i < 101; i++) {
                    train(user, TrainingClass.SPAM, Messages.spam(i));
                    train(user, TrainingClass.INNOCENT, Messages.ham(i));
                }
            }
            for (int i = 0; i < 10; i++) {
                train(DAVE, TrainingClass.SPAM, REPORTED);
            }
            // The preconditions, checked once here; under TOE these --classify calls write the From*
            // token themselves (§6.3), so every snapshot is taken after them.
            assertThat(classify(BOB, REPORTED)).as("bob before the report").isEqualTo(Verdict.INNOCENT);
            assertThat(classify(DAVE, REPORTED)).as("dave before the report").isEqualTo(Verdict.SPAM);
        }

        /** Alice reports the message as spam with the whole message (no signature). */
        void report(TrainingSource source) {
            assertThat(engine.execute(DspamRequest.train(List.of(ALICE), TrainingClass.SPAM, source, REPORTED))
                .outcomes().get(0).isClassified()).isTrue();
        }

        private void train(DspamUser user, TrainingClass trainingClass, byte[] message) {
            engine.execute(DspamRequest.train(List.of(user), trainingClass, TrainingSource.CORPUS, message));
        }

        Verdict classify(DspamUser user, byte[] message) {
            return engine.execute(DspamRequest.classify(List.of(user), message)).resultFor(user).orElseThrow().verdict();
        }

        /** The ids of the tokens the reported message is trained with. */
        List<Long> tokensOfReport() {
            return new MessageTokenizer(EngineSettings.defaults().tokenizerSettings(List.of()))
                .tokenize(REPORTED, true).diction().entries().stream().map(e -> e.id()).collect(Collectors.toList());
        }

        Snapshot snapshot(DspamUser user) {
            Map<Long, List<Long>> rows = new HashMap<>();
            store.forEachToken(user, (id, s) -> rows.put(id, List.of(s.spamHits(), s.innocentHits())));
            return new Snapshot(store.totals(user), rows);
        }
    }

    /** A user's totals and every stored token row; equal snapshots mean nothing was written. */
    private static final class Snapshot {
        final DspamTotals totals;
        final Map<Long, List<Long>> rows;

        Snapshot(DspamTotals totals, Map<Long, List<Long>> rows) {
            this.totals = totals;
            this.rows = rows;
        }

        /** A token's spam and innocent hits, 0 and 0 when it has no row. */
        List<Long> row(long id) {
            return rows.getOrDefault(id, List.of(0L, 0L));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Snapshot && totals.equals(((Snapshot) other).totals)
                && rows.equals(((Snapshot) other).rows);
        }

        @Override
        public int hashCode() {
            return totals.hashCode() * 31 + rows.hashCode();
        }

        @Override
        public String toString() {
            return totals + " and " + rows.size() + " token rows";
        }
    }
}

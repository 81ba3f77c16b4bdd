package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

class StoreCopyTest {
    private static final DspamUser ALICE = DspamUser.of("alice@example.org");
    private static final DspamUser BOB = DspamUser.of("bob");
    private static final Instant FIRST_DAY = Instant.parse("2026-11-02T10:00:00Z");
    private static final Instant SECOND_DAY = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant AFTER = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path directory;

    /**
     * What a node's store holds after some use: corpus training on one day, mail processed on a
     * later one (signatures, rows hit again), preferences of a user and stored defaults. Returns
     * the signatures of the processed mail.
     */
    static List<Signature> use(DspamStore store, DspamUser user, int offset) {
        List<CorpusMessage> train = Corpus.load().trainSet();
        EmbeddedDspam first = EmbeddedDspam.create(EngineSettings.defaults(), store, Clock.fixed(FIRST_DAY, ZoneOffset.UTC));
        for (CorpusMessage message : train.subList(offset, offset + 30)) {
            outcome(first.execute(DspamRequest.train(List.of(user), message.isSpam() ? TrainingClass.SPAM
                : TrainingClass.INNOCENT, TrainingSource.CORPUS, message.bytes())), user);
        }
        EmbeddedDspam second = EmbeddedDspam.create(EngineSettings.defaults(), store, Clock.fixed(SECOND_DAY, ZoneOffset.UTC));
        List<Signature> signatures = new ArrayList<>();
        for (CorpusMessage message : Corpus.load().testSet().subList(offset, offset + 6)) {
            DspamResult result = outcome(second.execute(DspamRequest.process(List.of(user), message.bytes())), user);
            signatures.add(result.signature().orElseThrow());
        }
        return signatures;
    }

    private static DspamResult outcome(DspamResponse response, DspamUser user) {
        UserOutcome outcome = response.outcomeFor(user).orElseThrow();
        assertThat(outcome.result()).as(outcome.reason().orElse("")).isPresent();
        return outcome.result().get();
    }

    @Test
    void aCopyHoldsEverythingOfEveryUserAndRetrainsTheirSignaturesAsTheOriginal() {
        try (JournalDspamStore source = JournalDspamStore.open(directory.resolve("node"));
             JournalDspamStore target = JournalDspamStore.open(directory.resolve("copy"))) {
            List<Signature> signatures = use(source, ALICE, 0);
            use(source, BOB, 40);
            source.storePreference(ALICE, "trainingMode", "toe");
            source.storeDefaultPreference("enableBNR", "off");
            StoreCopy copy = new StoreCopy(source, target);

            assertThat(copy.copyDefaultPreferences(false)).isEqualTo(1);
            StoreCopy.Copied alice = copy.copy(ALICE, false);
            StoreCopy.Copied bob = copy.copy(BOB, false);

            StoreContents original = StoreContents.of(source, ALICE);
            assertThat(original.distinctDays()).isEqualTo(2);
            assertThat(original.signatureCount()).isEqualTo(6);
            assertThat(StoreContents.of(target, ALICE)).isEqualTo(original);
            assertThat(StoreContents.of(target, BOB)).isEqualTo(StoreContents.of(source, BOB));
            assertThat(target.defaultPreferences()).isEqualTo(source.defaultPreferences());
            assertThat(alice.tokens()).isEqualTo(original.rowCount());
            assertThat(alice.signatures()).isEqualTo(6);
            assertThat(alice.preferences()).isEqualTo(1);
            assertThat(alice.replaced()).isFalse();
            assertThat(bob.preferences()).isZero();

            // A message tagged before the copy is corrected after it, on either store alike
            for (DspamStore store : List.of(source, target)) {
                EmbeddedDspam later = EmbeddedDspam.create(EngineSettings.defaults(), store, Clock.fixed(AFTER, ZoneOffset.UTC));
                outcome(later.execute(DspamRequest.retrain(List.of(ALICE), TrainingClass.SPAM, signatures.get(0))), ALICE);
            }
            assertThat(StoreContents.of(target, ALICE)).isEqualTo(StoreContents.of(source, ALICE));
        }
    }

    @Test
    void aUserAlreadyInTheTargetIsRefusedUntouchedAndReplacedOnRequest() {
        InMemoryDspamStore source = new InMemoryDspamStore();
        InMemoryDspamStore target = new InMemoryDspamStore();
        use(source, ALICE, 0);
        use(target, ALICE, 50);
        target.storePreference(ALICE, "enableWhitelist", "off");
        StoreContents before = StoreContents.of(target, ALICE);
        StoreCopy copy = new StoreCopy(source, target);

        assertThat(copy.presentInTarget(ALICE)).get().asString().contains("token rows");
        assertThat(copy.presentInTarget(BOB)).isEmpty();
        assertThatThrownBy(() -> copy.copy(ALICE, false)).isInstanceOf(StoreCopy.AlreadyInTargetException.class)
            .hasMessageContaining("alice@example.org").hasMessageContaining("replace");
        assertThat(StoreContents.of(target, ALICE)).isEqualTo(before);

        StoreCopy.Copied replaced = copy.copy(ALICE, true);

        assertThat(replaced.replaced()).isTrue();
        assertThat(StoreContents.of(target, ALICE)).isEqualTo(StoreContents.of(source, ALICE));
    }

    @Test
    void aTargetUserWithOnlyPreferencesOrOnlySignaturesIsPresentToo() {
        InMemoryDspamStore source = new InMemoryDspamStore();
        InMemoryDspamStore target = new InMemoryDspamStore();
        target.storePreference(ALICE, "enableWhitelist", "off");
        target.apply(BOB, new MessageUpdate(DspamTotals.EMPTY, DspamTotals.EMPTY,
            List.of(), Optional.of(new StoredSignature("1,abc", new byte[16], LocalDate.of(2026, 11, 1))),
            LocalDate.of(2026, 11, 1)));
        StoreCopy copy = new StoreCopy(source, target);

        assertThat(copy.presentInTarget(ALICE)).contains("preferences");
        assertThat(copy.presentInTarget(BOB)).contains("1 signatures");
    }

    @Test
    void otherStoredDefaultsInTheTargetAreAConflictUnlessReplaced() {
        InMemoryDspamStore source = new InMemoryDspamStore();
        InMemoryDspamStore target = new InMemoryDspamStore();
        source.storeDefaultPreference("trainingMode", "toe");
        target.storeDefaultPreference("enableBNR", "off");
        StoreCopy copy = new StoreCopy(source, target);

        assertThat(copy.defaultPreferencesConflict()).get().asString().contains("enableBNR=off");
        assertThatThrownBy(() -> copy.copyDefaultPreferences(false)).isInstanceOf(StoreCopy.AlreadyInTargetException.class);
        assertThat(target.defaultPreferences().asMap()).containsOnlyKeys("enableBNR");

        assertThat(copy.copyDefaultPreferences(true)).isEqualTo(1);
        assertThat(target.defaultPreferences()).isEqualTo(source.defaultPreferences());
    }
}

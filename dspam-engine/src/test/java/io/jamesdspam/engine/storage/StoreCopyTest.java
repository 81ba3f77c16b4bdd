package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

            assertThat(copy.copyDefaultPreferences(StoreCopy.Existing.REFUSE)).isEqualTo(1);
            StoreCopy.Copied alice = copy.copy(ALICE, StoreCopy.Existing.REFUSE);
            StoreCopy.Copied bob = copy.copy(BOB, StoreCopy.Existing.REFUSE);

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
        assertThatThrownBy(() -> copy.copy(ALICE, StoreCopy.Existing.REFUSE)).isInstanceOf(StoreCopy.AlreadyInTargetException.class)
            .hasMessageContaining("alice@example.org").hasMessageContaining("replace");
        assertThat(StoreContents.of(target, ALICE)).isEqualTo(before);

        StoreCopy.Copied replaced = copy.copy(ALICE, StoreCopy.Existing.REPLACE);

        assertThat(replaced.replaced()).isTrue();
        assertThat(StoreContents.of(target, ALICE)).isEqualTo(StoreContents.of(source, ALICE));
    }

    @Test
    void aMergeAddsEachRowAndTheTotalsToTheTargetsKeepsTheLaterDayAndBothSidesSignatures() {
        Instant latest = Instant.parse("2026-12-03T10:00:00Z");
        try (JournalDspamStore source = JournalDspamStore.open(directory.resolve("node-a"));
             JournalDspamStore target = JournalDspamStore.open(directory.resolve("node-b"))) {
            // Two nodes that each saw part of Alice's mail, on days that differ at the end
            List<Signature> fromA = use(source, ALICE, 0);
            use(target, ALICE, 50);
            List<CorpusMessage> more = Corpus.load().testSet();
            outcome(EmbeddedDspam.create(EngineSettings.defaults(), target, Clock.fixed(AFTER, ZoneOffset.UTC))
                .execute(DspamRequest.process(List.of(ALICE), more.get(20).bytes())), ALICE);
            outcome(EmbeddedDspam.create(EngineSettings.defaults(), source, Clock.fixed(latest, ZoneOffset.UTC))
                .execute(DspamRequest.process(List.of(ALICE), more.get(21).bytes())), ALICE);
            source.storePreference(ALICE, "trainingMode", "toe");
            source.storePreference(ALICE, "enableBNR", "off");
            target.storePreference(ALICE, "trainingMode", "teft");
            Map<Long, TokenStatistics> a = rows(source, ALICE);
            Map<Long, TokenStatistics> b = rows(target, ALICE);
            DspamTotals totalsA = source.totals(ALICE);
            DspamTotals totalsB = target.totals(ALICE);
            StoreContents sideA = StoreContents.of(source, ALICE);
            StoreContents sideB = StoreContents.of(target, ALICE);

            StoreCopy.Copied merged = new StoreCopy(source, target).copy(ALICE, StoreCopy.Existing.MERGE);

            assertThat(merged.merged()).isTrue();
            assertThat(merged.replaced()).isFalse();
            Map<Long, TokenStatistics> result = rows(target, ALICE);
            Set<Long> union = new HashSet<>(a.keySet());
            union.addAll(b.keySet());
            assertThat(result.keySet()).isEqualTo(union);
            long shared = a.keySet().stream().filter(b::containsKey).count();
            assertThat(shared).as("tokens both nodes hold").isGreaterThan(1000);
            long laterOnA = 0;
            for (long id : union) {
                TokenStatistics x = a.get(id);
                TokenStatistics y = b.get(id);
                TokenStatistics row = result.get(id);
                assertThat(row.spamHits()).as("spam hits of %s", id)
                    .isEqualTo((x == null ? 0 : x.spamHits()) + (y == null ? 0 : y.spamHits()));
                assertThat(row.innocentHits()).as("innocent hits of %s", id)
                    .isEqualTo((x == null ? 0 : x.innocentHits()) + (y == null ? 0 : y.innocentHits()));
                LocalDate later = x == null ? y.lastHit() : y == null ? x.lastHit()
                    : x.lastHit().isAfter(y.lastHit()) ? x.lastHit() : y.lastHit();
                assertThat(row.lastHit()).as("last hit of %s", id).isEqualTo(later);
                if (x != null && y != null && x.lastHit().isAfter(y.lastHit())) {
                    laterOnA++;
                }
            }
            assertThat(laterOnA).as("shared tokens whose later day is the source's").isPositive();
            assertThat(target.totals(ALICE)).isEqualTo(totalsA.plus(totalsB));
            assertThat(StoreContents.of(target, ALICE).signatureCount())
                .isEqualTo(sideA.signatureCount() + sideB.signatureCount());
            assertThat(merged.signatures()).isEqualTo(sideA.signatureCount());
            assertThat(target.preferences(ALICE).asMap())
                .containsEntry("trainingMode", "teft").containsEntry("enableBNR", "off");
            assertThat(merged.preferences()).isEqualTo(1);

            // Mail node A tagged is corrected by its signature in the merged store
            EmbeddedDspam later = EmbeddedDspam.create(EngineSettings.defaults(), target, Clock.fixed(latest, ZoneOffset.UTC));
            outcome(later.execute(DspamRequest.retrain(List.of(ALICE), TrainingClass.SPAM, fromA.get(0))), ALICE);
        }
    }

    @Test
    void aMergeIntoATargetWithoutTheUserIsACopy() {
        InMemoryDspamStore source = new InMemoryDspamStore();
        InMemoryDspamStore target = new InMemoryDspamStore();
        use(source, ALICE, 0);
        source.storePreference(ALICE, "trainingMode", "toe");

        StoreCopy.Copied copied = new StoreCopy(source, target).copy(ALICE, StoreCopy.Existing.MERGE);

        assertThat(copied.merged()).isFalse();
        assertThat(StoreContents.of(target, ALICE)).isEqualTo(StoreContents.of(source, ALICE));
    }

    @Test
    void mergedDefaultsKeepTheTargetsValuesAndAddTheOthers() {
        InMemoryDspamStore source = new InMemoryDspamStore();
        InMemoryDspamStore target = new InMemoryDspamStore();
        source.storeDefaultPreference("trainingMode", "toe");
        source.storeDefaultPreference("enableBNR", "on");
        target.storeDefaultPreference("enableBNR", "off");

        assertThat(new StoreCopy(source, target).copyDefaultPreferences(StoreCopy.Existing.MERGE)).isEqualTo(1);

        assertThat(target.defaultPreferences().asMap()).containsOnly(Map.entry("trainingMode", "toe"),
            Map.entry("enableBNR", "off"));
    }

    private static Map<Long, TokenStatistics> rows(DspamStore store, DspamUser user) {
        Map<Long, TokenStatistics> rows = new HashMap<>();
        store.forEachToken(user, rows::put);
        return rows;
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
        assertThatThrownBy(() -> copy.copyDefaultPreferences(StoreCopy.Existing.REFUSE)).isInstanceOf(StoreCopy.AlreadyInTargetException.class);
        assertThat(target.defaultPreferences().asMap()).containsOnlyKeys("enableBNR");

        assertThat(copy.copyDefaultPreferences(StoreCopy.Existing.REPLACE)).isEqualTo(1);
        assertThat(target.defaultPreferences()).isEqualTo(source.defaultPreferences());
    }
}

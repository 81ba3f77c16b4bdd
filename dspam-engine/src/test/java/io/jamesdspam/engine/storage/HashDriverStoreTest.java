package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.preference.Preferences;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

class HashDriverStoreTest {
    private static final LocalDate IMPORTED_ON = LocalDate.of(2026, 12, 5);
    private static final DspamUser ALICE = DspamUser.of("alice");
    private static final DspamTotals TOTALS = new DspamTotals(120, 340, 3, 1, 10, 20, 5, 7);

    @TempDir
    Path home;

    private static Map<Long, long[]> hits(long... idSpamInnocent) {
        Map<Long, long[]> hits = new LinkedHashMap<>();
        for (int i = 0; i < idSpamInnocent.length; i += 3) {
            hits.put(idSpamInnocent[i], new long[] {idSpamInnocent[i + 1], idSpamInnocent[i + 2]});
        }
        return hits;
    }

    @Test
    void readsTheTotalsOfTheFirstExtentAndTheTokensOfEveryExtent() {
        // seven slots per extent and ids colliding on slot 3: DSPAM's probing (wrapping) fills the
        // first extent, then places the rest in a second one
        Map<Long, long[]> hits = new LinkedHashMap<>();
        for (long n = 0; n < 12; n++) {
            hits.put(3 + 7 * n, new long[] {n, 100 - n});
        }
        hits.put(-5L, new long[] {1, 2}); // an id above Long.MAX_VALUE, as CRC64 ids often are
        Path file = HashDriverHome.writeUser(home, "alice", TOTALS, hits, 7);

        HashDriverFile read = HashDriverFile.read(file);

        assertThat(read.extents()).isEqualTo(2);
        assertThat(read.totals()).isEqualTo(TOTALS);
        assertThat(read.hits()).hasSize(13);
        hits.forEach((id, expected) -> assertThat(read.hits().get(id)).as("token %d", id).containsExactly(expected));
    }

    @Test
    void countersAboveDspamsCapAreCappedAndNegativeTotalsReadAsZero() {
        HashDriverHome.writeUser(home, "alice", new DspamTotals(-1, 4, 0, 0, 0, 0, 0, 0),
            hits(42, 0x1FFFFFFFL, -1, 43, 7, 8), 11);

        HashDriverStore store = HashDriverStore.open(home, IMPORTED_ON);

        assertThat(store.totals(ALICE)).isEqualTo(new DspamTotals(0, 4, 0, 0, 0, 0, 0, 0));
        assertThat(store.tokens(ALICE, List.of(42L, 43L, 44L))).containsOnly(
            Map.entry(42L, new TokenStatistics(TokenUpdate.MAX_HITS, TokenUpdate.MAX_HITS, IMPORTED_ON)),
            Map.entry(43L, new TokenStatistics(7, 8, IMPORTED_ON)));
    }

    @Test
    void aFileOfAnotherLayoutIsRefusedNamingWhereItStopsMakingSense() throws IOException {
        Path file = HashDriverHome.writeUser(home, "alice", TOTALS, hits(1, 1, 1), 5);
        byte[] whole = Files.readAllBytes(file);

        Files.write(file, Arrays.copyOf(whole, whole.length - 1));
        assertThatThrownBy(() -> HashDriverFile.read(file)).isInstanceOf(DspamStoreException.class)
            .hasMessageContaining(file.toString()).hasMessageContaining("at byte 0").hasMessageContaining("claims 5 records");

        // a 32-bit DSPAM's header: 4-byte hash_rec_max and totals, read here as one 8-byte count
        whole[4] = 1;
        Files.write(file, whole);
        assertThatThrownBy(() -> HashDriverFile.read(file)).isInstanceOf(DspamStoreException.class)
            .hasMessageContaining("64-bit little-endian");

        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> HashDriverFile.read(file)).isInstanceOf(DspamStoreException.class)
            .hasMessageContaining("shorter (3 bytes) than one extent header");
    }

    @Test
    void usersAreTheCssFilesOfTheDataTreeWithTheirPreferencesAndTheSystemDefaults() throws IOException {
        HashDriverHome.writeUser(home, "alice", TOTALS, hits(1, 2, 3), 11);
        Path bob = home.resolve("data/b/o/bob@example.org/bob@example.org.css"); // large-scale layout
        HashDriverHome.write(bob, DspamTotals.EMPTY, hits(4, 5, 6), 11);
        Files.writeString(home.resolve("data/alice/alice.prefs"), "trainingMode=TOE\nenableBNR=on\n");
        Files.writeString(home.resolve("default.prefs"), "spamAction=tag\n");
        Files.writeString(home.resolve("data/alice/alice.lock"), "");
        Files.writeString(home.resolve("data/stray.css"), "not a user's: not in a directory of its name");

        HashDriverStore store = HashDriverStore.open(home, IMPORTED_ON);

        assertThat(store.users()).containsExactly(ALICE, DspamUser.of("bob@example.org"));
        assertThat(store.preferences(ALICE).asMap()).containsOnly(Map.entry("trainingMode", "TOE"), Map.entry("enableBNR", "on"));
        assertThat(store.preferences(DspamUser.of("bob@example.org"))).isEqualTo(Preferences.NONE);
        assertThat(store.defaultPreferences().asMap()).containsOnly(Map.entry("spamAction", "tag"));
        assertThat(store.tokens(DspamUser.of("bob@example.org"), List.of(4L, 1L)))
            .containsOnly(Map.entry(4L, new TokenStatistics(5, 6, IMPORTED_ON)));
        assertThat(store.tokenCount(ALICE)).isEqualTo(1);
        assertThat(store.totals(DspamUser.of("carol"))).isEqualTo(DspamTotals.EMPTY);
        assertThat(store.signature(ALICE, "anything")).isEmpty();
    }

    @Test
    void nothingIsEverWrittenIntoDspamsFiles() throws IOException {
        Path file = HashDriverHome.writeUser(home, "alice", TOTALS, hits(1, 2, 3), 11);
        byte[] before = Files.readAllBytes(file);
        HashDriverStore store = HashDriverStore.open(home, IMPORTED_ON);

        for (Runnable write : List.<Runnable>of(
            () -> store.purgeTokens(ALICE, (id, statistics) -> true),
            () -> store.purgeSignatures(ALICE, IMPORTED_ON),
            () -> store.storePreference(ALICE, "trainingMode", "TEFT"),
            () -> store.storeDefaultPreference("trainingMode", "TEFT"))) {
            assertThatThrownBy(write::run).isInstanceOf(DspamStoreException.class).hasMessageContaining("read only");
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (Stream<Path> files = Files.list(home.resolve("data/alice"))) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aHomeWithoutDataAndAFileNamedForNoValidUserAreRefusedClearly() throws IOException {
        assertThatThrownBy(() -> HashDriverStore.open(home, IMPORTED_ON)).isInstanceOf(DspamStoreException.class)
            .hasMessageContaining("No hash driver data at " + home.resolve("data"));

        HashDriverHome.write(home.resolve("data/-x/-x.css"), TOTALS, hits(1, 1, 1), 3);
        assertThatThrownBy(() -> HashDriverStore.open(home, IMPORTED_ON)).isInstanceOf(DspamStoreException.class)
            .hasMessageContaining("-x.css").hasMessageContaining("move the file aside");
    }

    @Test
    void copiedIntoAJournalStoreEveryCounterAndTotalIsKept(@TempDir Path journal) {
        Map<Long, long[]> hits = new LinkedHashMap<>();
        for (long n = 1; n <= 500; n++) {
            hits.put(n * 0x9E3779B97F4A7C15L, new long[] {n % 7 + 1, n % 11});
        }
        HashDriverHome.writeUser(home, "alice", TOTALS, hits, 97);
        HashDriverStore source = HashDriverStore.open(home, IMPORTED_ON);

        try (JournalDspamStore target = JournalDspamStore.open(journal)) {
            new StoreCopy(source, target).copyAll(source.users(), StoreCopy.Existing.REFUSE, copied -> { });

            assertThat(target.totals(ALICE)).isEqualTo(TOTALS);
            assertThat(StoreContents.of(target, ALICE)).isEqualTo(StoreContents.of(source, ALICE));
            assertThat(StoreContents.of(target, ALICE).rowCount()).isEqualTo(500);
        }
    }
}

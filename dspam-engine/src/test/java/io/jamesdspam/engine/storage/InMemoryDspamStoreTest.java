package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

class InMemoryDspamStoreTest {
    private static final DspamUser ALICE = DspamUser.of("alice");
    private static final DspamUser BOB = DspamUser.of("bob");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);

    private final InMemoryDspamStore store = new InMemoryDspamStore();

    @Test
    void unknownUserHasEmptyTotalsAndNoTokens() {
        assertThat(store.totals(ALICE)).isEqualTo(DspamTotals.EMPTY);
        assertThat(store.tokens(ALICE, List.of(1L, 2L))).isEmpty();
        assertThat(store.users()).isEmpty();
    }

    @Test
    void applyWritesTotalsTokensAndSignatureForThatUserOnly() {
        DspamTotals totals = new DspamTotals(1, 0, 0, 0, 1, 0, 0, 0);
        store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, totals,
            List.of(new TokenUpdate(-5L, false, 0, 0, 1, 0), new TokenUpdate(7L, false, 0, 0, 1, 0)),
            Optional.of(new StoredSignature("abc123", new byte[] {1, 2}, DAY)), DAY));

        assertThat(store.totals(ALICE)).isEqualTo(totals);
        assertThat(store.tokens(ALICE, List.of(-5L, 7L, 8L)))
            .containsOnlyKeys(-5L, 7L)
            .containsEntry(-5L, new TokenStatistics(1, 0, DAY));
        assertThat(store.signature(ALICE, "abc123")).map(StoredSignature::data).contains(new byte[] {1, 2});
        assertThat(store.totals(BOB)).isEqualTo(DspamTotals.EMPTY);
        assertThat(store.signature(BOB, "abc123")).isEmpty();
        assertThat(store.users()).containsExactly(ALICE);
    }

    @Test
    void tableGrowsAndKeepsEveryRow() {
        List<TokenUpdate> updates = new ArrayList<>();
        for (long id = 0; id < 50_000; id++) {
            updates.add(new TokenUpdate(id * 0x1000_0000_0001L, false, 0, 0, id % 3, id % 5));
        }
        store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, DspamTotals.EMPTY, updates, Optional.empty(), DAY));

        Map<Long, TokenStatistics> dumped = new HashMap<>();
        store.forEachToken(ALICE, dumped::put);
        assertThat(dumped).hasSize(50_000);
        assertThat(dumped.get(49_999L * 0x1000_0000_0001L)).isEqualTo(new TokenStatistics(49_999 % 3, 49_999 % 5, DAY));
        assertThat(store.tokenCount(ALICE)).isEqualTo(50_000);
    }

    @Test
    void purgesRemoveOnlySelectedRowsAndOldSignatures() {
        store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, DspamTotals.EMPTY,
            List.of(new TokenUpdate(1L, false, 0, 0, 1, 0), new TokenUpdate(2L, false, 0, 0, 4, 4)),
            Optional.of(new StoredSignature("old", new byte[0], DAY.minusDays(20))), DAY));
        store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, DspamTotals.EMPTY, List.of(),
            Optional.of(new StoredSignature("new", new byte[0], DAY)), DAY));

        assertThat(store.purgeTokens(ALICE, (id, s) -> s.spamHits() + 2 * s.innocentHits() < 5)).isEqualTo(1);
        assertThat(store.tokens(ALICE, List.of(1L, 2L))).containsOnlyKeys(2L);
        assertThat(store.purgeSignatures(ALICE, DAY.minusDays(14))).isEqualTo(1);
        assertThat(store.hasSignature(ALICE, "old")).isFalse();
        assertThat(store.hasSignature(ALICE, "new")).isTrue();
    }
}

package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * {@link DspamStore#load}, the engine's batched read, answers position by position exactly what
 * {@link DspamStore#tokens} answers id by id: for the in-memory and the journal store (which
 * override it) and for a store that only has {@code tokens} (the interface's default, which SQL
 * stores will use).
 */
class TokenRowsLoadTest {
    private static final DspamUser ALICE = DspamUser.of("alice");
    private static final DspamUser BOB = DspamUser.of("bob");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);

    @TempDir
    static Path directory;

    static Stream<Arguments> stores() throws IOException {
        InMemoryDspamStore memory = new InMemoryDspamStore();
        return Stream.of(
            Arguments.of("memory", memory),
            Arguments.of("journal", JournalDspamStore.open(directory.resolve("journal-" + System.nanoTime()))),
            Arguments.of("default through tokens()", new TokensOnly(new InMemoryDspamStore())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void loadAnswersEveryPositionAsTokensDoes(String kind, DspamStore store) {
        Random random = new Random(7);
        List<TokenUpdate> rows = new ArrayList<>();
        List<Long> stored = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            long id = random.nextLong();
            stored.add(id);
            rows.add(new TokenUpdate(id, false, 0, 0, random.nextInt(1000), random.nextInt(1000)));
        }
        rows.add(new TokenUpdate(0L, false, 0, 0, 3, 4));
        rows.add(new TokenUpdate(-1L, false, 0, 0, 0x0FFFFFFF, 0));
        store.apply(ALICE, new MessageUpdate(DspamTotals.EMPTY, DspamTotals.EMPTY, rows, Optional.empty(), DAY));

        long[] asked = new long[3000];
        for (int i = 0; i < asked.length; i++) {
            // stored ids, unknown ids, id 0, the largest unsigned id, and repeats
            asked[i] = i % 5 == 0 ? random.nextLong() : i % 7 == 0 ? 0L : i == 1 ? -1L : stored.get(random.nextInt(stored.size()));
        }
        List<Long> boxed = new ArrayList<>();
        for (long id : asked) {
            boxed.add(id);
        }
        Map<Long, TokenStatistics> expected = store.tokens(ALICE, boxed);

        TokenRows loaded = store.load(ALICE, asked);

        assertThat(loaded.size()).isEqualTo(asked.length);
        for (int i = 0; i < asked.length; i++) {
            TokenStatistics row = expected.get(asked[i]);
            assertThat(loaded.found(i)).as("position %d", i).isEqualTo(row != null);
            assertThat(loaded.spamHits(i)).as("position %d", i).isEqualTo(row == null ? 0 : row.spamHits());
            assertThat(loaded.innocentHits(i)).as("position %d", i).isEqualTo(row == null ? 0 : row.innocentHits());
        }
        assertThat(loaded.spamHits(1)).isEqualTo(0x0FFFFFFF);
        assertThat(store.load(BOB, asked).found(0)).isFalse();
        store.close();
    }

    /** A store that answers only the per-id read, as a SQL store may. */
    private static final class TokensOnly extends ForwardingDspamStore {
        TokensOnly(InMemoryDspamStore delegate) {
            super(delegate);
        }
    }
}

package io.jamesdspam.benchmarks.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.benchmarks.DictionaryCopy;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.engine.storage.TokenUpdate;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.TestServices;

/**
 * The users benchmark's PostgreSQL store on the machine's real server: a generated user gets its
 * base's rows with their counters (not the 0/1 of DSPAM's insert of a new token) and the scaled
 * totals, and is cleared again.
 */
class PostgresBenchmarkStoreTest {
    private static final DspamUser BASE = DspamUser.of("base");
    private static final DspamUser USER = DspamUser.of("user00001@example.org");

    @Test
    void aGeneratedUserHasItsBasesRowsWithTheirCountersAndIsClearedAgain(@TempDir Path directory) throws Exception {
        TestServices.Endpoint postgres = TestServices.requireReachable(TestServices.postgres());
        PostgresBenchmarkStore kind = new PostgresBenchmarkStore(
            "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/", "bench_users_test");
        InMemoryDspamStore bases = new InMemoryDspamStore();
        DspamTotals baseTotals = new DspamTotals(40, 60, 1, 2, 0, 0, 0, 0);
        bases.apply(BASE, new MessageUpdate(DspamTotals.EMPTY, baseTotals, List.of(
            new TokenUpdate(11, false, 0, 0, 3, 5), new TokenUpdate(-22, false, 0, 0, 0, 2),
            new TokenUpdate(Long.MIN_VALUE + 3, false, 0, 0, 70_000, 1)), Optional.empty(), LocalDate.now()));

        kind.createEmpty(directory);
        try (DspamStore store = kind.open(directory, kind.writerOptions())) {
            kind.write(store, USER, DictionaryCopy.Sample.of(bases, BASE, 1.0, 1));
            kind.generated(directory);

            Map<Long, TokenStatistics> rows = store.tokens(USER, List.of(11L, -22L, Long.MIN_VALUE + 3, 99L));
            assertThat(rows).containsOnlyKeys(11L, -22L, Long.MIN_VALUE + 3);
            assertThat(rows.get(11L).spamHits()).isEqualTo(3);
            assertThat(rows.get(11L).innocentHits()).isEqualTo(5);
            assertThat(rows.get(-22L).innocentHits()).isEqualTo(2);
            assertThat(rows.get(Long.MIN_VALUE + 3).spamHits()).isEqualTo(70_000);
            assertThat(store.totals(USER)).isEqualTo(baseTotals);
            assertThat(kind.diskBytes(directory)).isPositive();

            kind.clear(store, USER);
            assertThat(store.tokens(USER, List.of(11L, -22L))).isEmpty();
        } finally {
            kind.createEmpty(directory);
        }
    }
}

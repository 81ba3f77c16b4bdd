package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.jamesdspam.model.DspamTotals;

class SharedTokenCacheTest {
    private static final long USER = 7;
    private static final long X = 101;
    private static final long Y = 202;
    private static final long[] IDS = {X, Y};
    private static final DspamTotals V1 = new DspamTotals(1, 0, 0, 0, 1, 0, 0, 0);
    private static final DspamTotals V2 = new DspamTotals(2, 0, 0, 0, 2, 0, 0, 0);
    private static final DspamTotals ELSEWHERE = new DspamTotals(1, 1, 0, 0, 1, 1, 0, 0);
    private final AtomicLong now = new AtomicLong();
    private final SharedTokenCache cache = new SharedTokenCache(1L << 20, 1_000, now::get);

    /** X 3/1, Y without a row. */
    private static TokenRows stored() {
        TokenRows rows = new TokenRows(2);
        rows.set(0, 3, 1);
        return rows;
    }

    /** A corpus spam message: X existed, Y is new; the control token moved +1/0. */
    private static MessageUpdate spamFrom(DspamTotals loaded, DspamTotals after) {
        return new MessageUpdate(loaded, after, List.of(new TokenUpdate(X, true, 3, 1, 4, 1),
            new TokenUpdate(Y, false, 0, 0, 1, 0)), Optional.empty(), LocalDate.of(2026, 12, 3))
            .withControlDelta(ControlDelta.of(1, 0));
    }

    private void fill(DspamTotals totals, TokenRows rows) {
        SharedTokenCache.Read read = cache.read(USER, IDS);
        assertThat(read.missingIds()).containsExactly(X, Y);
        assertThat(read.complete(totals, rows)).isPresent();
    }

    private static String describe(TokenRows rows) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            out.append(rows.found(i) ? rows.spamHits(i) + "/" + rows.innocentHits(i) : "-").append(' ');
        }
        return out.toString().trim();
    }

    @Test
    void aCopyAnswersOnlyForTheTotalsItWasMadeWith() {
        fill(V1, stored());

        SharedTokenCache.Read same = cache.read(USER, IDS);
        assertThat(same.missingIds()).isEmpty();
        assertThat(same.complete(V1, new TokenRows(0)).map(SharedTokenCacheTest::describe)).contains("3/1 -");

        SharedTokenCache.Read changed = cache.read(USER, IDS);
        assertThat(changed.complete(ELSEWHERE, new TokenRows(0))).isEmpty();
        TokenRows reread = new TokenRows(2);
        reread.set(0, 3, 2);
        reread.set(1, 0, 1);
        changed.replace(ELSEWHERE, reread);

        // After another writer, the next message reads every row in its one round trip, then trusts the copy again
        SharedTokenCache.Read distrusted = cache.read(USER, IDS);
        assertThat(distrusted.missingIds()).containsExactly(X, Y);
        assertThat(distrusted.complete(ELSEWHERE, reread)).isPresent();
        SharedTokenCache.Read trusted = cache.read(USER, IDS);
        assertThat(trusted.missingIds()).isEmpty();
        assertThat(trusted.complete(ELSEWHERE, new TokenRows(0)).map(SharedTokenCacheTest::describe)).contains("3/2 0/1");
    }

    @Test
    void aMessagesSecondReadIsAnsweredByACopyValidForTheTotalsItsFirstReadSaw() {
        fill(V1, stored());
        // Both ids known (Y has no row): no database read for the same message's patterns
        assertThat(cache.readAsOf(USER, IDS, V1).map(SharedTokenCacheTest::describe)).contains("3/1 -");
        // An id the partial copy never saw, other totals, a copy aged out: ask the database
        assertThat(cache.readAsOf(USER, new long[] {X, 999}, V1)).isEmpty();
        assertThat(cache.readAsOf(USER, IDS, ELSEWHERE)).isEmpty();
        assertThat(cache.readAsOf(8, IDS, V1)).isEmpty();
        now.addAndGet(1_001);
        assertThat(cache.readAsOf(USER, IDS, V1)).isEmpty();

        // A whole copy knows that ids it lacks have no row
        SharedTokenCache.WholeDictionary whole = activeCopysNextRead(cache).wholeDictionary();
        whole.add(X, 3, 1);
        assertThat(whole.complete(V1)).isPresent();
        assertThat(cache.readAsOf(USER, new long[] {X, 999}, V1).map(SharedTokenCacheTest::describe)).contains("3/1 -");
        // Once another writer was seen, the copy answers nothing until a read trusts it again
        assertThat(cache.read(USER, IDS).complete(ELSEWHERE, new TokenRows(0))).isEmpty();
        assertThat(cache.readAsOf(USER, IDS, ELSEWHERE)).isEmpty();
    }

    @Test
    void aWriteNobodyCameBetweenIsFollowedAsTheDatabaseAppliesIt() {
        fill(V1, stored());
        cache.writing(USER);
        cache.written(USER, spamFrom(V1, V2), V2);

        SharedTokenCache.Read read = cache.read(USER, IDS);
        assertThat(read.missingIds()).isEmpty();
        // X existed: +1/0 (the control token's change); Y was inserted with 1/0
        assertThat(read.complete(V2, new TokenRows(0)).map(SharedTokenCacheTest::describe)).contains("4/1 1/0");
    }

    @Test
    void aWriteLoadedBeforeAnotherWriteOfThisNodeLandsOnTheCopysTotals() {
        fill(V1, stored());
        cache.writing(USER);
        cache.writing(USER);
        cache.written(USER, spamFrom(V1, V2), V2);
        // Loaded at V1 too, committed second: an innocent corpus message on X (Δ 0/1)
        DspamTotals innocentAfterV1 = new DspamTotals(1, 1, 0, 0, 1, 1, 0, 0);
        cache.written(USER, new MessageUpdate(V1, innocentAfterV1, List.of(new TokenUpdate(X, true, 3, 1, 3, 2)),
            Optional.empty(), LocalDate.of(2026, 12, 3)).withControlDelta(ControlDelta.of(0, 1)),
            new DspamTotals(2, 1, 0, 0, 2, 1, 0, 0));

        SharedTokenCache.Read read = cache.read(USER, IDS);
        assertThat(read.missingIds()).isEmpty();
        assertThat(read.complete(new DspamTotals(2, 1, 0, 0, 2, 1, 0, 0), new TokenRows(0))
            .map(SharedTokenCacheTest::describe)).contains("4/2 1/0");
    }

    @Test
    void aReadOvertakenByAWriteOfThisNodeIsAnsweredByTheCopyWithoutReadingAgain() {
        fill(V1, stored());
        SharedTokenCache.Read overtaken = cache.read(USER, new long[] {X, Y, 303});
        cache.writing(USER);
        cache.written(USER, spamFrom(V1, V2), V2);

        assertThat(overtaken.complete(V2, new TokenRows(1)).map(SharedTokenCacheTest::describe)).contains("4/1 1/0 -");
    }

    @Test
    void aWriteWithAnotherWriterBetweenDropsTheCopy() {
        fill(V1, stored());
        cache.writing(USER);
        cache.written(USER, spamFrom(V1, V2), new DspamTotals(2, 1, 0, 0, 2, 1, 0, 0));

        assertThat(cache.read(USER, IDS).missingIds()).containsExactly(X, Y);
        assertThat(cache.userCount()).isZero();
    }

    @Test
    void rowsReadWhileAWriteOfTheUserIsUnderWayAreNotKept() {
        fill(V1, stored());
        SharedTokenCache.Read during = cache.read(USER, new long[] {X, Y, 303});
        cache.writing(USER);
        // The database already shows the write's rows, not yet its totals
        TokenRows afterTheWrite = new TokenRows(1);
        afterTheWrite.set(0, 1, 0);
        assertThat(during.missingIds()).containsExactly(303L);
        assertThat(during.complete(V1, afterTheWrite)).isPresent();
        cache.written(USER, new MessageUpdate(V1, V2, List.of(new TokenUpdate(303, false, 0, 0, 1, 0)), Optional.empty(),
            LocalDate.of(2026, 12, 3)).withControlDelta(ControlDelta.of(1, 0)), V2);

        // Had 303's 1/0 been kept, the write would have been added to it a second time (2/0)
        SharedTokenCache.Read next = cache.read(USER, new long[] {303});
        assertThat(next.missingIds()).containsExactly(303L);
    }

    @Test
    void aReadBegunBeforeAWriteKeepsNothingEvenWhenItEndsAfterIt() {
        SharedTokenCache.Read first = cache.read(USER, IDS);
        cache.writing(USER);
        cache.written(USER, spamFrom(V1, V2), V2);
        assertThat(first.complete(V1, stored())).isPresent();

        assertThat(cache.userCount()).isZero();
    }

    @Test
    void aCopyOlderThanItsAgeIsReadAgain() {
        fill(V1, stored());
        now.addAndGet(1_000);
        assertThat(cache.read(USER, IDS).missingIds()).isEmpty();
        now.addAndGet(1);
        assertThat(cache.read(USER, IDS).missingIds()).containsExactly(X, Y);
    }

    @Test
    void aPurgeDropsTheCopy() {
        fill(V1, stored());
        cache.writing(USER);
        cache.abandoned(USER);
        assertThat(cache.read(USER, IDS).missingIds()).containsExactly(X, Y);
    }

    @Test
    void countersBeyondWhatTheTableHoldsAreAlwaysAskedOfTheDatabase() {
        TokenRows huge = new TokenRows(2);
        huge.set(0, SharedTokenCache.LARGEST_COUNTER + 1, 0);
        huge.set(1, SharedTokenCache.LARGEST_COUNTER, 5);
        fill(V1, huge);

        SharedTokenCache.Read read = cache.read(USER, IDS);
        assertThat(read.missingIds()).containsExactly(X);
    }

    @Test
    void theControlTokenIsNeverAskedNorKept() {
        SharedTokenCache.Read read = cache.read(USER, new long[] {ControlDelta.CONTROL_TOKEN_ID, X});
        assertThat(read.missingIds()).containsExactly(ControlDelta.CONTROL_TOKEN_ID, X);
        TokenRows rows = new TokenRows(2);
        rows.set(1, 3, 1);
        read.complete(V1, rows);

        SharedTokenCache.Read again = cache.read(USER, new long[] {ControlDelta.CONTROL_TOKEN_ID, X});
        assertThat(again.missingIds()).isEmpty();
        assertThat(again.complete(V1, new TokenRows(0)).map(SharedTokenCacheTest::describe)).contains("- 3/1");
    }

    /**
     * Makes {@code cache}'s copy of the user from a message's rows (X 3/1, Y none) and lets it serve
     * messages until the next read is the one that may read the whole dictionary.
     */
    private static SharedTokenCache.Read activeCopysNextRead(SharedTokenCache cache) {
        SharedTokenCache.Read first = cache.read(USER, IDS);
        assertThat(first.wantsWholeDictionary()).as("a user the node has no copy of").isFalse();
        assertThat(first.complete(V1, stored())).isPresent();
        for (int served = 1; served < SharedTokenCache.READS_BEFORE_WHOLE; served++) {
            SharedTokenCache.Read read = cache.read(USER, IDS);
            assertThat(read.wantsWholeDictionary()).as("message %d of the copy", served).isFalse();
            assertThat(read.complete(V1, new TokenRows(0))).isPresent();
        }
        return cache.read(USER, IDS);
    }

    @Test
    void onlyACopyThatServedSeveralMessagesIsReadWhole() {
        SharedTokenCache.Read eighth = activeCopysNextRead(cache);
        assertThat(eighth.wantsWholeDictionary()).isTrue();
        assertThat(eighth.missingIds()).isEmpty();

        // A user mailed less often than its copy ages never pays for a whole read
        now.addAndGet(1_001);
        for (int message = 0; message < 3 * SharedTokenCache.READS_BEFORE_WHOLE; message++) {
            SharedTokenCache.Read read = cache.read(USER, IDS);
            assertThat(read.wantsWholeDictionary()).isFalse();
            assertThat(read.complete(V1, stored())).isPresent();
            now.addAndGet(1_001);
        }
    }

    @Test
    void aWholeDictionaryAnswersForIdsWithoutARowTooAndFollowsWritesOfNewRows() {
        SharedTokenCache.WholeDictionary whole = activeCopysNextRead(cache).wholeDictionary();
        assertThat(whole.add(X, 3, 1)).isTrue();
        assertThat(whole.add(404, 0, 2)).isTrue();
        assertThat(whole.complete(V1).map(SharedTokenCacheTest::describe)).contains("3/1 -");

        SharedTokenCache.Read next = cache.read(USER, new long[] {X, Y, 404, 999});
        assertThat(next.missingIds()).isEmpty();
        assertThat(next.wantsWholeDictionary()).isFalse();
        assertThat(next.complete(V1, new TokenRows(0)).map(SharedTokenCacheTest::describe)).contains("3/1 - 0/2 -");

        cache.writing(USER);
        cache.written(USER, spamFrom(V1, V2), V2);
        SharedTokenCache.Read afterWrite = cache.read(USER, new long[] {X, Y, 999});
        assertThat(afterWrite.missingIds()).isEmpty();
        assertThat(afterWrite.complete(V2, new TokenRows(0)).map(SharedTokenCacheTest::describe)).contains("4/1 1/0 -");
    }

    @Test
    void theWholeDictionaryAnswersForTheMessageNotThePartialCopyItReplaces() {
        // The partial copy still believes X 3/1; the dictionary no longer has X (purged elsewhere, no totals changed)
        SharedTokenCache.WholeDictionary whole = activeCopysNextRead(cache).wholeDictionary();
        assertThat(whole.add(Y, 0, 1)).isTrue();
        assertThat(whole.complete(V1).map(SharedTokenCacheTest::describe)).contains("- 0/1");
        assertThat(cache.read(USER, IDS).complete(V1, new TokenRows(0)).map(SharedTokenCacheTest::describe))
            .contains("- 0/1");
    }

    @Test
    void aWholeDictionaryIsReadAtMostOncePerCopyAge() {
        // A whole read that was not done (the database failed) is not tried again within the copy age
        assertThat(activeCopysNextRead(cache).wantsWholeDictionary()).isTrue();
        assertThat(cache.read(USER, IDS).wantsWholeDictionary()).isFalse();
        now.addAndGet(1_001);
        assertThat(activeCopysNextRead(cache).wantsWholeDictionary()).isTrue();
    }

    @Test
    void theNextWholeReadOfAUserStartsWithATableForTheRowsTheLastOneHad() {
        SharedTokenCache large = new SharedTokenCache(1L << 30, 1_000, now::get);
        SharedTokenCache.WholeDictionary first = activeCopysNextRead(large).wholeDictionary();
        assertThat(first.capacity()).isEqualTo(new TokenTable().capacity());
        for (long id = 1; id <= 20_000; id++) {
            assertThat(first.add(id * 7919, 1, 0)).isTrue();
        }
        assertThat(first.complete(V1)).isPresent();

        // The copy ages out; the partial copy that follows serves its messages; the dictionary is read whole again
        now.addAndGet(1_001);
        SharedTokenCache.WholeDictionary second = activeCopysNextRead(large).wholeDictionary();

        assertThat(second.capacity()).isEqualTo(new TokenTable(20_000).capacity());
        for (long id = 1; id <= 20_000; id++) {
            assertThat(second.add(id * 7919, 2, 0)).isTrue();
        }
        assertThat(second.capacity()).as("no grow for the same rows").isEqualTo(new TokenTable(20_000).capacity());
        assertThat(second.complete(V1)).isPresent();
    }

    @Test
    void aDictionaryTooLargeForTheBudgetIsGivenUpAndNotReadWholeAgain() {
        // Room for the copies of two users; a quarter of it for rows read whole
        long budget = 2 * TokenTable.countersOnly(0).heapBytes();
        long fit = budget / 4 / SharedTokenCache.BYTES_PER_ROW;
        SharedTokenCache small = new SharedTokenCache(budget, 1_000, now::get);
        SharedTokenCache.Read eighth = activeCopysNextRead(small);
        SharedTokenCache.WholeDictionary whole = eighth.wholeDictionary();
        assertThat(whole.rowLimit()).isEqualTo(fit + 1);
        for (long id = 1; id <= fit; id++) {
            assertThat(whole.add(1000 + id, 1, 0)).isTrue();
        }
        assertThat(whole.add(X, 3, 1)).isFalse();
        assertThat(whole.complete(V1)).isEmpty();
        // The read stands as it was: the partial copy answered it
        assertThat(eighth.complete(V1, new TokenRows(0)).map(SharedTokenCacheTest::describe)).contains("3/1 -");
        assertThat(small.userCount()).isEqualTo(1);

        now.addAndGet(5_000);
        assertThat(activeCopysNextRead(small).wantsWholeDictionary()).isFalse();
    }

    @Test
    void aLargeBudgetReadsDictionariesWholeUpToAMillionRows() {
        // A quarter of 1 GB would hold seven million rows: the row limit bounds the delay of the read
        SharedTokenCache large = new SharedTokenCache(1L << 30, 1_000, now::get);
        assertThat(activeCopysNextRead(large).wholeDictionary().rowLimit()).isEqualTo(1_000_001);
        // So does the default budget's quarter (more than a million rows of counters)
        SharedTokenCache defaults = new SharedTokenCache(128L << 20, 1_000, now::get);
        assertThat(activeCopysNextRead(defaults).wholeDictionary().rowLimit()).isEqualTo(1_000_001);
        assertThat((128L << 20) / 4 / SharedTokenCache.BYTES_PER_ROW).isGreaterThan(1_000_000);
        // A budget whose quarter holds fewer decides
        SharedTokenCache smaller = new SharedTokenCache(64L << 20, 1_000, now::get);
        assertThat(activeCopysNextRead(smaller).wholeDictionary().rowLimit())
            .isEqualTo((64L << 20) / 4 / SharedTokenCache.BYTES_PER_ROW + 1)
            .isGreaterThan(500_000);
    }

    @Test
    void aWholeDictionaryReadDuringAWriteOfTheUserIsNotKept() {
        SharedTokenCache.WholeDictionary whole = activeCopysNextRead(cache).wholeDictionary();
        whole.add(X, 3, 1);
        cache.writing(USER);
        assertThat(whole.complete(V1)).isPresent();
        cache.written(USER, spamFrom(V1, V2), V2);

        // The partial copy followed the write; the rows read whole were not kept (Y unknown again)
        assertThat(cache.read(USER, new long[] {X, 999}).missingIds()).containsExactly(999L);
    }

    @Test
    void usersBeyondTheBudgetGoLeastRecentlyUsedFirst() {
        long oneUser = TokenTable.countersOnly(0).heapBytes();
        SharedTokenCache small = new SharedTokenCache(2 * oneUser, Long.MAX_VALUE, now::get);
        for (long user = 1; user <= 2; user++) {
            small.read(user, IDS).complete(V1, stored());
        }
        small.read(1, IDS);
        small.read(3, IDS).complete(V1, stored());

        assertThat(small.userCount()).isEqualTo(2);
        assertThat(small.usedBytes()).isEqualTo(2 * oneUser);
        assertThat(small.read(1, IDS).missingIds()).isEmpty();
        assertThat(small.read(2, IDS).missingIds()).containsExactly(X, Y);
    }
}

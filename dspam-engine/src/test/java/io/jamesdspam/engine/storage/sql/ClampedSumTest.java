package io.jamesdspam.engine.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.storage.ControlDelta;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.TokenUpdate;
import io.jamesdspam.model.DspamTotals;

/** Several of DSPAM's relative updates folded into one leave what they leave one after the other. */
class ClampedSumTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 5);
    private static final long TOKEN = 4242;

    @Test
    void foldedUpdatesLeaveWhatTheStepsLeave() {
        Random random = new Random(20261205);
        for (int round = 0; round < 10_000; round++) {
            ClampedSum folded = ClampedSum.NONE;
            List<Long> deltas = new ArrayList<>();
            int steps = 1 + random.nextInt(12);
            for (int i = 0; i < steps; i++) {
                long delta = random.nextInt(7) - 3;
                deltas.add(delta);
                folded = folded.then(delta);
            }
            // Counters as DSPAM reads them and as a damaged row might hold them
            for (long start = -3; start <= 12; start++) {
                long stepped = start;
                for (long delta : deltas) {
                    stepped = Math.max(stepped + delta, 0);
                }
                assertThat(folded.appliedTo(start)).as("%s from %d by %s", folded, start, deltas).isEqualTo(stepped);
            }
        }
    }

    @Test
    void oneUpdateIsDspamsOwn() {
        ClampedSum one = ClampedSum.NONE.then(-1);
        assertThat(one.add()).isEqualTo(-1);
        assertThat(one.floor()).isZero();
        assertThat(one.appliedTo(0)).isZero();
        assertThat(one.appliedTo(5)).isEqualTo(4);
    }

    @Test
    void noUpdateChangesNothingAndHasNoFloorToWrite() {
        assertThat(ClampedSum.NONE.appliedTo(-7)).isEqualTo(-7);
        assertThatThrownBy(ClampedSum.NONE::floor).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRowInsertedByTheFirstMessageCarriesTheLaterChanges() {
        MessageUpdate inserting = spam(new TokenUpdate(TOKEN, false, 0, 0, 1, 0), ControlDelta.of(1, 0));
        MessageUpdate unlearning = spam(new TokenUpdate(TOKEN, true, 1, 0, 0, 0), ControlDelta.of(-1, 0));
        MessageUpdate learning = spam(new TokenUpdate(TOKEN, true, 0, 0, 1, 1), ControlDelta.of(1, 1));

        RowChange change = RowChange.NONE.then(inserting, inserting.tokens().get(0))
            .then(unlearning, unlearning.tokens().get(0))
            .then(learning, learning.tokens().get(0));

        // Absent when written: inserted 1/0, then −1 → 0/0, then +1/+1 → 1/1
        assertThat(change.inserts()).isTrue();
        assertThat(change.insertedSpamHits()).isEqualTo(1);
        assertThat(change.insertedInnocentHits()).isEqualTo(1);
        // Another writer inserted it meanwhile, with 5/0: 6/0, 5/0, 6/1
        assertThat(change.update().spam.appliedTo(5)).isEqualTo(6);
        assertThat(change.update().innocent.appliedTo(0)).isEqualTo(1);
    }

    @Test
    void aRowNobodyInsertsStaysAbsent() {
        MessageUpdate updating = spam(new TokenUpdate(TOKEN, true, 3, 0, 4, 0), ControlDelta.of(1, 0));
        RowChange change = RowChange.NONE.then(updating, updating.tokens().get(0));
        assertThat(change.inserts()).isFalse();
        assertThat(change.update().spam.appliedTo(3)).isEqualTo(4);
    }

    private static MessageUpdate spam(TokenUpdate token, ControlDelta delta) {
        return new MessageUpdate(DspamTotals.EMPTY, new DspamTotals(1, 0, 0, 0, 0, 0, 0, 0), List.of(token),
            Optional.empty(), TODAY).withControlDelta(delta);
    }
}

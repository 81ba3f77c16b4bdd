package io.jamesdspam.mailet.training;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;

/**
 * Copies what one training ledger holds into another: a node's file ledger into the tables of the
 * database several nodes share, when the node moves to SQL storage. Without it, the periodic
 * training would train again every message it trained before the move (its entries are how it
 * knows), and the statistics would forget the corrections moved back.
 *
 * <p>It merges rather than overwrites, so that running it twice writes nothing the second time:
 * an entry the target holds already is kept, a user's last periodic run becomes the later of the
 * two, and a user's undone corrections are raised to the source's counts. {@link #merge} is for
 * another node's ledger added to the target's (its DSPAM totals are added too): the undone
 * corrections are then added, as the misclassifications they are subtracted from were.
 */
public final class LedgerCopy {
    private LedgerCopy() {
    }

    /** What a copy wrote. */
    public static final class Copied {
        private long entries;
        private long periodicRuns;
        private long undone;

        /** Trained messages recorded in the target (entries it had already are not counted). */
        public long entries() {
            return entries;
        }

        /** Users whose last periodic run was moved forward in the target. */
        public long periodicRuns() {
            return periodicRuns;
        }

        /** Undone corrections added to the target. */
        public long undone() {
            return undone;
        }
    }

    /** Copies the entries of the users {@code users} accepts from {@code source} into {@code target}. */
    public static Copied copy(TrainingLedger source, TrainingLedger target, Predicate<DspamUser> users) {
        return copy(source, target, users, false);
    }

    /** As {@link #copy}, with the undone corrections added to the target's rather than raised to the source's. */
    public static Copied merge(TrainingLedger source, TrainingLedger target, Predicate<DspamUser> users) {
        return copy(source, target, users, true);
    }

    private static Copied copy(TrainingLedger source, TrainingLedger target, Predicate<DspamUser> users, boolean addUndone) {
        Copied copied = new Copied();
        source.forEach(new TrainingLedger.Visitor() {
            @Override
            public void trained(DspamUser user, String messageKey, TrainingRecord record) {
                if (users.test(user) && target.recordIfAbsent(user, messageKey, record)) {
                    copied.entries++;
                }
            }

            @Override
            public void periodicRun(DspamUser user, Instant startedAt) {
                if (!users.test(user)) {
                    return;
                }
                Optional<Instant> there = target.lastPeriodicRun(user);
                if (there.isEmpty() || there.get().isBefore(startedAt)) {
                    target.periodicRunCompleted(user, startedAt);
                    copied.periodicRuns++;
                }
            }

            @Override
            public void undone(DspamUser user, UndoneCorrections corrections) {
                if (!users.test(user)) {
                    return;
                }
                UndoneCorrections there = addUndone ? UndoneCorrections.NONE : target.undoneCorrections(user);
                for (long count = there.spam(); count < corrections.spam(); count++) {
                    target.correctionUndone(user, TrainingClass.SPAM);
                    copied.undone++;
                }
                for (long count = there.innocent(); count < corrections.innocent(); count++) {
                    target.correctionUndone(user, TrainingClass.INNOCENT);
                    copied.undone++;
                }
            }
        });
        return copied;
    }

    /**
     * Moves what {@code ledger} holds of {@code from} to {@code to}, as the dictionary moved when
     * James renamed the user: each trained message is recorded for {@code to} (an entry
     * {@code to} has already is kept), the last periodic run becomes the later of the two, and
     * the undone corrections are added to {@code to}'s, as the misclassifications were. Then
     * everything of {@code from} is forgotten, so that a user given the old name later starts
     * afresh. Read first ({@code from}'s part only), then written: nothing is written while the
     * ledger is being read. Its {@link Copied#entries} are {@code from}'s trained messages, now
     * {@code to}'s, counted also where {@code to} had the entry already: a move that failed
     * before forgetting {@code from} and is made again still reports what it moved.
     */
    public static Copied moveUser(TrainingLedger ledger, DspamUser from, DspamUser to) {
        InMemoryTrainingLedger moved = new InMemoryTrainingLedger();
        long[] entries = {0};
        ledger.forEachOf(from, new TrainingLedger.Visitor() {
            @Override
            public void trained(DspamUser user, String messageKey, TrainingRecord record) {
                moved.record(to, messageKey, record);
                entries[0]++;
            }

            @Override
            public void periodicRun(DspamUser user, Instant startedAt) {
                moved.periodicRunCompleted(to, startedAt);
            }

            @Override
            public void undone(DspamUser user, UndoneCorrections corrections) {
                for (long count = 0; count < corrections.spam(); count++) {
                    moved.correctionUndone(to, TrainingClass.SPAM);
                }
                for (long count = 0; count < corrections.innocent(); count++) {
                    moved.correctionUndone(to, TrainingClass.INNOCENT);
                }
            }
        });
        Copied copied = merge(moved, ledger, to::equals);
        ledger.forgetUser(from);
        copied.entries = entries[0];
        return copied;
    }
}

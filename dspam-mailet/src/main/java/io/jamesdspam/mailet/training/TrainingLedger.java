package io.jamesdspam.mailet.training;

import java.time.Instant;
import java.util.Optional;

import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;

/**
 * Remembers, per DSPAM user and message, what the listener and the training tasks trained, and
 * when each user's mailboxes were last trained periodically.
 *
 * <p>Why a store of the project's own rather than James mailbox annotations: annotations belong to
 * a mailbox, not to a message, and James caps them (10 per mailbox, 1 KiB each by default), so
 * they cannot hold one entry per trained message. Message keywords would travel with the
 * message but any IMAP client can clear them, which would let a message be trained twice.
 */
public interface TrainingLedger {

    Optional<TrainingRecord> find(DspamUser user, String messageKey);

    /** Records {@code record}, replacing an earlier entry of the message. */
    void record(DspamUser user, String messageKey, TrainingRecord record);

    /**
     * Records {@code record} unless the message has an entry: the claim that lets exactly one of
     * several callers (threads, James nodes sharing the ledger) train a message.
     *
     * @return whether this call recorded it
     */
    boolean recordIfAbsent(DspamUser user, String messageKey, TrainingRecord record);

    /** @return whether there was an entry (of several callers forgetting it, one sees true) */
    boolean forget(DspamUser user, String messageKey);

    Optional<Instant> lastPeriodicRun(DspamUser user);

    void periodicRunCompleted(DspamUser user, Instant startedAt);

    /**
     * Forgets the messages trained before {@code cutoff}: the purge task calls it with the age of
     * the signatures it purges, since an older entry may name a signature DSPAM no longer has.
     *
     * @return how many entries were forgotten
     */
    int pruneTrainedBefore(Instant cutoff);

    /** An error correction of {@code correctedClass} was moved back (see {@link UndoneCorrections}). */
    void correctionUndone(DspamUser user, TrainingClass correctedClass);

    /** The user's corrections that were moved back; kept when entries are pruned. */
    UndoneCorrections undoneCorrections(DspamUser user);

    /**
     * Visits everything the ledger holds, in no particular order: what a copy into another ledger
     * takes (a node's file ledger into the database several nodes share, see {@link LedgerCopy}).
     */
    void forEach(Visitor visitor);

    /**
     * Visits what the ledger holds of {@code user} only: what a move of the user to another name
     * takes along. This default visits everything and passes on the user's.
     */
    default void forEachOf(DspamUser user, Visitor visitor) {
        forEach(new Visitor() {
            @Override
            public void trained(DspamUser trainedFor, String messageKey, TrainingRecord record) {
                if (trainedFor.equals(user)) {
                    visitor.trained(trainedFor, messageKey, record);
                }
            }

            @Override
            public void periodicRun(DspamUser ranFor, Instant startedAt) {
                if (ranFor.equals(user)) {
                    visitor.periodicRun(ranFor, startedAt);
                }
            }

            @Override
            public void undone(DspamUser undoneFor, UndoneCorrections corrections) {
                if (undoneFor.equals(user)) {
                    visitor.undone(undoneFor, corrections);
                }
            }
        });
    }

    /**
     * Forgets everything of {@code user}: its trained messages, its last periodic run and its
     * undone corrections, once a move gave them to another name. A user given the name later
     * then starts as a new one: its periodic training from the beginning, its statistics without
     * the corrections of the user that had the name before.
     */
    void forgetUser(DspamUser user);

    /** Receives a ledger's contents. */
    interface Visitor {
        void trained(DspamUser user, String messageKey, TrainingRecord record);

        void periodicRun(DspamUser user, Instant startedAt);

        void undone(DspamUser user, UndoneCorrections corrections);
    }
}

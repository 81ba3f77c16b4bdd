package io.jamesdspam.mailet.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamUserRenaming;
import io.jamesdspam.mailet.training.LedgerCopy;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamUser;

/**
 * Moves what DSPAM learned for a user to the user's new name, with the training ledger, after
 * James renamed the user ({@code POST /users/OLD/rename/NEW?action=rename} moves mailboxes,
 * forwards, delegations and filters). DSPAM's data is the plugin's, and James 3.8.1 gives an
 * extension no way to join its rename: its steps are a Guice set bound inside the server's
 * overridden modules, and an extension module that adds to it stops James ("Set bound multiple
 * times"). Without the move the new name starts with an empty dictionary (unready, its spam only
 * tagged) and the old one is orphaned.
 */
public final class DspamUserMove {
    private static final Logger LOGGER = LoggerFactory.getLogger(DspamUserMove.class);

    /** What one move wrote under the new name. */
    public static final class Moved {
        private final DspamUserRenaming.MoveReport store;
        private final LedgerCopy.Copied ledger;

        Moved(DspamUserRenaming.MoveReport store, LedgerCopy.Copied ledger) {
            this.store = store;
            this.ledger = ledger;
        }

        public long tokens() {
            return store.tokens();
        }

        public long signatures() {
            return store.signatures();
        }

        public boolean merged() {
            return store.merged();
        }

        /** The old name's trained messages in the ledger, now the new name's. */
        public long ledgerEntries() {
            return ledger.entries();
        }

        /** Whether the old name held anything, in the store or the ledger. */
        public boolean found() {
            return store.found() || ledger.entries() > 0 || ledger.periodicRuns() > 0 || ledger.undone() > 0;
        }
    }

    private final DspamBackend backend;
    private final DspamUserMapping userMapping;
    private final TrainingLedger ledger;

    public DspamUserMove(DspamBackend backend, DspamUserMapping userMapping, TrainingLedger ledger) {
        this.backend = backend;
        this.userMapping = userMapping;
        this.ledger = ledger;
    }

    /**
     * Merges {@code from} into {@code to} in the store (counters added when {@code to} had mail
     * already) and moves the ledger's entries.
     *
     * @throws UserChangeRefused the mapping shares dictionaries between users, both are one DSPAM user, or
     *     the backend cannot move users; nothing was written
     * @throws io.jamesdspam.api.DspamException the store failed (see
     *     {@link DspamUserRenaming#moveUser}); the ledger was not touched
     */
    public Moved move(DspamUser from, DspamUser to) {
        refuseSharedOrSame(from, to);
        if (!(backend instanceof DspamUserRenaming)) {
            throw new UserChangeRefused("The DSPAM backend '" + backend.name() + "' cannot move users: rename the user in DSPAM's own"
                + " database (dspam_virtual_uids) on the dspamd host, then move the plugin's training ledger alone"
                + " (ledgerOnly=true)", true);
        }
        DspamUserRenaming.MoveReport store = ((DspamUserRenaming) backend).moveUser(from, to);
        LedgerCopy.Copied entries = LedgerCopy.moveUser(ledger, from, to);
        LOGGER.info("Moved DSPAM user {} to {}: {} token rows, {} signatures{}, {} ledger entries", from.asString(),
            to.asString(), store.tokens(), store.signatures(), store.merged() ? " (added to what it held)" : "",
            entries.entries());
        return new Moved(store, entries);
    }

    /**
     * Moves the training ledger's entries of {@code from} to {@code to} and nothing else, for a
     * backend whose dictionaries live elsewhere (a dspamd: its operator renames the user in DSPAM's
     * database, which DLMTP cannot do). Without it the ledger stays under the old name, and the
     * periodic training would learn the messages James moved into the new name's mailboxes a
     * second time, into the dictionary that already learned them.
     *
     * @throws UserChangeRefused as {@link #move}, and for a backend that moves users itself, whose dictionary
     *     and ledger must move together
     */
    public Moved moveLedger(DspamUser from, DspamUser to) {
        refuseSharedOrSame(from, to);
        if (backend instanceof DspamUserRenaming) {
            throw new UserChangeRefused("The DSPAM backend '" + backend.name() + "' moves the dictionary and the training ledger"
                + " together: leave out ledgerOnly", false);
        }
        LedgerCopy.Copied entries = LedgerCopy.moveUser(ledger, from, to);
        LOGGER.info("Moved the training ledger of DSPAM user {} to {}: {} entries (the dictionary is the DSPAM backend's"
            + " '{}')", from.asString(), to.asString(), entries.entries(), backend.name());
        return new Moved(DspamUserRenaming.MoveReport.NOTHING_STORED, entries);
    }

    private void refuseSharedOrSame(DspamUser from, DspamUser to) {
        UserChangeRefused.unlessOwnDictionaries(userMapping);
        if (from.equals(to)) {
            throw new UserChangeRefused("Both names are the DSPAM user " + from.asString(), false);
        }
    }
}

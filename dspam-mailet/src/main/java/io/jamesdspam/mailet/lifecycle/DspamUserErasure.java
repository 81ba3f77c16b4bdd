package io.jamesdspam.mailet.lifecycle;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamUserDeletion;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.mailet.training.TrainingRecord;
import io.jamesdspam.mailet.training.UndoneCorrections;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamUser;

/**
 * Deletes what DSPAM learned for a user, with the training ledger, after James deleted the user
 * (or to give a user a new, empty dictionary). James 3.8.1 deletes a user's account and has no
 * task deleting its data (later versions have one, with a step per feature): without this, the
 * dictionary (token ids derived from the user's mail), the signatures and the ledger's message
 * ids stay for ever.
 */
public final class DspamUserErasure {
    private static final Logger LOGGER = LoggerFactory.getLogger(DspamUserErasure.class);

    /** What one deletion removed. */
    public static final class Erased {
        private final DspamUserDeletion.DeletionReport store;
        private final long ledgerEntries;
        private final boolean ledgerHeld;

        Erased(DspamUserDeletion.DeletionReport store, long ledgerEntries, boolean ledgerHeld) {
            this.store = store;
            this.ledgerEntries = ledgerEntries;
            this.ledgerHeld = ledgerHeld;
        }

        public long tokens() {
            return store.tokens();
        }

        public long signatures() {
            return store.signatures();
        }

        /** The user's trained messages the ledger forgot. */
        public long ledgerEntries() {
            return ledgerEntries;
        }

        /** Whether the user held anything, in the store or the ledger. */
        public boolean found() {
            return store.found() || ledgerHeld;
        }
    }

    private final DspamBackend backend;
    private final DspamUserMapping userMapping;
    private final TrainingLedger ledger;

    public DspamUserErasure(DspamBackend backend, DspamUserMapping userMapping, TrainingLedger ledger) {
        this.backend = backend;
        this.userMapping = userMapping;
        this.ledger = ledger;
    }

    /**
     * Deletes the user's totals, token rows, signatures and preferences in the store, then its
     * ledger entries.
     *
     * @throws UserChangeRefused the mapping shares dictionaries between users, or the backend cannot
     *     delete users; nothing was deleted
     * @throws io.jamesdspam.api.DspamException the store failed (see {@link DspamUserDeletion#deleteUser});
     *     the ledger was not touched
     */
    public Erased erase(DspamUser user) {
        UserChangeRefused.unlessOwnDictionaries(userMapping);
        if (!(backend instanceof DspamUserDeletion)) {
            throw new UserChangeRefused("The DSPAM backend '" + backend.name() + "' cannot delete users: delete the user's"
                + " rows in DSPAM's own database on the dspamd host, then delete the plugin's training ledger of the user"
                + " alone (ledgerOnly=true)", true);
        }
        DspamUserDeletion.DeletionReport store = ((DspamUserDeletion) backend).deleteUser(user);
        Erased erased = forgetLedger(user, store);
        LOGGER.info("Deleted DSPAM user {}: {} token rows, {} signatures, {} ledger entries", user.asString(), store.tokens(),
            store.signatures(), erased.ledgerEntries());
        return erased;
    }

    /**
     * Deletes the user's ledger entries and nothing else, for a backend whose dictionaries live
     * elsewhere (a dspamd, whose operator deletes the user's rows in DSPAM's database).
     *
     * @throws UserChangeRefused as {@link #erase}, and for a backend that deletes users itself,
     *     whose dictionary and ledger go together
     */
    public Erased eraseLedger(DspamUser user) {
        UserChangeRefused.unlessOwnDictionaries(userMapping);
        if (backend instanceof DspamUserDeletion) {
            throw new UserChangeRefused("The DSPAM backend '" + backend.name() + "' deletes the dictionary and the training"
                + " ledger together: leave out ledgerOnly", false);
        }
        Erased erased = forgetLedger(user, DspamUserDeletion.DeletionReport.NOTHING_STORED);
        LOGGER.info("Deleted the training ledger of DSPAM user {}: {} entries (the dictionary is the DSPAM backend's '{}')",
            user.asString(), erased.ledgerEntries(), backend.name());
        return erased;
    }

    /** Counts what the ledger holds of the user (read first), then forgets it. */
    private Erased forgetLedger(DspamUser user, DspamUserDeletion.DeletionReport store) {
        long[] entries = {0};
        boolean[] held = {false};
        ledger.forEachOf(user, new TrainingLedger.Visitor() {
            @Override
            public void trained(DspamUser owner, String messageKey, TrainingRecord record) {
                entries[0]++;
                held[0] = true;
            }

            @Override
            public void periodicRun(DspamUser owner, Instant startedAt) {
                held[0] = true;
            }

            @Override
            public void undone(DspamUser owner, UndoneCorrections corrections) {
                held[0] = true;
            }
        });
        ledger.forgetUser(user);
        return new Erased(store, entries[0], held[0]);
    }
}

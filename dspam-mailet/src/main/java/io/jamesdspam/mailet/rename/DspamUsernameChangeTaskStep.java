package io.jamesdspam.mailet.rename;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsernameChangeTaskStep;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamUserRenaming;
import io.jamesdspam.mailet.training.LedgerCopy;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamUser;

/**
 * DSPAM's step of James's user rename ({@code POST /users/OLD/rename/NEW?action=rename}): what
 * DSPAM learned for the old name follows the user, with the training ledger, so that the renamed
 * user's mail is classified as before and a message tagged before the rename is corrected by its
 * signature after it. Without it the new name starts with an empty dictionary (unready, its spam
 * only tagged) and the old one's learning is orphaned.
 *
 * <p>Nothing moves when the mapping shares dictionaries between users ({@code domain},
 * {@code fixed}), when both names map to one DSPAM user, or when the backend cannot move users
 * (a dspamd: DLMTP has no such command; rename the user in DSPAM's database, see the README).
 * Those cases are logged and the rename goes on. A failure of the store fails this step, James's
 * task says so, and the rename can be resumed from it ({@code fromStep}).
 */
public class DspamUsernameChangeTaskStep implements UsernameChangeTaskStep {
    private static final Logger LOGGER = LoggerFactory.getLogger(DspamUsernameChangeTaskStep.class);
    public static final StepName NAME = new StepName("DspamUsernameChangeTaskStep");
    /** After James's own steps (forwards 0, delegations 1, mailboxes 2, …): a DSPAM failure stops none of them. */
    private static final int PRIORITY = 10;

    private final DspamBackend backend;
    private final DspamUserMapping userMapping;
    private final TrainingLedger ledger;

    @Inject
    public DspamUsernameChangeTaskStep(DspamBackend backend, DspamUserMapping userMapping, TrainingLedger ledger) {
        this.backend = backend;
        this.userMapping = userMapping;
        this.ledger = ledger;
    }

    @Override
    public StepName name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Publisher<Void> changeUsername(Username oldUsername, Username newUsername) {
        return Mono.<Void>fromRunnable(() -> move(oldUsername, newUsername))
            .subscribeOn(Schedulers.boundedElastic());
    }

    private void move(Username oldUsername, Username newUsername) {
        Optional<DspamUser> from = userMapping.userFor(oldUsername);
        Optional<DspamUser> to = userMapping.userFor(newUsername);
        if (!userMapping.givesEachUserItsOwnDictionary()) {
            LOGGER.info("Renaming {} to {}: DSPAM's dictionaries are shared under userMapping={}, nothing moves",
                oldUsername.asString(), newUsername.asString(), userMapping);
            return;
        }
        if (from.isEmpty() || to.isEmpty() || from.equals(to)) {
            LOGGER.info("Renaming {} to {}: DSPAM user {} → {}, nothing moves", oldUsername.asString(), newUsername.asString(),
                from.map(DspamUser::asString).orElse("none"), to.map(DspamUser::asString).orElse("none"));
            return;
        }
        if (!(backend instanceof DspamUserRenaming)) {
            LOGGER.warn("Renaming {} to {}: the DSPAM backend {} cannot move users; what DSPAM learned stays under {} "
                + "and {} starts with an empty dictionary", oldUsername.asString(), newUsername.asString(), backend.name(),
                from.get().asString(), to.get().asString());
            return;
        }
        DspamUserRenaming.MoveReport moved = ((DspamUserRenaming) backend).moveUser(from.get(), to.get());
        LedgerCopy.Copied ledgerEntries = LedgerCopy.moveUser(ledger, from.get(), to.get());
        LOGGER.info("Renaming {} to {}: DSPAM user {} moved to {} ({} token rows, {} signatures{}; {} ledger entries)",
            oldUsername.asString(), newUsername.asString(), from.get().asString(), to.get().asString(), moved.tokens(),
            moved.signatures(), moved.merged() ? ", added to what it held" : "", ledgerEntries.entries());
    }
}

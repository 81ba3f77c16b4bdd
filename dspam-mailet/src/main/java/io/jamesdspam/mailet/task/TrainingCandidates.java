package io.jamesdspam.mailet.task;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.search.MailboxQuery;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.mailbox.StoredMessageKey;
import io.jamesdspam.model.TrainingClass;

/**
 * The messages a periodic run learns from, the seed's maildir script done right: everything in
 * Spam/Junk is spam; a message outside Spam/Junk/Trash/Deleted that the user has read and left
 * there longer than the grace period is innocent. Only messages that arrived in their mailbox
 * (save date, else internal date) after the window's start are considered.
 */
final class TrainingCandidates {

    /** One message to learn and its true class. */
    static final class Candidate {
        final String messageKey;
        final byte[] content;
        final TrainingClass trueClass;

        Candidate(String messageKey, byte[] content, TrainingClass trueClass) {
            this.messageKey = messageKey;
            this.content = content;
            this.trueClass = trueClass;
        }
    }

    private final MailboxManager mailboxManager;
    private final SpecialMailboxes specialMailboxes;

    TrainingCandidates(MailboxManager mailboxManager, SpecialMailboxes specialMailboxes) {
        this.mailboxManager = mailboxManager;
        this.specialMailboxes = specialMailboxes;
    }

    Flux<Candidate> of(Username username, Optional<Instant> windowStart, Instant now, TrainingRunningOptions options,
                       TrainingCounters counters) {
        MailboxSession session = mailboxManager.createSystemSession(username);
        Instant settledBefore = now.minus(options.gracePeriod());
        // Minimal: a mailbox's counters are not needed here, and on James's JPA server counting every mailbox at
        // once on one session's entity manager now and then fails, and the search then leaves that mailbox out
        return mailboxManager.search(MailboxQuery.privateMailboxesBuilder(session).matchesAllMailboxNames().build(),
                MailboxManager.MailboxSearchFetchType.Minimal, session)
            .concatMap(mailbox -> {
                SpecialMailboxes.Kind kind = specialMailboxes.kindOf(mailbox.getPath());
                if (kind == SpecialMailboxes.Kind.TRASH) {
                    return Flux.empty();
                }
                TrainingClass trueClass = kind == SpecialMailboxes.Kind.SPAM ? TrainingClass.SPAM : TrainingClass.INNOCENT;
                // A message that arrived shortly before the window was not settled at the last run:
                // innocent candidates reach back by the grace period (the ledger prevents repeats).
                Optional<Instant> start = trueClass == TrainingClass.SPAM
                    ? windowStart
                    : windowStart.map(instant -> instant.minus(options.gracePeriod()));
                return messages(mailbox, session)
                    .filter(message -> arrivedAfter(message, start))
                    .filter(message -> trueClass == TrainingClass.SPAM || isSettledInnocent(message, settledBefore))
                    .doOnNext(any -> counters.examined())
                    .filter(any -> sampled(options.getSamplingProbability()))
                    .flatMap(message -> Mono.fromCallable(() -> candidate(message, trueClass))
                        .subscribeOn(Schedulers.boundedElastic()), 1);
            })
            .doFinally(any -> mailboxManager.endProcessingRequest(session));
    }

    private Flux<MessageResult> messages(MailboxMetaData mailbox, MailboxSession session) {
        return Mono.from(mailboxManager.getMailboxReactive(mailbox.getId(), session))
            .flatMapMany(manager -> manager.getMessagesReactive(MessageRange.all(), FetchGroup.FULL_CONTENT, session));
    }

    private static boolean arrivedAfter(MessageResult message, Optional<Instant> windowStart) {
        Date arrival = message.getSaveDate().orElse(message.getInternalDate());
        return windowStart.map(start -> !arrival.toInstant().isBefore(start)).orElse(true);
    }

    private static boolean isSettledInnocent(MessageResult message, Instant settledBefore) {
        Date arrival = message.getSaveDate().orElse(message.getInternalDate());
        return message.getFlags().contains(Flags.Flag.SEEN) && !arrival.toInstant().isAfter(settledBefore);
    }

    private static boolean sampled(double probability) {
        return probability >= 1.0 || ThreadLocalRandom.current().nextDouble() < probability;
    }

    private static Candidate candidate(MessageResult message, TrainingClass trueClass) throws Exception {
        byte[] content = readFully(message);
        return new Candidate(StoredMessageKey.of(message.getMessageId(), content), content, trueClass);
    }

    private static byte[] readFully(MessageResult message) throws Exception {
        try (InputStream content = message.getFullContent().getInputStream()) {
            return content.readAllBytes();
        } catch (IOException e) {
            // By mailbox and UID: not every backend's message ids can be written out (JPA's cannot)
            throw new IOException("Cannot read message " + message.getUid().asLong() + " of mailbox "
                + message.getMailboxId().serialize(), e);
        }
    }
}

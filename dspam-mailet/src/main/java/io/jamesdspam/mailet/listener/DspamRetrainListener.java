package io.jamesdspam.mailet.listener;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventDeadLetters;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.events.MessageMoveEvent;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import io.jamesdspam.mailet.backend.DspamCallScheduler;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.configuration.RetrainListenerMode;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.mailbox.StoredMessageKey;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.DspamMessageHeaders;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;

/**
 * Learns from users' corrections: a message moved or copied into the Spam mailbox is spam for
 * the mailbox owner's dictionary; a message moved or copied out of Spam into any mailbox but
 * Trash is innocent. IMAP MOVE, IMAP COPY and JMAP mailbox changes all reach James's event bus
 * as a {@link MessageMoveEvent}; deliveries and APPENDs (also by the server filing into Spam)
 * are only "added" events, which this listener does not handle, so they never count as a
 * correction. Deleting or expunging never trains. On a mailbox backend whose message ids do not
 * name a message (James's JPA server) a move's messages cannot be read by id: there the listener
 * learns from the "added" events that are not deliveries instead, see {@link #handleAdded}.
 *
 * <p>Only the owner's own moves count: a move into or out of a Spam mailbox that another user
 * made through shared rights (IMAP ACL) trains nothing, so that nobody trains another user's
 * dictionary. A user James lets act as the owner (delegation) is the owner to James's events.
 *
 * <p>The user's move never waits for DSPAM: the listener returns at once and learns in the
 * background. James 3.8.1's in-VM event bus waits for an "asynchronous" group listener to finish,
 * retries included, so leaving the retries to it would hold an IMAP MOVE for as long as DSPAM is
 * down. The background work therefore applies James's own retry policy
 * ({@link RetryBackoffConfiguration}: back-off with jitter) and, when the retries are exhausted,
 * stores the event as a dead letter of this listener's group — redeliverable through WebAdmin
 * {@code /events/deadLetter} once DSPAM is back.
 *
 * <p>With {@code listener.mode=inline} ({@link RetrainListenerMode#INLINE}, for James's
 * distributed server) the work is the event handling itself: the event completes when the
 * training and its ledger entry are done, a failure fails it (James's bus retries it and keeps it
 * as a dead letter), and a redelivered event trains nothing twice: the ledger has the message, or,
 * when the node died between DSPAM's learning and the ledger's entry, DSPAM knows the correction by
 * the event's name ({@link CorrectionTrainer#correct(DspamUser, String, byte[], TrainingClass, Optional)}).
 *
 * <p>Either way, DSPAM is called on the plugin's own threads ({@link DspamCallScheduler}), never
 * on Reactor's shared ones, where a slow DSPAM would hold up James's IMAP commands and event
 * publications.
 */
public class DspamRetrainListener implements EventListener.ReactiveGroupEventListener {

    /** The listener's group: one delivery per event across the cluster. */
    public static class DspamRetrainListenerGroup extends Group {
    }

    private static final Logger LOGGER = LoggerFactory.getLogger(DspamRetrainListener.class);
    private static final Group GROUP = new DspamRetrainListenerGroup();
    private static final int ONE_MESSAGE_PER_ID = 1;
    private static final int ONE_MESSAGE_READ_AHEAD = 1;

    /** One correction: the Spam mailbox's owner and what the moved messages truly are. */
    private static final class Correction {
        final Username owner;
        final TrainingClass trueClass;

        Correction(Username owner, TrainingClass trueClass) {
            this.owner = owner;
            this.trueClass = trueClass;
        }
    }

    /** A message to learn from: its ledger key and its content as stored. */
    private static final class StoredMessage {
        final String key;
        final byte[] content;

        StoredMessage(String key, byte[] content) {
            this.key = key;
            this.content = content;
        }
    }

    private final MailboxManager mailboxManager;
    private final MailboxSessionMapperFactory mapperFactory;
    private final DspamUserMapping userMapping;
    private final CorrectionTrainer trainer;
    private final SpecialMailboxes specialMailboxes;
    private final RetryBackoffConfiguration retryBackoff;
    private final EventDeadLetters deadLetters;
    private final RetrainListenerMode mode;
    /** Whether the mailbox backend's message ids name a message in every mailbox (not on James's JPA server). */
    private final boolean messageIdsNameMessages;

    @Inject
    public DspamRetrainListener(MailboxManager mailboxManager, MailboxSessionMapperFactory mapperFactory,
                                DspamUserMapping userMapping, CorrectionTrainer trainer,
                                RetryBackoffConfiguration retryBackoff, EventDeadLetters deadLetters,
                                DspamConfiguration dspamConfiguration, HierarchicalConfiguration<ImmutableNode> configuration) {
        this(mailboxManager, mapperFactory, userMapping, trainer, retryBackoff, deadLetters,
            dspamConfiguration.specialMailboxes(), dspamConfiguration.listenerMode());
        refuseMailboxLists(configuration);
    }

    public DspamRetrainListener(MailboxManager mailboxManager, MailboxSessionMapperFactory mapperFactory,
                                DspamUserMapping userMapping, CorrectionTrainer trainer,
                                RetryBackoffConfiguration retryBackoff, EventDeadLetters deadLetters,
                                SpecialMailboxes specialMailboxes) {
        this(mailboxManager, mapperFactory, userMapping, trainer, retryBackoff, deadLetters, specialMailboxes,
            RetrainListenerMode.BACKGROUND);
    }

    public DspamRetrainListener(MailboxManager mailboxManager, MailboxSessionMapperFactory mapperFactory,
                                DspamUserMapping userMapping, CorrectionTrainer trainer,
                                RetryBackoffConfiguration retryBackoff, EventDeadLetters deadLetters,
                                SpecialMailboxes specialMailboxes, RetrainListenerMode mode) {
        this.mode = mode;
        this.mailboxManager = mailboxManager;
        this.mapperFactory = mapperFactory;
        this.userMapping = userMapping;
        this.trainer = trainer;
        this.retryBackoff = retryBackoff;
        this.deadLetters = deadLetters;
        this.specialMailboxes = specialMailboxes;
        this.messageIdsNameMessages = mailboxManager.getSupportedMessageCapabilities()
            .contains(MailboxManager.MessageCapabilities.UniqueID);
        if (!messageIdsNameMessages) {
            LOGGER.info("James's mailbox has no message ids that name a message in every mailbox (the JPA server):"
                + " DSPAM learns from messages added to Spam, and from messages it called spam added to another"
                + " mailbox, rather than from move events");
        }
    }

    /**
     * The training mailboxes have one source, {@code dspam.properties}, which the periodic training
     * task reads too; a list left in {@code listeners.xml} (read here before) would silently
     * disagree with it, so James stops and says where it goes.
     *
     * @throws IllegalArgumentException naming the element
     */
    static void refuseMailboxLists(HierarchicalConfiguration<ImmutableNode> configuration) {
        for (String key : List.of(SpecialMailboxes.SPAM_MAILBOXES_KEY, SpecialMailboxes.TRASH_MAILBOXES_KEY)) {
            if (configuration.containsKey(key)) {
                String names = String.join(",", configuration.getList(String.class, key));
                throw new IllegalArgumentException("listeners.xml: <" + key + "> of DspamRetrainListener is no longer"
                    + " read; move it to dspam.properties as " + key + "=" + names
                    + " (one list for the retrain listener and the periodic training task)");
            }
        }
    }

    @Override
    public Group getDefaultGroup() {
        return GROUP;
    }

    @Override
    public ExecutionMode getExecutionMode() {
        return ExecutionMode.ASYNCHRONOUS;
    }

    @Override
    public boolean isHandling(Event event) {
        if (messageIdsNameMessages) {
            return event instanceof MessageMoveEvent;
        }
        return event instanceof Added && !((Added) event).isDelivery();
    }

    @Override
    public Publisher<Void> reactiveEvent(Event event) {
        if (!isHandling(event)) {
            return Mono.empty();
        }
        if (mode == RetrainListenerMode.INLINE) {
            // James's event bus retries a failure and keeps the event as a dead letter
            return Mono.defer(() -> handle(event));
        }
        return Mono.fromRunnable(() -> Mono.defer(() -> handle(event))
            .retryWhen(Retry.backoff(retryBackoff.getMaxRetries(), retryBackoff.getFirstBackoff())
                .jitter(retryBackoff.getJitterFactor())
                .scheduler(DspamCallScheduler.scheduler()))
            .onErrorResume(error -> {
                LOGGER.error("DSPAM could not learn from event {} after {} retries: stored as a dead letter",
                    event.getEventId().getId(), retryBackoff.getMaxRetries(), error);
                return Mono.from(deadLetters.store(GROUP, event)).then();
            })
            .subscribeOn(DspamCallScheduler.scheduler())
            .subscribe());
    }

    private Mono<Void> handle(Event event) {
        MailboxSession session = mailboxManager.createSystemSession(event.getUsername());
        Mono<Void> work = event instanceof MessageMoveEvent
            ? handleMove((MessageMoveEvent) event, session)
            : handleAdded((Added) event, session);
        return work.doFinally(any -> mailboxManager.endProcessingRequest(session));
    }

    private Mono<Void> handleMove(MessageMoveEvent move, MailboxSession session) {
        return correctionOf(move, session)
            .filter(correction -> madeByTheOwner(move, correction.owner))
            .flatMap(correction -> Mono.justOrEmpty(dspamUserOf(correction.owner))
                .flatMap(user -> learn(move.getEventId(), user, correction.trueClass,
                    Flux.fromIterable(move.getMessageIds()).concatMap(messageId -> content(messageId, session)))));
    }

    /**
     * Where message ids do not name a message across mailboxes (James's JPA server) a move cannot
     * be read by them, so the listener learns from messages added to a mailbox other than by
     * delivery (moved, copied or appended), read by UID. Into Spam: spam. Into an ordinary mailbox:
     * innocent, but only a message that was spam to DSPAM, trained as spam before (the ledger) or
     * delivered with DSPAM's Spam verdict. The event does not say where a message came from, and
     * sent mail or a draft appended by a client is no correction.
     */
    private Mono<Void> handleAdded(Added added, MailboxSession session) {
        return mailbox(added.getMailboxId(), session)
            .flatMap(mailbox -> {
                SpecialMailboxes.Kind kind = specialMailboxes.kindOf(mailbox.generateAssociatedPath());
                if (kind == SpecialMailboxes.Kind.TRASH || !madeByTheOwner(added, mailbox.getUser())) {
                    return Mono.empty();
                }
                // The owner first: a mailbox of no DSPAM user has none of its messages read
                Optional<DspamUser> user = dspamUserOf(mailbox.getUser());
                if (user.isEmpty()) {
                    return Mono.empty();
                }
                TrainingClass trueClass = kind == SpecialMailboxes.Kind.SPAM ? TrainingClass.SPAM : TrainingClass.INNOCENT;
                Flux<StoredMessage> messages = Flux.fromIterable(added.getUids())
                    .concatMap(uid -> content(mailbox, uid, session));
                return learn(added.getEventId(), user.get(), trueClass, trueClass == TrainingClass.SPAM ? messages
                    : messages.filter(message -> wasSpamToDspam(user.get(), message)));
            });
    }

    private boolean wasSpamToDspam(DspamUser user, StoredMessage message) {
        boolean trainedAsSpam = trainer.ledger().find(user, message.key)
            .filter(record -> record.trainedClass() == TrainingClass.SPAM)
            .isPresent();
        return trainedAsSpam
            || DspamMessageHeaders.parse(message.content).deliveredVerdict().filter(TrainingClass.SPAM::equals).isPresent();
    }

    private Mono<Correction> correctionOf(MessageMoveEvent move, MailboxSession session) {
        return Mono.zip(mailboxes(move.getMessageMoves().getPreviousMailboxIds(), session),
                mailboxes(move.getMessageMoves().addedMailboxIds(), session))
            .flatMap(previousAndAdded -> Mono.justOrEmpty(correctionOf(previousAndAdded.getT1(), previousAndAdded.getT2())));
    }

    /**
     * Into Spam → spam, for the Spam mailbox's owner. Out of Spam (a copy keeps the original in
     * Spam, so "was in Spam" is what counts) into an ordinary mailbox → innocent. Into Trash only
     * → nothing.
     */
    private Optional<Correction> correctionOf(Map<MailboxId, Mailbox> previous, Map<MailboxId, Mailbox> added) {
        Optional<Mailbox> spamTarget = firstOfKind(added.values(), SpecialMailboxes.Kind.SPAM);
        if (spamTarget.isPresent()) {
            return Optional.of(new Correction(spamTarget.get().getUser(), TrainingClass.SPAM));
        }
        Optional<Mailbox> spamSource = firstOfKind(previous.values(), SpecialMailboxes.Kind.SPAM);
        boolean intoOrdinaryMailbox = firstOfKind(added.values(), SpecialMailboxes.Kind.OTHER).isPresent();
        if (spamSource.isPresent() && intoOrdinaryMailbox) {
            return Optional.of(new Correction(spamSource.get().getUser(), TrainingClass.INNOCENT));
        }
        return Optional.empty();
    }

    private Optional<Mailbox> firstOfKind(Collection<Mailbox> mailboxes, SpecialMailboxes.Kind kind) {
        return mailboxes.stream()
            .filter(mailbox -> specialMailboxes.kindOf(mailbox.generateAssociatedPath()) == kind)
            .findFirst();
    }

    private Mono<Map<MailboxId, Mailbox>> mailboxes(Set<MailboxId> ids, MailboxSession session) {
        return Flux.fromIterable(ids)
            .concatMap(id -> mailbox(id, session))
            .collectMap(Mailbox::getMailboxId, mailbox -> mailbox, LinkedHashMap::new);
    }

    private Mono<Mailbox> mailbox(MailboxId id, MailboxSession session) {
        return mapperFactory.getMailboxMapper(session).findMailboxById(id)
            .onErrorResume(e -> {
                // A mailbox deleted meanwhile cannot be Spam any more: ignore it.
                LOGGER.debug("Mailbox {} vanished before DSPAM retraining", id, e);
                return Mono.empty();
            });
    }

    /** Whether the user who moved is the owner whose dictionary would learn; said when not. */
    private static boolean madeByTheOwner(Event event, Username owner) {
        if (event.getUsername().equals(owner)) {
            return true;
        }
        LOGGER.info("{} moved messages to or from a mailbox of {} (shared rights): not {}'s correction, nothing learned",
            event.getUsername().asString(), owner.asString(), owner.asString());
        return false;
    }

    /** The mailbox owner's DSPAM user; empty, and said, when the owner maps to none. */
    private Optional<DspamUser> dspamUserOf(Username owner) {
        Optional<DspamUser> user = userMapping.userFor(owner);
        if (user.isEmpty()) {
            LOGGER.warn("Mailbox owner {} maps to no valid DSPAM user: correction not learned", owner.asString());
        }
        return user;
    }

    private Mono<Void> learn(Event.EventId eventId, DspamUser user, TrainingClass trueClass, Flux<StoredMessage> messages) {
        // The event names the correction: redelivered, it is the same correction (see CorrectionTrainer)
        Optional<String> operation = Optional.of("move-" + eventId.getId());
        // One message read ahead at most: a move of many large messages must not sit in the heap at once
        return messages
            .publishOn(DspamCallScheduler.scheduler(), ONE_MESSAGE_READ_AHEAD)
            .doOnNext(message -> {
                CorrectionTrainer.Outcome outcome = trainer.correct(user, message.key, message.content, trueClass, operation);
                LOGGER.debug("DSPAM correction of message {} as {} for {}: {}", message.key, trueClass.optionValue(),
                    user, outcome);
            })
            .then();
    }

    private Mono<StoredMessage> content(MessageId messageId, MailboxSession session) {
        return Flux.from(mapperFactory.getMessageIdMapper(session)
                .findReactive(List.of(messageId), MessageMapper.FetchType.FULL))
            .take(ONE_MESSAGE_PER_ID)
            .next()
            .flatMap(this::read)
            .switchIfEmpty(Mono.fromRunnable(() ->
                LOGGER.info("Message {} was deleted before DSPAM could learn from its move", messageId.serialize())));
    }

    private Mono<StoredMessage> content(Mailbox mailbox, MessageUid uid, MailboxSession session) {
        return mapperFactory.getMessageMapper(session)
            .findInMailboxReactive(mailbox, MessageRange.one(uid), MessageMapper.FetchType.FULL, 1)
            .next()
            .flatMap(this::read)
            .switchIfEmpty(Mono.fromRunnable(() -> LOGGER.info(
                "Message {} of mailbox {} was deleted before DSPAM could learn from it", uid.asLong(), mailbox.getName())));
    }

    private Mono<StoredMessage> read(MailboxMessage message) {
        return Mono.fromCallable(() -> {
            byte[] content = readFully(message);
            return new StoredMessage(StoredMessageKey.of(message.getMessageId(), content), content);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static byte[] readFully(MailboxMessage message) throws IOException {
        try (InputStream content = message.getFullContent()) {
            return content.readAllBytes();
        }
    }
}

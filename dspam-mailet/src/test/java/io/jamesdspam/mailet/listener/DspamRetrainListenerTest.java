package io.jamesdspam.mailet.listener;

import static io.jamesdspam.mailet.listener.RecordingCorrectionTrainer.DELIVERED_INNOCENT;
import static io.jamesdspam.mailet.listener.RecordingCorrectionTrainer.DELIVERED_SPAM;
import static io.jamesdspam.mailet.listener.RecordingCorrectionTrainer.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.core.Username;
import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventDeadLetters;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.events.InVMEventBus;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.Registration;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.events.MessageMoveEvent;
import org.apache.james.mailbox.inmemory.InMemoryMailboxManager;
import org.apache.james.mailbox.inmemory.manager.InMemoryIntegrationResources;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.jamesdspam.mailet.configuration.RetrainListenerMode;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.testing.RecordingDspamBackend;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.InMemoryTrainingLedger;
import io.jamesdspam.mailet.training.TrainingRecord;
import io.jamesdspam.mailet.training.UndoneCorrections;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;

class DspamRetrainListenerTest {
    private static final Username BOB = Username.of("bob@example.org");
    private static final DspamUser BOB_DSPAM = DspamUser.of("bob@example.org");
    private static final ConditionFactory AWAIT = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20));

    private static final RetryBackoffConfiguration RETRIES =
        RetryBackoffConfiguration.builder().maxRetries(3).firstBackoff(Duration.ofMillis(5)).jitterFactor(0.5).build();

    private RecordingDspamBackend backend;
    private InMemoryTrainingLedger ledger;
    private RecordingCorrectionTrainer trainer;
    private InMemoryMailboxManager mailboxManager;
    private InMemoryIntegrationResources resources;
    private MemoryEventDeadLetters deadLetters;
    private EventBus eventBus;
    private MailboxSession session;
    private MailboxId inbox;
    private MailboxId spam;
    private MailboxId junk;
    private MailboxId trash;
    private MailboxId archive;
    private Registration registration;

    @BeforeEach
    void setUp() throws Exception {
        backend = new RecordingDspamBackend().knowSignature("sig1");
        ledger = new InMemoryTrainingLedger();
        trainer = new RecordingCorrectionTrainer(backend, ledger);
        deadLetters = new MemoryEventDeadLetters();
        eventBus = new InVMEventBus(new InVmEventDelivery(new RecordingMetricFactory()), RETRIES, deadLetters);
        resources = InMemoryIntegrationResources.builder()
            .preProvisionnedFakeAuthenticator()
            .fakeAuthorizator()
            .eventBus(eventBus)
            .defaultAnnotationLimits()
            .defaultMessageParser()
            .scanningSearchIndex()
            .noPreDeletionHooks()
            .storeQuotaManager()
            .build();
        mailboxManager = resources.getMailboxManager();
        session = mailboxManager.createSystemSession(BOB);
        inbox = mailboxManager.createMailbox(MailboxPath.inbox(BOB), session).orElseThrow();
        spam = mailboxManager.createMailbox(MailboxPath.forUser(BOB, "Spam"), session).orElseThrow();
        junk = mailboxManager.createMailbox(MailboxPath.forUser(BOB, "Junk"), session).orElseThrow();
        trash = mailboxManager.createMailbox(MailboxPath.forUser(BOB, "Trash"), session).orElseThrow();
        archive = mailboxManager.createMailbox(MailboxPath.forUser(BOB, "Archive"), session).orElseThrow();
        register(DspamUserMapping.recipient());
    }

    private void register(DspamUserMapping mapping) {
        registration = eventBus.register(new DspamRetrainListener(mailboxManager, mailboxManager.getMapperFactory(), mapping,
            trainer, RETRIES, deadLetters, SpecialMailboxes.defaults()));
    }

    private MessageId deliver(MailboxId mailbox, byte[] content) throws Exception {
        return mailboxManager.getMailbox(mailbox, session)
            .appendMessage(MessageManager.AppendCommand.builder().delivery().build(content), session)
            .getId().getMessageId();
    }

    private void move(MailboxId from, MailboxId to) throws Exception {
        mailboxManager.moveMessages(MessageRange.all(), from, to, session);
    }

    private void copy(MailboxId from, MailboxId to) throws Exception {
        mailboxManager.copyMessages(MessageRange.all(), from, to, session);
    }

    private List<String> awaitRequests(int count) {
        AWAIT.until(() -> backend.requests().size() >= count);
        return backend.describedRequests();
    }

    /** Proves that nothing was trained: a later, trained move is the only request. */
    private void assertNothingTrainedBefore(MailboxId spamSource) throws Exception {
        deliver(inbox, DELIVERED_INNOCENT);
        move(inbox, spamSource);
        assertThat(awaitRequests(1)).containsExactly("RETRAIN spam bob@example.org sig1");
    }

    @Nested
    class IntoSpam {
        @Test
        void imapMoveRetrainsBySignatureAsSpam() throws Exception {
            MessageId id = deliver(inbox, DELIVERED_INNOCENT);

            move(inbox, spam);

            assertThat(awaitRequests(1)).containsExactly("RETRAIN spam bob@example.org sig1");
            // The ledger is written after DSPAM answered: awaited, not read right after the request
            AWAIT.untilAsserted(() -> assertThat(ledger.find(BOB_DSPAM, id.serialize()).map(TrainingRecord::trainedClass))
                .contains(TrainingClass.SPAM));
        }

        @Test
        void dspamLearnsOnThePluginsOwnThreadsNotOnThoseJamesShares() throws Exception {
            deliver(inbox, DELIVERED_INNOCENT);

            move(inbox, spam);

            AWAIT.until(() -> trainer.outcomes.size() == 1);
            assertThat(trainer.threads).hasSize(1).allSatisfy(thread -> assertThat(thread).startsWith("dspam-calls-"));
        }

        @Test
        void imapCopyRetrainsAsSpam() throws Exception {
            deliver(inbox, DELIVERED_INNOCENT);

            copy(inbox, spam);

            assertThat(awaitRequests(1)).containsExactly("RETRAIN spam bob@example.org sig1");
        }

        @Test
        void jmapMailboxChangeRetrainsAsSpam() throws Exception {
            MessageId id = deliver(inbox, DELIVERED_INNOCENT);

            resources.getMessageIdManager().setInMailboxes(id, List.of(spam), session);

            assertThat(awaitRequests(1)).containsExactly("RETRAIN spam bob@example.org sig1");
        }

        @Test
        void configuredJunkNameCountsAsSpam() throws Exception {
            deliver(inbox, DELIVERED_INNOCENT);

            move(inbox, junk);

            assertThat(awaitRequests(1)).containsExactly("RETRAIN spam bob@example.org sig1");
        }

        @Test
        void messageDspamAlreadyCalledSpamIsNotRetrained() throws Exception {
            MessageId id = deliver(inbox, DELIVERED_SPAM);
            move(inbox, spam);

            deliver(archive, DELIVERED_INNOCENT);
            move(archive, spam);

            assertThat(awaitRequests(1)).containsExactly("RETRAIN spam bob@example.org sig1");
            AWAIT.until(() -> trainer.outcomes.size() == 2);
            assertThat(trainer.outcomes).contains(CorrectionTrainer.Outcome.ALREADY_CLASSIFIED);
            assertThat(ledger.find(BOB_DSPAM, id.serialize())).isEmpty();
        }
    }

    @Nested
    class OutOfSpam {
        @Test
        void imapMoveToInboxRetrainsAsInnocent() throws Exception {
            deliver(spam, DELIVERED_SPAM);

            move(spam, inbox);

            assertThat(awaitRequests(1)).containsExactly("RETRAIN innocent bob@example.org sig1");
        }

        @Test
        void imapCopyToAnyOrdinaryMailboxRetrainsAsInnocent() throws Exception {
            deliver(spam, DELIVERED_SPAM);

            copy(spam, archive);

            assertThat(awaitRequests(1)).containsExactly("RETRAIN innocent bob@example.org sig1");
        }

        @Test
        void moveToTrashTrainsNothing() throws Exception {
            deliver(spam, DELIVERED_SPAM);
            move(spam, trash);

            assertNothingTrainedBefore(junk);
        }

        @Test
        void deletingSpamTrainsNothing() throws Exception {
            MessageId id = deliver(spam, DELIVERED_SPAM);
            resources.getMessageIdManager().delete(id, List.of(spam), session);

            assertNothingTrainedBefore(junk);
        }

        @Test
        void serverDeliveryIntoSpamIsNoCorrection() throws Exception {
            deliver(spam, DELIVERED_INNOCENT);
            mailboxManager.getMailbox(spam, session)
                .appendMessage(MessageManager.AppendCommand.builder().notDelivery().build(DELIVERED_INNOCENT), session);

            assertNothingTrainedBefore(junk);
        }

        @Test
        void movesBetweenOrdinaryMailboxesTrainNothing() throws Exception {
            deliver(archive, DELIVERED_SPAM);
            move(archive, trash);
            deliver(archive, DELIVERED_SPAM);
            move(archive, inbox);

            assertNothingTrainedBefore(spam);
        }
    }

    @Nested
    class DoubleMoves {
        @Test
        void movingBackUndoesTheEarlierTraining() throws Exception {
            MessageId id = deliver(inbox, DELIVERED_INNOCENT);
            move(inbox, spam);
            awaitRequests(1);

            move(spam, inbox);

            assertThat(awaitRequests(2)).containsExactly(
                "RETRAIN spam bob@example.org sig1",
                "UNLEARN spam bob@example.org sig1");
            AWAIT.untilAsserted(() -> assertThat(ledger.find(BOB_DSPAM, id.serialize())).isEmpty());
            AWAIT.untilAsserted(() -> assertThat(ledger.undoneCorrections(BOB_DSPAM)).isEqualTo(new UndoneCorrections(1, 0)));
        }

        @Test
        void sameMessageIsNeverTrainedTwiceForTheSameClass() throws Exception {
            deliver(inbox, DELIVERED_INNOCENT);
            copy(inbox, spam);
            awaitRequests(1);

            copy(inbox, junk);
            deliver(archive, message("X-DSPAM-Result: Innocent\r\nX-DSPAM-Signature: sig1\r\n"));
            move(archive, spam);

            // Three corrections reach the trainer; the copy into Junk finds the message trained
            AWAIT.until(() -> trainer.outcomes.size() == 3);
            assertThat(trainer.outcomes).containsExactlyInAnyOrder(CorrectionTrainer.Outcome.TRAINED_BY_SIGNATURE,
                CorrectionTrainer.Outcome.ALREADY_TRAINED, CorrectionTrainer.Outcome.TRAINED_BY_SIGNATURE);
            assertThat(backend.describedRequests()).containsExactly(
                "RETRAIN spam bob@example.org sig1",
                "RETRAIN spam bob@example.org sig1");
        }

        @Test
        void movingInAgainAfterAnUndoTrainsAgain() throws Exception {
            deliver(inbox, DELIVERED_INNOCENT);
            move(inbox, spam);
            awaitRequests(1);
            move(spam, inbox);
            awaitRequests(2);

            move(inbox, spam);

            assertThat(awaitRequests(3)).containsExactly(
                "RETRAIN spam bob@example.org sig1",
                "UNLEARN spam bob@example.org sig1",
                "RETRAIN spam bob@example.org sig1");
        }
    }

    @Nested
    class Signatures {
        @Test
        void missingSignatureTrainsTheMessageWithoutDspamHeaders() throws Exception {
            deliver(inbox, message("X-DSPAM-Result: Innocent\r\nX-Dspam-User: mallory\r\n"));

            move(inbox, spam);

            assertThat(awaitRequests(1)).containsExactly("TRAIN spam bob@example.org corpus");
            String trained = new String(backend.requests().get(0).message(), StandardCharsets.UTF_8);
            assertThat(trained).doesNotContainIgnoringCase("x-dspam").contains("Subject: hello", "Some body text.");
        }

        @Test
        void purgedSignatureFallsBackToTheMessage() throws Exception {
            backend.forgetSignatures();
            deliver(inbox, DELIVERED_INNOCENT);

            move(inbox, spam);

            assertThat(awaitRequests(2)).containsExactly(
                "RETRAIN spam bob@example.org sig1",
                "TRAIN spam bob@example.org corpus");
        }

        @Test
        void undoOfAMessageTrainingUnlearnsTheMessage() throws Exception {
            deliver(inbox, message(""));
            move(inbox, spam);
            awaitRequests(1);

            move(spam, archive);

            assertThat(awaitRequests(2)).containsExactly(
                "TRAIN spam bob@example.org corpus",
                "UNLEARN spam bob@example.org corpus");
        }
    }

    @Nested
    class Users {
        @Test
        void dspamUserComesFromTheMappingOfTheMailboxOwner() throws Exception {
            Mono.from(registration.unregister()).block();
            register(DspamUserMapping.parse("localpart"));
            deliver(inbox, message("X-DSPAM-Result: Innocent\r\nX-DSPAM-User: mallory\r\n"));

            move(inbox, spam);

            awaitRequests(1);
            assertThat(backend.requests()).extracting(DspamRequest::users).containsExactly(List.of(DspamUser.of("bob")));
        }
    }

    @Nested
    class BackendDown {
        @Test
        void moveReturnsWhileDspamIsDown() throws Exception {
            MessageId id = deliver(inbox, DELIVERED_INNOCENT);
            backend.failNext(100);

            move(inbox, spam);

            // The move has returned although every DSPAM call fails and retries are still running.
            assertThat(mailboxManager.getMailbox(spam, session).getMessageCount(session)).isEqualTo(1);
            AWAIT.until(() -> deadLetters.containEvents().block());
            // Each try claims the message in the ledger before calling DSPAM (a claim may be seen
            // while a try runs); once the tries are given up no claim may stay behind, or the
            // redelivered event would find the message "already trained".
            assertThat(backend.requests()).isEmpty();
            assertThat(ledger.find(BOB_DSPAM, id.serialize())).isEmpty();
        }

        @Test
        void moveSucceedsAndTrainingHappensAfterRetries() throws Exception {
            MessageId id = deliver(inbox, DELIVERED_INNOCENT);
            backend.failNext(2);

            move(inbox, spam);

            assertThat(mailboxManager.getMailbox(spam, session).getMessageCount(session)).isEqualTo(1);
            assertThat(awaitRequests(1)).containsExactly("RETRAIN spam bob@example.org sig1");
            AWAIT.untilAsserted(() -> assertThat(ledger.find(BOB_DSPAM, id.serialize())).isPresent());
        }

        @Test
        void failedTrainingIsDeadLetteredAndCanBeRedeliveredAfterRecovery() throws Exception {
            deliver(inbox, DELIVERED_INNOCENT);
            backend.failNext(100);

            move(inbox, spam);

            DspamRetrainListener.DspamRetrainListenerGroup group = new DspamRetrainListener.DspamRetrainListenerGroup();
            AWAIT.until(() -> deadLetters.failedIds(group).collectList().block().size() == 1);
            assertThat(backend.requests()).isEmpty();

            backend.failNext(0);
            EventDeadLetters.InsertionId failed = deadLetters.failedIds(group).blockFirst();
            eventBus.reDeliver(group, deadLetters.failedEvent(group, failed).block()).block();

            assertThat(awaitRequests(1)).containsExactly("RETRAIN spam bob@example.org sig1");
        }
    }

    /** Captures the move events the bus delivers, to deliver one again. */
    private static final class CapturedMoves extends Group {
    }

    /** Bob shares his Spam with Alice (IMAP ACL): her moves are not his corrections. The listener runs inline: no waiting. */
    @Nested
    class SharedMailboxes {
        private final Username alice = Username.of("alice@example.org");
        private MailboxSession aliceSession;
        private MailboxId aliceInbox;

        @BeforeEach
        void shareBobsSpamWithAlice() throws Exception {
            Mono.from(registration.unregister()).block();
            registration = eventBus.register(new DspamRetrainListener(mailboxManager, mailboxManager.getMapperFactory(),
                DspamUserMapping.recipient(), trainer, RETRIES, deadLetters, SpecialMailboxes.defaults(), RetrainListenerMode.INLINE));
            aliceSession = mailboxManager.createSystemSession(alice);
            aliceInbox = mailboxManager.createMailbox(MailboxPath.inbox(alice), aliceSession).orElseThrow();
            mailboxManager.applyRightsCommand(MailboxPath.forUser(BOB, "Spam"), MailboxACL.command().forUser(alice)
                .rights(MailboxACL.Rfc4314Rights.allExcept(MailboxACL.Right.Administer)).asAddition(), session);
        }

        private long messagesIn(MailboxId mailbox) throws Exception {
            return mailboxManager.getMailbox(mailbox, session).getMessageCount(session);
        }

        @Test
        void aMessageAnotherUserMovesIntoTheSharedSpamTrainsNobody() throws Exception {
            mailboxManager.getMailbox(aliceInbox, aliceSession)
                .appendMessage(MessageManager.AppendCommand.builder().delivery().build(DELIVERED_INNOCENT), aliceSession);

            mailboxManager.moveMessages(MessageRange.all(), aliceInbox, spam, aliceSession);

            assertThat(messagesIn(spam)).as("the move happened").isEqualTo(1);
            assertThat(backend.requests()).isEmpty();
        }

        @Test
        void aMessageAnotherUserMovesOutOfTheSharedSpamTrainsNobody() throws Exception {
            deliver(spam, DELIVERED_SPAM);

            mailboxManager.moveMessages(MessageRange.all(), spam, aliceInbox, aliceSession);

            assertThat(messagesIn(spam)).as("the move happened").isZero();
            assertThat(backend.requests()).isEmpty();
        }

        @Test
        void theOwnersOwnMoveIntoTheSameMailboxIsLearned() throws Exception {
            deliver(inbox, DELIVERED_INNOCENT);

            move(inbox, spam);

            assertThat(backend.describedRequests()).containsExactly("RETRAIN spam bob@example.org sig1");
        }
    }

    @Nested
    class Inline {
        private final List<MessageMoveEvent> moves = new CopyOnWriteArrayList<>();
        private final DspamRetrainListener.DspamRetrainListenerGroup group = new DspamRetrainListener.DspamRetrainListenerGroup();
        private DspamRetrainListener inline;

        @BeforeEach
        void registerInline() {
            Mono.from(registration.unregister()).block();
            inline = new DspamRetrainListener(mailboxManager, mailboxManager.getMapperFactory(), DspamUserMapping.recipient(),
                trainer, RETRIES, deadLetters, SpecialMailboxes.defaults(), RetrainListenerMode.INLINE);
            registration = eventBus.register(inline);
            eventBus.register(new EventListener.GroupEventListener() {
                @Override
                public Group getDefaultGroup() {
                    return new CapturedMoves();
                }

                @Override
                public boolean isHandling(Event event) {
                    return event instanceof MessageMoveEvent;
                }

                @Override
                public void event(Event event) {
                    moves.add((MessageMoveEvent) event);
                }
            });
        }

        @Test
        void theMoveReturnsWithTheCorrectionTrainedAndRecorded() throws Exception {
            MessageId id = deliver(inbox, DELIVERED_INNOCENT);

            move(inbox, spam);

            // no waiting: the event handling was the training
            assertThat(backend.describedRequests()).containsExactly("RETRAIN spam bob@example.org sig1");
            assertThat(ledger.find(BOB_DSPAM, id.serialize())).isPresent();
        }

        @Test
        void dspamLearnsOnThePluginsOwnThreadsWhileTheBusWaits() throws Exception {
            deliver(inbox, DELIVERED_INNOCENT);

            move(inbox, spam);

            assertThat(trainer.threads).hasSize(1).allSatisfy(thread -> assertThat(thread).startsWith("dspam-calls-"));
        }

        @Test
        void theSameEventDeliveredAgainTrainsNothingTwice() throws Exception {
            deliver(inbox, DELIVERED_INNOCENT);
            move(inbox, spam);
            AWAIT.until(() -> moves.size() == 1);

            Mono.from(inline.reactiveEvent(moves.get(0))).block();
            eventBus.reDeliver(group, moves.get(0)).block();

            assertThat(backend.describedRequests()).containsExactly("RETRAIN spam bob@example.org sig1");
            assertThat(trainer.outcomes).containsExactly(CorrectionTrainer.Outcome.TRAINED_BY_SIGNATURE,
                CorrectionTrainer.Outcome.ALREADY_TRAINED, CorrectionTrainer.Outcome.ALREADY_TRAINED);
        }

        @Test
        void aFailureIsRetriedByJamesEventBus() throws Exception {
            MessageId id = deliver(inbox, DELIVERED_INNOCENT);
            backend.failNext(2);

            move(inbox, spam);

            assertThat(backend.describedRequests()).containsExactly("RETRAIN spam bob@example.org sig1");
            assertThat(ledger.find(BOB_DSPAM, id.serialize())).isPresent();
        }

        @Test
        void exhaustedRetriesLeaveADeadLetterAndNothingRecordedThenRedeliveryTrainsOnce() throws Exception {
            MessageId id = deliver(inbox, DELIVERED_INNOCENT);
            backend.failNext(100);

            move(inbox, spam);

            assertThat(mailboxManager.getMailbox(spam, session).getMessageCount(session)).isEqualTo(1);
            AWAIT.until(() -> deadLetters.failedIds(group).collectList().block().size() == 1);
            assertThat(ledger.find(BOB_DSPAM, id.serialize())).isEmpty();
            assertThat(backend.requests()).isEmpty();

            backend.failNext(0);
            EventDeadLetters.InsertionId failed = deadLetters.failedIds(group).blockFirst();
            eventBus.reDeliver(group, deadLetters.failedEvent(group, failed).block()).block();
            eventBus.reDeliver(group, moves.get(0)).block();

            assertThat(backend.describedRequests()).containsExactly("RETRAIN spam bob@example.org sig1");
            assertThat(ledger.find(BOB_DSPAM, id.serialize())).isPresent();
        }
    }
}

package io.jamesdspam.mailet.listener;

import static io.jamesdspam.mailet.listener.RecordingCorrectionTrainer.DELIVERED_INNOCENT;
import static io.jamesdspam.mailet.listener.RecordingCorrectionTrainer.DELIVERED_SPAM;
import static io.jamesdspam.mailet.listener.RecordingCorrectionTrainer.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import com.google.common.hash.Hashing;
import org.apache.james.core.Username;
import org.apache.james.events.Group;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.Registration;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMailboxManager;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.StoreMessageManager;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.jamesdspam.mailet.listener.DspamRetrainListener.DspamRetrainListenerGroup;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.testing.JpaMailboxes;
import io.jamesdspam.mailet.testing.RecordingDspamBackend;
import io.jamesdspam.mailet.training.InMemoryTrainingLedger;
import io.jamesdspam.mailet.training.TrainingRecord;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;

/**
 * The retrain listener on James's JPA mailbox (the JPA server's, on Derby in memory), whose message
 * ids name no message: a move's messages cannot be read by id there, so the listener learns from
 * the non-delivery "added" events. Before, every move into or out of Spam failed on the message id
 * and ended as a dead letter, and nothing was ever learned.
 */
class DspamRetrainListenerJpaTest {
    private static final Username BOB = Username.of("bob@example.org");
    private static final DspamUser BOB_DSPAM = DspamUser.of("bob@example.org");
    private static final ConditionFactory AWAIT = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20));
    private static final RetryBackoffConfiguration RETRIES =
        RetryBackoffConfiguration.builder().maxRetries(3).firstBackoff(Duration.ofMillis(5)).jitterFactor(0.5).build();
    private static final Group GROUP = new DspamRetrainListenerGroup();

    private final RecordingDspamBackend backend = new RecordingDspamBackend().knowSignature("sig1");
    private final InMemoryTrainingLedger ledger = new InMemoryTrainingLedger();
    private final MemoryEventDeadLetters deadLetters = new MemoryEventDeadLetters();
    private OpenJPAMailboxManager mailboxManager;
    private MailboxSession session;
    private MailboxId inbox;
    private MailboxId spam;
    private MailboxId trash;
    private MailboxId sent;
    private Registration registration;

    @BeforeEach
    void setUp() throws Exception {
        mailboxManager = JpaMailboxes.newMailboxManager();
        session = mailboxManager.createSystemSession(BOB);
        inbox = mailboxManager.createMailbox(MailboxPath.inbox(BOB), session).orElseThrow();
        spam = mailboxManager.createMailbox(MailboxPath.forUser(BOB, "Spam"), session).orElseThrow();
        trash = mailboxManager.createMailbox(MailboxPath.forUser(BOB, "Trash"), session).orElseThrow();
        sent = mailboxManager.createMailbox(MailboxPath.forUser(BOB, "Sent"), session).orElseThrow();
        registration = mailboxManager.getEventBus().register(new DspamRetrainListener(mailboxManager,
            mailboxManager.getMapperFactory(), DspamUserMapping.recipient(), new RecordingCorrectionTrainer(backend, ledger), RETRIES,
            deadLetters, SpecialMailboxes.defaults()));
    }

    @AfterEach
    void tearDown() {
        registration.unregister();
        JpaMailboxes.clear();
    }

    private void deliver(MailboxId mailbox, byte[] content) throws Exception {
        mailboxManager.getMailbox(mailbox, session)
            .appendMessage(MessageManager.AppendCommand.builder().delivery().build(content), session);
    }

    private void append(MailboxId mailbox, byte[] content) throws Exception {
        mailboxManager.getMailbox(mailbox, session)
            .appendMessage(MessageManager.AppendCommand.builder().build(content), session);
    }

    /**
     * The move of James's IMAP MOVE, with the two mailboxes looked up one after the other: James
     * 3.8.1's {@code moveMessages} looks them up at once on one session's JPA entity manager, which
     * Derby now and then refuses ("ResultSet not open") before anything moved.
     */
    private void move(MailboxId from, MailboxId to) throws Exception {
        StoreMessageManager source = (StoreMessageManager) mailboxManager.getMailbox(from, session);
        StoreMessageManager target = (StoreMessageManager) mailboxManager.getMailbox(to, session);
        source.moveTo(MessageRange.all(), target, session).block();
    }

    private List<String> awaitRequests(int count) {
        AWAIT.until(() -> backend.requests().size() >= count);
        return backend.describedRequests();
    }

    private static String contentKey(byte[] content) {
        return "sha256:" + Hashing.sha256().hashBytes(content);
    }

    private List<?> deadLetters() {
        return Flux.from(deadLetters.failedIds(GROUP)).collectList().block();
    }

    @Test
    void theJpaMailboxHasNoMessageIdsThatNameAMessage() {
        // What the listener's choice rests on; were this to change, moves could be read by id again
        assertThat(mailboxManager.getSupportedMessageCapabilities()).doesNotContain(MailboxManager.MessageCapabilities.UniqueID);
    }

    @Test
    void aMoveIntoSpamRetrainsAsSpamUnderTheContentsKey() throws Exception {
        deliver(inbox, DELIVERED_INNOCENT);

        move(inbox, spam);

        assertThat(awaitRequests(1)).containsExactly("RETRAIN spam bob@example.org sig1");
        AWAIT.untilAsserted(() -> assertThat(ledger.find(BOB_DSPAM, contentKey(DELIVERED_INNOCENT))
            .map(TrainingRecord::trainedClass)).contains(TrainingClass.SPAM));
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aMoveOutOfSpamOfWhatDspamCalledSpamRetrainsAsInnocent() throws Exception {
        deliver(spam, DELIVERED_SPAM);

        move(spam, inbox);

        assertThat(awaitRequests(1)).containsExactly("RETRAIN innocent bob@example.org sig1");
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void movingBackUndoesTheCorrection() throws Exception {
        deliver(inbox, DELIVERED_INNOCENT);
        move(inbox, spam);
        awaitRequests(1);

        move(spam, inbox);

        assertThat(awaitRequests(2)).containsExactly(
            "RETRAIN spam bob@example.org sig1",
            "UNLEARN spam bob@example.org sig1");
        AWAIT.untilAsserted(() -> assertThat(ledger.find(BOB_DSPAM, contentKey(DELIVERED_INNOCENT))).isEmpty());
    }

    @Test
    void deliveriesAppendedMailAndMovesToTrashTrainNothing() throws Exception {
        deliver(spam, DELIVERED_SPAM);
        deliver(inbox, DELIVERED_INNOCENT);
        append(sent, message(""));
        append(inbox, message("X-Mailer: a client\r\n"));
        move(spam, trash);
        // A message DSPAM called innocent, moved between ordinary mailboxes, is no correction either
        move(inbox, sent);

        // A later correction is the only request: nothing before it was learned
        deliver(inbox, message("X-DSPAM-Result: Innocent, probability=0.0000, confidence=0.99\r\nX-DSPAM-Signature: sig2\r\n"));
        backend.knowSignature("sig2");
        move(inbox, spam);
        assertThat(awaitRequests(1)).containsExactly("RETRAIN spam bob@example.org sig2");
        assertThat(deadLetters()).isEmpty();
    }
}

package io.jamesdspam.mailet.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.inmemory.InMemoryMailboxManager;
import org.apache.james.mailbox.inmemory.manager.InMemoryIntegrationResources;
import org.apache.james.mailbox.model.ComposedMessageId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.task.Task;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.testing.MemoryUsers;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.FailingTrainingLedger;
import io.jamesdspam.mailet.training.TrainingRecord;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * The periodic training on a backend that applies a named training at most once (the embedded
 * engine; here on its in-memory store, which keeps operation keys as SQL storage does): a run whose
 * node dies after DSPAM learned a message but before the ledger recorded it (here: the ledger fails
 * then) is repeated under the same names, and the repetition records that message without DSPAM
 * learning it a second time; a message the user moved between two tries of a run is learned as its
 * new class.
 */
class DspamTrainingTaskOnceTest {
    private static final Username BOB = Username.of("bob@example.org");
    private static final DspamUser BOB_DSPAM = DspamUser.of("bob@example.org");
    private static final TrainingRunningOptions OPTIONS = new TrainingRunningOptions(Optional.of(BOB.asString()),
        Optional.empty(), false, 1_000, 1.0, 0, false);

    private InMemoryMailboxManager mailboxManager;
    private MemoryUsersRepository usersRepository;
    private EmbeddedDspam engine;
    private FailingTrainingLedger ledger;
    private CorrectionTrainer trainer;

    @BeforeEach
    void setUp() throws Exception {
        mailboxManager = InMemoryIntegrationResources.defaultResources().getMailboxManager();
        usersRepository = MemoryUsers.repositoryWith(BOB);
        MemoryUsers.createMailboxes(mailboxManager, BOB, "INBOX", "Spam");
        engine = EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore());
        for (CorpusMessage message : Corpus.load().trainSet().subList(0, 20)) {
            engine.execute(DspamRequest.train(List.of(BOB_DSPAM), message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT,
                TrainingSource.CORPUS, message.bytes()));
        }
        ledger = new FailingTrainingLedger();
        trainer = new CorrectionTrainer(engine, ledger);
    }

    @Test
    void aRunRepeatedAfterItsNodeDiedRecordsWhatDspamLearnedWithoutLearningItAgain() throws Exception {
        List<String> keys = new ArrayList<>();
        for (CorpusMessage spam : spam(3)) {
            // Delivered as innocent (DSPAM's miss), then moved to Spam by the user
            String signature = engine.execute(DspamRequest.process(List.of(BOB_DSPAM), spam.bytes())).outcomeFor(BOB_DSPAM)
                .flatMap(UserOutcome::result).orElseThrow().signature().orElseThrow().asString();
            byte[] content = withHeaders("X-DSPAM-Result: Innocent\r\nX-DSPAM-Signature: " + signature + "\r\n", spam);
            keys.add(append("Spam", content).getMessageId().serialize());
        }
        DspamTotals delivered = engine.totals(BOB_DSPAM);
        ledger.failNextRecords(1);

        assertThat(task().run()).isEqualTo(Task.Result.PARTIAL);
        DspamTotals learned = engine.totals(BOB_DSPAM);
        assertThat(learned.spamMisclassified()).isEqualTo(delivered.spamMisclassified() + 3);
        assertThat(keys.stream().filter(key -> ledger.find(BOB_DSPAM, key).isPresent())).hasSize(2);
        assertThat(ledger.lastPeriodicRun(BOB_DSPAM)).isEmpty();

        DspamTrainingTask repeated = task();
        assertThat(repeated.run()).isEqualTo(Task.Result.COMPLETED);
        assertThat(engine.totals(BOB_DSPAM)).as("nothing learned twice").isEqualTo(learned);
        assertThat(keys).allSatisfy(key -> assertThat(ledger.find(BOB_DSPAM, key)).get()
            .extracting(TrainingRecord::trainedClass).isEqualTo(TrainingClass.SPAM));
        assertThat(repeated.snapshot().skippedAlreadyTrained()).isEqualTo(2);
        assertThat(ledger.lastPeriodicRun(BOB_DSPAM)).isPresent();

        // The next run has names of its own, and finds everything trained
        assertThat(task().run()).isEqualTo(Task.Result.COMPLETED);
        assertThat(engine.totals(BOB_DSPAM)).isEqualTo(learned);
    }

    @Test
    void aMessageMovedBetweenTwoTriesOfARunIsLearnedAsItsNewClass() throws Exception {
        List<CorpusMessage> messages = spam(2);
        // Mail DSPAM never saw (no DSPAM headers): learned as whole messages
        byte[] content = messages.get(0).bytes();
        ComposedMessageId moved = append("Spam", content);
        String movedKey = moved.getMessageId().serialize();
        ledger.failNextRecordOf(append("Spam", messages.get(1).bytes()).getMessageId().serialize());
        assertThat(task().run()).isEqualTo(Task.Result.PARTIAL);
        assertThat(ledger.find(BOB_DSPAM, movedKey)).get().extracting(TrainingRecord::trainedClass).isEqualTo(TrainingClass.SPAM);

        // The user moves it out of Spam: the listener's correction undoes the spam training
        MailboxSession session = mailboxManager.createSystemSession(BOB);
        assertThat(trainer.correct(BOB_DSPAM, movedKey, content, TrainingClass.INNOCENT, Optional.of("move-1")))
            .isEqualTo(CorrectionTrainer.Outcome.UNDONE);
        mailboxManager.moveMessages(MessageRange.one(moved.getUid()), MailboxPath.forUser(BOB, "Spam"),
            MailboxPath.forUser(BOB, "INBOX"), session);
        DspamTotals beforeRepeat = engine.totals(BOB_DSPAM);

        assertThat(task().run()).isEqualTo(Task.Result.COMPLETED);
        assertThat(ledger.find(BOB_DSPAM, movedKey)).get().extracting(TrainingRecord::trainedClass)
            .isEqualTo(TrainingClass.INNOCENT);
        assertThat(engine.totals(BOB_DSPAM).innocentCorpusfed()).as("learned as innocent, not taken as done")
            .isEqualTo(beforeRepeat.innocentCorpusfed() + 1);
    }

    private DspamTrainingTask task() {
        return new DspamTrainingTask(mailboxManager, usersRepository, DspamUserMapping.recipient(), SpecialMailboxes.defaults(),
            trainer, Clock.systemUTC(), OPTIONS);
    }

    private static List<CorpusMessage> spam(int count) {
        return Corpus.load().testSet().stream().filter(CorpusMessage::isSpam).limit(count).collect(Collectors.toList());
    }

    /** {@code message} with {@code headers} on top, as the Dspam mailet stores mail it classified. */
    private static byte[] withHeaders(String headers, CorpusMessage message) {
        byte[] head = headers.getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[head.length + message.bytes().length];
        System.arraycopy(head, 0, content, 0, head.length);
        System.arraycopy(message.bytes(), 0, content, head.length, message.bytes().length);
        return content;
    }

    /** Appends {@code content} to the user's {@code mailbox}, read, two days old. */
    private ComposedMessageId append(String mailbox, byte[] content) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(BOB);
        return mailboxManager.getMailbox(MailboxPath.forUser(BOB, mailbox), session)
            .appendMessage(MessageManager.AppendCommand.builder()
                .withFlags(new Flags(Flags.Flag.SEEN))
                .withInternalDate(Date.from(Instant.now().minus(Duration.ofDays(2))))
                .build(content), session)
            .getId();
    }
}

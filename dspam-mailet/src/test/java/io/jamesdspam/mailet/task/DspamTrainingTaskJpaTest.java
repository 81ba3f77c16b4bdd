package io.jamesdspam.mailet.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import javax.mail.Flags;

import com.google.common.hash.Hashing;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMailboxManager;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.task.Task;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.testing.JpaMailboxes;
import io.jamesdspam.mailet.testing.MemoryUsers;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.InMemoryTrainingLedger;
import io.jamesdspam.mailet.training.TrainingRecord;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * The periodic training over a JPA server's mailboxes, whose message ids cannot be written out:
 * the ledger keeps each message under its content's key. Before, the run failed on the first
 * message it read and learned nothing.
 */
class DspamTrainingTaskJpaTest {
    private static final Username BOB = Username.of("bob@example.org");
    private static final DspamUser BOB_DSPAM = DspamUser.of("bob@example.org");
    private static final TrainingRunningOptions OPTIONS = new TrainingRunningOptions(Optional.of(BOB.asString()),
        Optional.empty(), false, 1_000, 1.0, 0, false);

    private OpenJPAMailboxManager mailboxManager;
    private MemoryUsersRepository usersRepository;
    private EmbeddedDspam engine;
    private InMemoryTrainingLedger ledger;

    @BeforeEach
    void setUp() throws Exception {
        mailboxManager = JpaMailboxes.newMailboxManager();
        usersRepository = MemoryUsers.repositoryWith(BOB);
        MemoryUsers.createMailboxes(mailboxManager, BOB, "INBOX", "Spam");
        engine = EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore());
        ledger = new InMemoryTrainingLedger();
    }

    @AfterEach
    void tearDown() {
        JpaMailboxes.clear();
    }

    @Test
    void aRunLearnsTheUsersMailboxesOnceUnderTheContentsKeys() throws Exception {
        List<CorpusMessage> test = Corpus.load().testSet();
        CorpusMessage spam = test.stream().filter(CorpusMessage::isSpam).findFirst().orElseThrow();
        CorpusMessage ham = test.stream().filter(message -> !message.isSpam()).findFirst().orElseThrow();
        append("Spam", spam.bytes());
        append("INBOX", ham.bytes());

        DspamTrainingTask run = task();
        assertThat(run.run()).isEqualTo(Task.Result.COMPLETED);

        assertThat(run.snapshot().trainedSpam()).isEqualTo(1);
        assertThat(run.snapshot().trainedInnocent()).isEqualTo(1);
        assertThat(ledger.find(BOB_DSPAM, contentKey(spam.bytes())).map(TrainingRecord::trainedClass))
            .contains(TrainingClass.SPAM);
        assertThat(ledger.find(BOB_DSPAM, contentKey(ham.bytes())).map(TrainingRecord::trainedClass))
            .contains(TrainingClass.INNOCENT);
        DspamTotals learned = engine.totals(BOB_DSPAM);
        assertThat(learned.spamCorpusfed()).isEqualTo(1);
        assertThat(learned.innocentCorpusfed()).isEqualTo(1);

        // The next run finds both in the ledger: nothing is learned twice
        DspamTrainingTask next = task();
        assertThat(next.run()).isEqualTo(Task.Result.COMPLETED);
        assertThat(next.snapshot().skippedAlreadyTrained()).isEqualTo(2);
        assertThat(engine.totals(BOB_DSPAM)).isEqualTo(learned);
    }

    private DspamTrainingTask task() {
        return new DspamTrainingTask(mailboxManager, usersRepository, DspamUserMapping.recipient(), SpecialMailboxes.defaults(),
            new CorrectionTrainer(engine, ledger), Clock.systemUTC(), OPTIONS);
    }

    private static String contentKey(byte[] content) {
        return "sha256:" + Hashing.sha256().hashBytes(content);
    }

    /** Appends {@code content} to the user's {@code mailbox}, read, two days old. */
    private void append(String mailbox, byte[] content) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(BOB);
        mailboxManager.getMailbox(MailboxPath.forUser(BOB, mailbox), session)
            .appendMessage(MessageManager.AppendCommand.builder()
                .withFlags(new Flags(Flags.Flag.SEEN))
                .withInternalDate(Date.from(Instant.now().minus(Duration.ofDays(2))))
                .build(content), session);
    }
}

package io.jamesdspam.mailet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.json.DTOConverter;
import org.apache.james.mailbox.inmemory.InMemoryMailboxManager;
import org.apache.james.mailbox.inmemory.manager.InMemoryIntegrationResources;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.task.Hostname;
import org.apache.james.task.MemoryTaskManager;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.james.webadmin.routes.TasksRoutes;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mockito;

import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.readiness.LearnedMessagesReadiness;
import io.jamesdspam.mailet.route.DspamRoutes;
import io.jamesdspam.mailet.route.RouteLimits;
import io.jamesdspam.mailet.task.DspamPurgeTaskAdditionalInformationDTO;
import io.jamesdspam.mailet.task.DspamTrainingTaskAdditionalInformationDTO;
import io.jamesdspam.mailet.testing.RecordingDspamBackend;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.InMemoryTrainingLedger;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

class DspamAdminTest {
    private static final Username BOB = Username.of("bob@example.org");

    @TempDir
    Path directory;

    private RecordingDspamBackend backend;
    private MemoryTaskManager taskManager;
    private WebAdminServer webAdminServer;
    private String url;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        InMemoryMailboxManager mailboxManager = InMemoryIntegrationResources.defaultResources().getMailboxManager();
        DomainList domainList = mock(DomainList.class);
        Mockito.when(domainList.containsDomain(any())).thenReturn(true);
        MemoryUsersRepository usersRepository = MemoryUsersRepository.withVirtualHosting(domainList);
        usersRepository.addUser(BOB, "secret");
        mailboxManager.createMailbox(MailboxPath.forUser(BOB, "Spam"), mailboxManager.createSystemSession(BOB));
        backend = new RecordingDspamBackend().knowSignature("sig1");
        taskManager = new MemoryTaskManager(new Hostname("foo"));
        JsonTransformer json = new JsonTransformer();
        DspamRoutes routes = new DspamRoutes(taskManager, json, mailboxManager, usersRepository, backend,
            DspamUserMapping.recipient(), SpecialMailboxes.defaults(), new CorrectionTrainer(backend, new InMemoryTrainingLedger()),
            new LearnedMessagesReadiness(backend), Clock.systemUTC(), RouteLimits.defaults());
        webAdminServer = WebAdminUtils.createWebAdminServer(routes, new TasksRoutes(taskManager, json, DTOConverter.of(
            DspamTrainingTaskAdditionalInformationDTO.SERIALIZATION_MODULE,
            DspamPurgeTaskAdditionalInformationDTO.SERIALIZATION_MODULE))).start();
        url = "http://127.0.0.1:" + webAdminServer.getPort().getValue();
    }

    @AfterEach
    void tearDown() {
        webAdminServer.destroy();
        taskManager.stop();
    }

    private int admin(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--url";
        all[1] = url;
        System.arraycopy(args, 0, all, 2, args.length);
        return new DspamAdmin(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(all);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void stats() {
        backend.setTotals(DspamUser.of("bob@example.org"), new DspamTotals(5, 7, 1, 0, 0, 0, 0, 0));

        assertThat(admin("stats", "bob@example.org")).isEqualTo(DspamAdmin.OK);
        assertThat(output()).contains("\"spamLearned\":5", "\"falseNegatives\":1", "\"ready\":false");
    }

    @Test
    void trainAFile() throws Exception {
        Path message = Files.writeString(directory.resolve("spam.eml"), "Subject: buy\r\n\r\nnow\r\n");

        assertThat(admin("train", "bob@example.org", "spam", message.toString(), "--source", "inoculation")).isEqualTo(DspamAdmin.OK);
        assertThat(backend.describedRequests()).containsExactly("TRAIN spam bob@example.org inoculation");
    }

    @Test
    void trainAnMbox() throws Exception {
        Path mbox = Files.writeString(directory.resolve("ham.mbox"),
            "From a Mon Jan 1 00:00:00 2024\nSubject: one\n\nx\n\nFrom b Mon Jan 1 00:00:00 2024\nSubject: two\n\ny\n");

        assertThat(admin("train", "bob@example.org", "innocent", "--mbox", mbox.toString())).isEqualTo(DspamAdmin.OK);
        assertThat(output()).contains("\"taskId\"");
    }

    @Test
    void retrainAnUnknownSignatureFails() {
        assertThat(admin("retrain", "bob@example.org", "spam", "nope1")).isEqualTo(DspamAdmin.FAILED);
        assertThat(errors()).contains("HTTP 404", "does not know signature");
    }

    @Test
    void retrain() {
        assertThat(admin("retrain", "bob@example.org", "innocent", "sig1")).isEqualTo(DspamAdmin.OK);
        assertThat(backend.describedRequests()).containsExactly("RETRAIN innocent bob@example.org sig1");
    }

    @Test
    void feedAndWait() {
        assertThat(admin("feed", "--user", "bob@example.org", "--since-last-run", "--dry-run", "--wait")).isEqualTo(DspamAdmin.OK);
        assertThat(output()).contains("\"status\":\"completed\"", "\"dryRun\":true", "\"sinceLastRun\":true");
    }

    @Test
    void feedWithABadParameterShowsTheServersReason() {
        assertThat(admin("feed", "--messages-per-second", "0")).isEqualTo(DspamAdmin.FAILED);
        assertThat(errors()).contains("HTTP 400", "'messagesPerSecond' must be strictly positive");
    }

    @Test
    void cleanAndWait() {
        assertThat(admin("clean", "--signature-age", "7d", "--wait")).isEqualTo(DspamAdmin.OK);
        assertThat(backend.purges()).containsExactly(Duration.ofDays(7));
        assertThat(output()).contains("\"signaturesPurged\":3");
    }

    @Test
    void usageErrorsAreFoundBeforeSending() {
        assertThat(admin("train", "bob@example.org", "ham?", "x.eml")).isEqualTo(DspamAdmin.USAGE);
        assertThat(admin("frobnicate")).isEqualTo(DspamAdmin.USAGE);
        assertThat(admin("feed", "--bogus")).isEqualTo(DspamAdmin.USAGE);
        assertThat(errors()).contains("class must be spam or innocent", "unknown command 'frobnicate'", "unknown option '--bogus'");
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void unreachableServer() {
        webAdminServer.destroy();

        assertThat(admin("stats", "bob@example.org")).isEqualTo(DspamAdmin.FAILED);
        assertThat(errors()).contains("cannot reach");
    }
}

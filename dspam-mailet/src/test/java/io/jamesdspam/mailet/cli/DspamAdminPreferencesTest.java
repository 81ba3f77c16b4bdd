package io.jamesdspam.mailet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.james.core.Username;
import org.apache.james.mailbox.inmemory.manager.InMemoryIntegrationResources;
import org.apache.james.task.Hostname;
import org.apache.james.task.MemoryTaskManager;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.authentication.NoAuthenticationFilter;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.readiness.LearnedMessagesReadiness;
import io.jamesdspam.mailet.route.DspamRoutes;
import io.jamesdspam.mailet.route.DspamWebAdminServer;
import io.jamesdspam.mailet.route.RouteLimits;
import io.jamesdspam.mailet.testing.MemoryUsers;
import io.jamesdspam.mailet.testing.NoStatisticsBackend;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.InMemoryTrainingLedger;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;

/** The preference, groups and explain commands, run in-process against the real routes over an embedded engine. */
class DspamAdminPreferencesTest {
    private static final DspamUser BOB = DspamUser.of("bob@example.org");

    @TempDir
    Path directory;

    private EmbeddedDspam engine;
    private MemoryTaskManager taskManager;
    private WebAdminServer webAdminServer;
    private String url;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void setUp() throws Exception {
        Path groups = directory.resolve("group");
        Files.writeString(groups, "global:merged:*,-ceo@example.org\nteam:inoculation:bob@example.org,alice@example.org\n"
            + "oops\n");
        engine = EmbeddedDspam.create(EngineSettings.from(DspamConf.parse(String.join("\n",
                "TrainingMode teft", "Preference \"spamAction=deliver\"", "AllowOverride trainingMode optOut",
                "GroupConfig " + groups))),
            JournalDspamStore.open(directory.resolve("store")));
        start(engine);
    }

    private void start(DspamBackend backend) throws Exception {
        if (webAdminServer != null) {
            webAdminServer.destroy();
            taskManager.stop();
        }
        MemoryUsersRepository usersRepository = MemoryUsers.repositoryWith(Username.of("bob@example.org"));
        taskManager = new MemoryTaskManager(new Hostname("foo"));
        DspamRoutes routes = new DspamRoutes(taskManager, new JsonTransformer(),
            InMemoryIntegrationResources.defaultResources().getMailboxManager(), usersRepository, backend,
            DspamUserMapping.recipient(), SpecialMailboxes.defaults(), new CorrectionTrainer(backend, new InMemoryTrainingLedger()),
            new LearnedMessagesReadiness(backend), Clock.systemUTC(), new RouteLimits(10_000, 100_000),
            new NoAuthenticationFilter());
        webAdminServer = DspamWebAdminServer.start(routes);
        url = "http://127.0.0.1:" + webAdminServer.getPort().getValue();
    }

    @AfterEach
    void tearDown() {
        webAdminServer.destroy();
        taskManager.stop();
        engine.close();
    }

    private int admin(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--url", url));
        all.addAll(List.of(args));
        return DspamAdmin.execute(new PrintWriter(out), new PrintWriter(err), false, all.toArray(String[]::new));
    }

    @Nested
    class Preference {
        @Test
        void setGetListAggregateAndDelete() {
            assertThat(admin("preference", "set", "bob@example.org", "trainingmode", "TOE")).isEqualTo(ExitCode.OK);
            assertThat(out.toString()).isEqualTo("trainingMode=TOE set for bob@example.org\n");
            assertThat(engine.preferences(BOB).get("trainingMode")).contains("TOE");

            assertThat(admin("preference", "get", "bob@example.org", "trainingMode")).isEqualTo(ExitCode.OK);
            assertThat(out.toString()).isEqualTo("trainingMode=TOE\n");
            assertThat(admin("preference", "list", "bob@example.org")).isEqualTo(ExitCode.OK);
            assertThat(out.toString()).isEqualTo("trainingMode=TOE\n");
            assertThat(admin("preference", "aggregate", "bob@example.org")).isEqualTo(ExitCode.OK);
            assertThat(out.toString()).contains("spamAction=deliver\n").contains("trainingMode=TOE\n");

            assertThat(admin("preference", "delete", "bob@example.org", "trainingMode")).isEqualTo(ExitCode.OK);
            assertThat(engine.preferences(BOB).isEmpty()).isTrue();
            assertThat(admin("preference", "get", "bob@example.org", "trainingMode")).isEqualTo(ExitCode.OK);
            assertThat(out.toString()).isEqualTo("trainingMode is not set\n");
        }

        @Test
        void aDefaultIsShownAsSuch() {
            assertThat(admin("preference", "get", "bob@example.org", "spamAction")).isEqualTo(ExitCode.OK);
            assertThat(out.toString()).isEqualTo("spamAction=deliver   (default)\n");
        }

        @Test
        void defaultsListTheDefaultsAndAllowOverride() {
            assertThat(admin("preference", "defaults")).isEqualTo(ExitCode.OK);
            assertThat(out.toString()).isEqualTo("spamAction=deliver\n# defaults from dspam.conf; AllowOverride optout trainingmode\n");
        }

        @Test
        void refusalsExitWithJamesMessage() {
            assertThat(admin("preference", "set", "bob@example.org", "trainingMode", "sometimes")).isEqualTo(ExitCode.REFUSED);
            assertThat(err.toString()).contains("400").contains("trainingMode").contains("TEFT, TOE, TUM, NOTRAIN");

            assertThat(admin("preference", "set", "bob@example.org", "enableBNR", "on")).isEqualTo(ExitCode.REFUSED);
            assertThat(err.toString()).contains("403").contains("AllowOverride");

            assertThat(admin("preference", "delete", "bob@example.org", "optOut")).isEqualTo(ExitCode.REFUSED);
            assertThat(err.toString()).contains("404").contains("not set");

            assertThat(admin("preference", "get", "nobody@example.org", "optOut")).isEqualTo(ExitCode.REFUSED);
            assertThat(err.toString()).contains("does not exist");
        }

        @Test
        void aMissingArgumentOrSubcommandIsAUsageError() {
            assertThat(admin("preference", "set", "bob@example.org", "trainingMode")).isEqualTo(ExitCode.USAGE);
            assertThat(admin("preference")).isEqualTo(ExitCode.USAGE);
            assertThat(err.toString()).contains("Usage");
        }

        @Test
        void aDspamdBackendIsARefusalSayingWhy() throws Exception {
            start(new NoStatisticsBackend());

            assertThat(admin("preference", "list", "bob@example.org")).isEqualTo(ExitCode.REFUSED);
            assertThat(err.toString()).contains("501").contains("dspam_admin on the dspamd host");
        }
    }

    @Nested
    class Groups {
        @Test
        void theFileWithTheLinesLeftOut() {
            assertThat(admin("groups")).isEqualTo(ExitCode.OK);
            assertThat(out.toString()).contains("global:merged:*,-ceo@example.org\n")
                .contains("team:inoculation:bob@example.org,alice@example.org\n")
                .contains("# left out, line 3: expected name:type:member,member,... (oops)\n");
        }

        @Test
        void theGroupsOfAUser() {
            assertThat(admin("groups", "bob@example.org")).isEqualTo(ExitCode.OK);
            assertThat(out.toString()).startsWith("bob@example.org reads and writes the dictionary of bob@example.org,"
                    + " merged with global\n")
                .contains("global (merged, line 1): reads its own dictionary together with 'global'")
                .contains("team (inoculation, line 2): ");
        }
    }

    @Nested
    class Explain {
        private static final String SPAM = "From: x@example.com\r\nSubject: jackpot\r\n\r\ncheap pills casino jackpot\r\n";

        @BeforeEach
        void trained() {
            for (int i = 0; i < 5; i++) {
                engine.execute(DspamRequest.train(List.of(BOB), TrainingClass.SPAM, TrainingSource.CORPUS,
                    ("Subject: win " + i + "\r\n\r\ncheap pills casino jackpot " + i + "\r\n").getBytes(StandardCharsets.UTF_8)));
                engine.execute(DspamRequest.train(List.of(BOB), TrainingClass.INNOCENT, TrainingSource.CORPUS,
                    ("Subject: meeting " + i + "\r\n\r\nagenda budget minutes " + i + "\r\n").getBytes(StandardCharsets.UTF_8)));
            }
        }

        @Test
        void aMessageFileIsExplainedWithItsWords() throws Exception {
            Path message = Files.writeString(directory.resolve("spam.eml"), SPAM);

            assertThat(admin("explain", "bob@example.org", "--file", message.toString())).isEqualTo(ExitCode.OK);

            assertThat(out.toString()).startsWith("Spam probability=").contains("for bob@example.org; learned 5 spam, 5 innocent")
                .contains("probability   spam innocent  token\n").containsPattern("\\[[^\\]]*(cheap|pills|casino|jackpot)");
        }

        @Test
        void jsonIsTheRoutesAnswer() throws Exception {
            Path message = Files.writeString(directory.resolve("spam.eml"), SPAM);

            assertThat(admin("explain", "bob@example.org", "--file", message.toString(), "--json")).isEqualTo(ExitCode.OK);

            assertThat(new ObjectMapper().readTree(out.toString()).path("basis").asText()).isEqualTo("message");
        }

        @Test
        void aSignatureIsExplainedByTokenIds() {
            String signature = engine.execute(DspamRequest.process(List.of(BOB), SPAM.getBytes(StandardCharsets.UTF_8)))
                .resultFor(BOB).orElseThrow().signature().orElseThrow().asString();

            assertThat(admin("explain", "bob@example.org", "--signature", signature)).isEqualTo(ExitCode.OK);

            assertThat(out.toString()).containsPattern("^(Spam|Innocent) probability=\\d\\.\\d{4} ")
                .containsPattern("\n0\\.\\d+ +\\d+ +\\d+  #\\d+\n");
        }

        @Test
        void errors() throws Exception {
            assertThat(admin("explain", "bob@example.org", "--file", directory.resolve("missing.eml").toString()))
                .isEqualTo(ExitCode.LOCAL_FILE);
            assertThat(err.toString()).contains("no such file");
            assertThat(admin("explain", "bob@example.org", "--file", Files.createFile(directory.resolve("empty.eml")).toString()))
                .isEqualTo(ExitCode.LOCAL_FILE);
            assertThat(admin("explain", "bob@example.org")).isEqualTo(ExitCode.USAGE);
            assertThat(admin("explain", "bob@example.org", "--file", "x", "--signature", "abc")).isEqualTo(ExitCode.USAGE);
            assertThat(admin("explain", "bob@example.org", "--signature", "0123456789abcdef")).isEqualTo(ExitCode.REFUSED);
            assertThat(err.toString()).contains("404");
        }
    }
}

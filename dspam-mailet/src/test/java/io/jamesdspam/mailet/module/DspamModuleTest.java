package io.jamesdspam.mailet.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

import javax.annotation.PreDestroy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.apache.james.server.core.configuration.Configuration.ConfigurationPath;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.task.Hostname;
import org.apache.james.task.MemoryTaskManager;
import org.apache.james.task.TaskManager;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.james.utils.PropertiesProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.readiness.DspamReadiness;
import io.jamesdspam.mailet.readiness.LearnedMessagesReadiness;
import io.jamesdspam.mailet.training.FileTrainingLedger;
import io.jamesdspam.mailet.training.SqlTrainingLedger;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.mailet.training.TrainingRecord;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.testing.TestDatabase;

/**
 * The Guice module as James loads it from {@code extensions.properties}: {@code dspam.properties}
 * read through James's own {@code PropertiesProvider} from the {@code conf/} directory, one
 * backend shared by every injection point, the user mapping every component agrees on.
 */
class DspamModuleTest {
    private static final String HAM = "From: alice@example.org\nTo: bob@example.org\nSubject: lunch\n\n"
        + "Shall we meet for lunch on Thursday at noon?\n";

    @TempDir
    Path workingDirectory;

    private final DomainList domainList = mock(DomainList.class);
    private UsersRepository usersRepository = MemoryUsersRepository.withVirtualHosting(domainList);
    private Injector injector;
    private final MemoryTaskManager taskManager = new MemoryTaskManager(new Hostname("test"));

    @AfterEach
    void closeBackend() throws Exception {
        if (injector != null) {
            injector.getInstance(DailyPurge.class).close();
            injector.getInstance(DspamBackend.class).close();
        }
        taskManager.stop();
    }

    private Injector injector() {
        FileSystem fileSystem = new FileSystemImpl(new JamesServerResourceLoader(workingDirectory.toString()));
        PropertiesProvider properties = new PropertiesProvider(fileSystem, new ConfigurationPath("file://conf/"));
        injector = Guice.createInjector(new DspamModule(), new AbstractModule() {
            @Override
            protected void configure() {
                bind(FileSystem.class).toInstance(fileSystem);
                bind(PropertiesProvider.class).toInstance(properties);
                bind(DomainList.class).toInstance(domainList);
                bind(TaskManager.class).toInstance(taskManager);
                bind(Clock.class).toInstance(Clock.systemUTC());
                UsersRepository users = usersRepository;
                // A provider, not an instance: Guice would inject James's validator into it
                bind(UsersRepository.class).toProvider(() -> users);
            }
        });
        return injector;
    }

    private void writeProperties(String... lines) throws IOException {
        Path conf = Files.createDirectories(workingDirectory.resolve("conf"));
        Files.write(conf.resolve("dspam.properties"), List.of(lines), StandardCharsets.UTF_8);
    }

    @Test
    void withoutDspamPropertiesTheEmbeddedEngineStoresUnderJamesWorkingDirectory() {
        Injector injector = injector();

        DspamBackend backend = injector.getInstance(DspamBackend.class);
        DspamResponse response = backend.execute(DspamRequest.process(List.of(DspamUser.of("bob@example.org")),
            HAM.getBytes(StandardCharsets.US_ASCII)));

        assertThat(backend.name()).isEqualTo("embedded");
        assertThat(response.resultFor(DspamUser.of("bob@example.org"))).isPresent();
        assertThat(workingDirectory.resolve(DspamConfiguration.DEFAULT_EMBEDDED_DIRECTORY)).isDirectory();
        assertThat(injector.getInstance(DspamConfiguration.class).userMapping().mode())
            .isEqualTo(DspamUserMapping.Mode.RECIPIENT);
    }

    @Test
    void everyComponentSharesOneBackendAndOneConfiguration() throws Exception {
        writeProperties("backend=embedded", "embedded.directory=spamdb", "userMapping=localpart");
        Injector injector = injector();

        assertThat(injector.getInstance(DspamBackend.class)).isSameAs(injector.getInstance(DspamBackend.class));
        assertThat(injector.getInstance(DspamConfiguration.class)).isSameAs(injector.getInstance(DspamConfiguration.class));
        assertThat(injector.getInstance(DspamUserMapping.class).userFor(new MailAddress("Bob+lists@Example.org")))
            .contains(DspamUser.of("bob"));
        assertThat(workingDirectory.resolve("spamdb")).isDirectory();
    }

    @Test
    void withoutVirtualHostingRecipientsAndMailboxOwnersMapToTheOwnersAddress() throws Exception {
        when(domainList.getDefaultDomain()).thenReturn(Domain.of("example.org"));
        usersRepository = MemoryUsersRepository.withoutVirtualHosting(domainList);
        DspamUserMapping mapping = injector().getInstance(DspamUserMapping.class);

        DspamUser bob = DspamUser.of("bob@example.org");
        assertThat(mapping.userFor(Username.of("bob"))).contains(bob);
        assertThat(mapping.userFor(new MailAddress("Bob@Example.org"))).contains(bob);
        assertThat(mapping.userFor(new MailAddress("bob@other.example"))).as("James delivers it to the user bob")
            .contains(bob);
    }

    @Test
    void withVirtualHostingEveryAddressIsItsOwnUser() throws Exception {
        DspamUserMapping mapping = injector().getInstance(DspamUserMapping.class);

        assertThat(mapping.userFor(Username.of("bob@example.org"))).contains(DspamUser.of("bob@example.org"));
        assertThat(mapping.userFor(new MailAddress("bob@other.example"))).contains(DspamUser.of("bob@other.example"));
    }

    @Test
    void theTrainingLedgerLivesUnderTheEmbeddedDirectory() throws Exception {
        writeProperties("backend=embedded", "embedded.directory=spamdb");
        Injector injector = injector();

        TrainingLedger ledger = injector.getInstance(TrainingLedger.class);
        ledger.record(DspamUser.of("bob"), "1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));

        assertThat(ledger).isSameAs(injector.getInstance(TrainingLedger.class));
        assertThat(workingDirectory.resolve("spamdb").resolve(FileTrainingLedger.FILE_NAME)).isRegularFile();
        assertThat(workingDirectory.resolve(DspamConfiguration.DEFAULT_EMBEDDED_DIRECTORY)).doesNotExist();
    }

    @Test
    void withSqlStorageTheLedgerIsInTheDatabaseOverTheStoresPool() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, "sqlj_", "module_ledger")) {
            writeProperties("embedded.storage=postgresql", "embedded.sql.url=" + database.url(),
                "embedded.sql.user=" + database.user(), "embedded.sql.poolSize=2");
            Injector injector = injector();

            TrainingLedger ledger = injector.getInstance(TrainingLedger.class);
            ledger.record(DspamUser.of("bob"), "1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));

            assertThat(ledger).isInstanceOf(SqlTrainingLedger.class);
            assertThat(database.queryLong("SELECT COUNT(*) FROM james_dspam_trained")).isEqualTo(1);
            assertThat(database.queryLong("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + database.name() + "'"))
                .as("one pool of 2 connections for the dictionaries and the ledger, plus this query's").isLessThanOrEqualTo(3);
            assertThat(workingDirectory.resolve(DspamConfiguration.DEFAULT_EMBEDDED_DIRECTORY)).doesNotExist();
            assertThat(injector.getInstance(DailyPurge.class).nextRun())
                .as("a database may be an existing DSPAM's, purged by its own cron: not purged unless purge.daily says so")
                .isEmpty();
            injector.getInstance(DspamBackend.class).close();
            this.injector = null;
        }
    }

    @Test
    void theInterfacesAreBoundInTheModule() {
        Injector injector = injector();

        assertThat(injector.getInstance(DspamReadiness.class)).isInstanceOf(LearnedMessagesReadiness.class);
        assertThat(injector.getInstance(TrainingLedger.class)).isInstanceOf(FileTrainingLedger.class);
    }

    @Test
    void theJournalStoreIsPurgedDailyAsDspamsCronWouldAtTheConfiguredTime() throws Exception {
        assertThat(injector().getInstance(DailyPurge.class).nextRun()).map(next -> next.toLocalTime())
            .contains(LocalTime.of(4, 0));
        closeBackend();

        writeProperties("purge.daily=01:15");
        assertThat(injector().getInstance(DailyPurge.class).nextRun()).map(next -> next.toLocalTime())
            .contains(LocalTime.of(1, 15));
        closeBackend();

        writeProperties("purge.daily=off");
        assertThat(injector().getInstance(DailyPurge.class).nextRun()).isEmpty();
    }

    @Test
    void theDspamdBackendIsTheDlmtpClient() throws Exception {
        writeProperties("backend=dspamd", "dspamd.endpoints=127.0.0.1:1", "dspamd.ident=james", "dspamd.password=secret",
            "dspamd.connectTimeout=1s");

        DspamBackend backend = injector().getInstance(DspamBackend.class);

        assertThat(backend.name()).isEqualTo("dspamd");
        assertThat(workingDirectory.resolve(DspamConfiguration.DEFAULT_EMBEDDED_DIRECTORY)).doesNotExist();
        assertThat(injector.getInstance(DailyPurge.class).nextRun()).as("dspam_clean on the dspamd host").isEmpty();
    }

    @Test
    void stoppingJamesClosesTheEmbeddedStoreSoThatARestartedServerOpensIt() throws Exception {
        injector().getInstance(DspamBackend.class).execute(DspamRequest.process(List.of(DspamUser.of("bob@example.org")),
            HAM.getBytes(StandardCharsets.US_ASCII)));
        DspamBackendShutdown shutdown = injector.getInstance(DspamBackendShutdown.class);
        assertThat(DspamBackendShutdown.class.getMethod("close").isAnnotationPresent(PreDestroy.class)).isTrue();

        shutdown.close();
        injector = null;

        try (JournalDspamStore reopened = JournalDspamStore.open(workingDirectory.resolve(DspamConfiguration.DEFAULT_EMBEDDED_DIRECTORY))) {
            assertThat(reopened.totals(DspamUser.of("bob@example.org")).innocentLearned()
                + reopened.totals(DspamUser.of("bob@example.org")).innocentClassified()).isEqualTo(1);
        }
    }

    @Test
    void aBadValueStopsJamesWithTheFileAndTheKeyNamed() throws Exception {
        writeProperties("backend=embedded", "userMapping=mailbox");

        assertThatThrownBy(this::injector)
            .isInstanceOf(CreationException.class)
            .hasRootCauseInstanceOf(IllegalArgumentException.class)
            .hasCauseInstanceOf(ConfigurationException.class)
            .hasMessageContaining("dspam.properties")
            .hasMessageContaining("mailbox");
        injector = null;
    }
}

package io.jamesdspam.benchmarks.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.inject.multibindings.Multibinder;
import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.core.Username;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.modules.MailboxProbeImpl;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.GuiceProbe;

import io.jamesdspam.engine.storage.sql.SqlStoreOptions;

/**
 * A full in-process James 3.8.1 memory server on a copy of the shipped sample configuration
 * ({@code james-conf/src/main/conf}). The {@link Pipeline#BARE} copy has the two DSPAM mailets of
 * the transport processor removed (the Dspam mailet and the Spam-folder routing after it) and
 * nothing else changed, so the two pipelines differ by DSPAM alone.
 */
final class PipelineServer implements AutoCloseable {
    static final String DOMAIN = "example.org";
    static final String SPAM_MAILBOX = "Spam";
    private static final Pattern DSPAM_MAILET = Pattern.compile(
        "\\s*<mailet match=\"All\" class=\"io\\.jamesdspam\\.mailet\\.Dspam\">.*?</mailet>", Pattern.DOTALL);
    private static final Pattern SPAM_ROUTING = Pattern.compile(
        "\\s*<mailet match=\"io\\.jamesdspam\\.mailet\\.readiness\\.IsReadyDspamSpam(=[0-9.]+)?\" "
            + "class=\"WithStorageDirective\">.*?</mailet>", Pattern.DOTALL);

    /** The two pipelines compared. */
    enum Pipeline {
        BARE, DSPAM
    }

    /**
     * How the server gives a delivered message its thread id (JMAP's threads). James's memory
     * server searches the user's mailboxes for the message's Message-ID, In-Reply-To and
     * References headers, parsing the headers of every message they hold, on every delivery: a
     * cost that grows with the mailboxes, 95 % of the mailbox-writing threads' samples in a JFR of
     * this harness (both pipelines alike, a few hundred messages per user). James's JPA server binds
     * {@link NaiveThreadIdGuessingAlgorithm} instead, the distributed server a table lookup.
     */
    enum ThreadIds {
        /** James's memory server as it ships: the header search. */
        SEARCH,
        /** {@link NaiveThreadIdGuessingAlgorithm}, each message its own thread, as in James's JPA server: a constant cost. */
        NAIVE
    }

    private final Pipeline pipeline;
    private final GuiceJamesServer server;
    private final List<String> users;

    private PipelineServer(Pipeline pipeline, GuiceJamesServer server, List<String> users) {
        this.pipeline = pipeline;
        this.server = server;
        this.users = users;
    }

    /** Copies the sample configuration into {@code workingDirectory/conf}, adapted for {@code pipeline}. */
    static void prepare(Pipeline pipeline, Path sampleConf, Path workingDirectory) throws IOException {
        Path conf = Files.createDirectories(workingDirectory.resolve("conf"));
        try (Stream<Path> files = Files.list(sampleConf)) {
            for (Path file : files.collect(Collectors.toList())) {
                Files.copy(file, conf.resolve(file.getFileName()));
            }
        }
        // Any free port: both servers run on this machine at once
        replace(conf.resolve("smtpserver.xml"), Pattern.compile("<bind>127\\.0\\.0\\.1:\\d+</bind>"), "<bind>127.0.0.1:0</bind>");
        replace(conf.resolve("imapserver.xml"), Pattern.compile("<bind>127\\.0\\.0\\.1:\\d+</bind>"), "<bind>127.0.0.1:0</bind>");
        replace(conf.resolve("webadmin.properties"), Pattern.compile("(?m)^port=\\d+$"), "port=0");
        if (pipeline == Pipeline.BARE) {
            Path mailetContainer = conf.resolve("mailetcontainer.xml");
            replace(mailetContainer, DSPAM_MAILET, "");
            replace(mailetContainer, SPAM_ROUTING, "");
        }
    }

    /**
     * Points the prepared configuration's embedded engine at DSPAM's tables in {@code database}
     * ({@code embedded.storage=postgresql} and the {@code embedded.sql.*} keys of dspam.properties).
     */
    static void useSqlStorage(Path workingDirectory, SqlStoreOptions database) throws IOException {
        Path properties = workingDirectory.resolve("conf/dspam.properties");
        String keys = "\n# the SMTP benchmark's SQL storage\nembedded.storage=postgresql\nembedded.sql.url=" + database.jdbcUrl()
            + "\n" + (database.user() == null ? "" : "embedded.sql.user=" + database.user() + "\n");
        Files.writeString(properties, Files.readString(properties, StandardCharsets.UTF_8) + keys, StandardCharsets.UTF_8);
    }

    /** The mailetcontainer.xml text the pipeline runs (for checks). */
    static String mailetContainer(Path workingDirectory) throws IOException {
        return Files.readString(workingDirectory.resolve("conf/mailetcontainer.xml"), StandardCharsets.UTF_8);
    }

    private static void replace(Path file, Pattern pattern, String replacement) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException(file + " no longer holds " + pattern + ": update the harness with the sample");
        }
        Files.writeString(file, matcher.replaceAll(Matcher.quoteReplacement(replacement)), StandardCharsets.UTF_8);
    }

    /** Boots James from a prepared working directory and provisions the users, each with INBOX and Spam. */
    static PipelineServer start(Pipeline pipeline, Path workingDirectory, List<String> users, ThreadIds threadIds)
        throws Exception {
        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
            .workingDirectory(workingDirectory.toFile())
            .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
            .build();
        GuiceJamesServer server = MemoryJamesServerMain.createServer(configuration)
            .overrideWith(binder -> Multibinder.newSetBinder(binder, GuiceProbe.class)
                .addBinding().to(DeliveryProbe.class))
            .overrideWith(binder -> {
                if (threadIds == ThreadIds.NAIVE) {
                    binder.bind(ThreadIdGuessingAlgorithm.class).to(NaiveThreadIdGuessingAlgorithm.class);
                }
            });
        server.start();
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(DOMAIN);
        for (String user : users) {
            data.addUser(user, "secret");
        }
        PipelineServer pipelineServer = new PipelineServer(pipeline, server, users);
        pipelineServer.createMailboxes();
        return pipelineServer;
    }

    private void createMailboxes() {
        MailboxProbeImpl mailboxes = server.getProbe(MailboxProbeImpl.class);
        for (String user : users) {
            mailboxes.createMailbox(MailboxPath.inbox(Username.of(user)));
            mailboxes.createMailbox(MailboxPath.forUser(Username.of(user), SPAM_MAILBOX));
        }
    }

    /**
     * Deletes the users' INBOX and Spam with the mail in them and creates them empty, as users who
     * read and delete their mail keep them: James's memory mailboxes cost more per delivery the more
     * messages they hold (a server up for six rounds of 1,418 messages delivered 3× slower in its
     * last round than in its first, with or without DSPAM).
     */
    void emptyMailboxes() {
        MailboxProbeImpl mailboxes = server.getProbe(MailboxProbeImpl.class);
        for (String user : users) {
            mailboxes.deleteMailbox(MailboxConstants.USER_NAMESPACE, user, MailboxConstants.INBOX);
            mailboxes.deleteMailbox(MailboxConstants.USER_NAMESPACE, user, SPAM_MAILBOX);
        }
        createMailboxes();
    }

    Pipeline pipeline() {
        return pipeline;
    }

    int smtpPort() {
        return server.getProbe(SmtpGuiceProbe.class).getSmtpPort().getValue();
    }

    DeliveryProbe deliveries() {
        return server.getProbe(DeliveryProbe.class);
    }

    @Override
    public void close() {
        server.stop();
    }
}

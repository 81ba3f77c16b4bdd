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
import org.apache.james.mailbox.model.MailboxPath;
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

    private final Pipeline pipeline;
    private final GuiceJamesServer server;

    private PipelineServer(Pipeline pipeline, GuiceJamesServer server) {
        this.pipeline = pipeline;
        this.server = server;
    }

    /** Copies the sample configuration into {@code workingDirectory/conf}, adapted for {@code pipeline}. */
    static void prepare(Pipeline pipeline, Path sampleConf, Path workingDirectory) throws IOException {
        Path conf = Files.createDirectories(workingDirectory.resolve("conf"));
        try (Stream<Path> files = Files.list(sampleConf)) {
            for (Path file : files.collect(Collectors.toList())) {
                Files.copy(file, conf.resolve(file.getFileName()));
            }
        }
        // Any free port: both servers run in this JVM
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
    static PipelineServer start(Pipeline pipeline, Path workingDirectory, List<String> users) throws Exception {
        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
            .workingDirectory(workingDirectory.toFile())
            .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
            .build();
        GuiceJamesServer server = MemoryJamesServerMain.createServer(configuration)
            .overrideWith(binder -> Multibinder.newSetBinder(binder, GuiceProbe.class)
                .addBinding().to(DeliveryProbe.class));
        server.start();
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        data.addDomain(DOMAIN);
        for (String user : users) {
            data.addUser(user, "secret");
            server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.inbox(Username.of(user)));
            server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.forUser(Username.of(user), SPAM_MAILBOX));
        }
        return new PipelineServer(pipeline, server);
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

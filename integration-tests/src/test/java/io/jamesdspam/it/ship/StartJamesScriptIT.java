package io.jamesdspam.it.ship;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.james.util.Port;
import org.apache.james.utils.SMTPMessageSender;
import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * The README's main command, run as a new user runs it: {@code bash james-conf/start-james.sh}
 * in its own process, from the checkout root, with only the port and directory options a user
 * would choose, training from a folder in the corpus layout. Mail goes in over SMTP and comes out over IMAP with DSPAM's headers, WebAdmin
 * answers, the demo assembly's {@code bin/james-dspam-admin} (which the script's banner names) shows
 * the training, and Ctrl-C (SIGINT) stops James and the script.
 */
class StartJamesScriptIT {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
    private static final String USER = "alice@example.org";
    private static final String PASSWORD = "demo";
    private static final int TRAINED_PER_CLASS = 25;

    /** The corpus layout the README documents: {@code <root>/{ham,spam}/<group>/<id>.eml}. */
    private static Path corpusFolder(Path work, boolean spam) throws IOException {
        Path root = work.resolve("corpus").resolve(spam ? "spam" : "ham");
        List<CorpusMessage> messages = Corpus.load().trainSet().stream()
            .filter(message -> message.isSpam() == spam)
            .limit(TRAINED_PER_CLASS)
            .collect(Collectors.toList());
        for (CorpusMessage message : messages) {
            Path group = Files.createDirectories(root.resolve(message.group()));
            Files.copy(message.file(), group.resolve(message.file().getFileName().toString()));
        }
        return root;
    }

    /** The README's command with the ports and working directory a user would choose, then {@code options}. */
    private static List<String> startScript(int smtpPort, int imapPort, int webAdminPort, Path home, String... options) {
        List<String> command = new ArrayList<>(List.of("bash", "james-conf/start-james.sh",
            "--smtp-port", Integer.toString(smtpPort),
            "--imap-port", Integer.toString(imapPort),
            "--webadmin-port", Integer.toString(webAdminPort),
            "--home", home.toString()));
        command.addAll(List.of(options));
        return command;
    }

    @Test
    void readmeCommandStartsJamesWithDspamAndStopsOnCtrlC(@TempDir Path work) throws Exception {
        int smtpPort = FreePorts.next();
        int imapPort = FreePorts.next();
        int webAdminPort = FreePorts.next();
        List<String> command = startScript(smtpPort, imapPort, webAdminPort, work.resolve("james"),
            "--train-ham", corpusFolder(work, false).toString(),
            "--train-spam", corpusFolder(work, true).toString());

        try (ExternalProcess script = ExternalProcess.start(command, ShipPaths.root(), work.resolve("start-james.log"));
             SMTPMessageSender smtp = new SMTPMessageSender("example.com");
             TestIMAPClient imap = new TestIMAPClient()) {
            script.awaitLine("James 3.8.1 with DSPAM is ready", START_TIMEOUT);
            assertThat(script.output())
                .contains("127.0.0.1:" + smtpPort, "127.0.0.1:" + imapPort, "http://127.0.0.1:" + webAdminPort)
                .contains(USER, "bob@example.org")
                .contains("Ctrl-C stops James");

            CorpusMessage ham = Corpus.load().byPath("ham/easy-ham-1/00002.eml");
            smtp.connect("127.0.0.1", Port.of(smtpPort))
                .sendMessageWithHeaders("sender@example.com", USER, new String(ham.crlfBytes(), StandardCharsets.UTF_8));

            imap.connect("127.0.0.1", imapPort).login(USER, PASSWORD).select(TestIMAPClient.INBOX)
                .awaitMessage(Awaitility.await().atMost(Duration.ofMinutes(2)));
            String headers = imap.readFirstMessageHeaders();
            assertThat(headers)
                .containsPattern("X-DSPAM-Result: (Innocent|Spam), probability=[01]\\.\\d{4}, confidence=[01]\\.\\d{2}")
                .containsPattern("X-DSPAM-Signature: \\S+");

            String statistics = given().port(webAdminPort).get("/dspam/users/" + USER + "/statistics")
                .then().statusCode(200).extract().body().asString();
            assertThat(statistics)
                .contains("\"spamCorpusfed\":" + TRAINED_PER_CLASS)
                .contains("\"innocentCorpusfed\":" + TRAINED_PER_CLASS);

            // README "Administration from the command line", on the demo assembly the script runs
            Path launcher = ShipPaths.root().resolve("james-conf/target/james/bin/james-dspam-admin");
            assertThat(script.output()).contains(launcher + " --url http://127.0.0.1:" + webAdminPort + " stats");
            List<String> stats = List.of(launcher.toString(), "--url", "http://127.0.0.1:" + webAdminPort, "stats", USER);
            try (ExternalProcess admin = ExternalProcess.start(stats, work, work.resolve("admin.log"))) {
                admin.awaitLine(USER, Duration.ofMinutes(1));
                assertThat(admin.awaitExit(Duration.ofMinutes(1))).as(admin.output()).isZero();
                assertThat(admin.output()).containsPattern(USER + " +TP: +\\d+ TN: +\\d+ FP: +0 FN: +0 SC: +"
                    + TRAINED_PER_CLASS + " NC: +" + TRAINED_PER_CLASS + " ");
            }

            String health = given().port(webAdminPort).get("/healthcheck")
                .then().statusCode(200).extract().body().asString();
            assertThat(health).containsIgnoringCase("dspam").contains("\"status\":\"healthy\"");

            List<ProcessHandle> james = script.descendants();
            assertThat(james).isNotEmpty();
            script.signal("INT");

            assertThat(script.awaitExit(Duration.ofMinutes(2))).isEqualTo(130);
            assertThat(script.output()).contains("stopped.");
            assertThat(james).noneMatch(ProcessHandle::isAlive);
            assertThat(FreePorts.isListening(smtpPort)).isFalse();
            assertThat(FreePorts.isListening(webAdminPort)).isFalse();
        }
    }

    /**
     * {@code --serve}: the project's DLMTP server ({@code dspam-tool.jar serve}) starts beside James
     * on the demo's training, James's backend is that server, and a configuration the user already
     * has in the working directory is kept (only the ports and the backend keys change).
     */
    @Test
    void serveRunsJamesOnTheProjectsDlmtpServerAndKeepsTheUsersConfiguration(@TempDir Path work) throws Exception {
        int smtpPort = FreePorts.next();
        int imapPort = FreePorts.next();
        int webAdminPort = FreePorts.next();
        int dlmtpPort = FreePorts.next();
        Path home = work.resolve("james");
        Path properties = SampleConf.copyInto(home).directory().resolve("dspam.properties");
        Files.writeString(properties, "# the user's own note\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        List<String> command = startScript(smtpPort, imapPort, webAdminPort, home,
            "--serve", "--serve-port", Integer.toString(dlmtpPort),
            "--train-ham", corpusFolder(work, false).toString(),
            "--train-spam", corpusFolder(work, true).toString());

        try (ExternalProcess script = ExternalProcess.start(command, ShipPaths.root(), work.resolve("start-james.log"));
             SMTPMessageSender smtp = new SMTPMessageSender("example.com");
             TestIMAPClient imap = new TestIMAPClient()) {
            script.awaitLine("James 3.8.1 with DSPAM is ready", START_TIMEOUT);
            assertThat(script.output()).contains("DLMTP server (dspam-tool.jar serve) on 127.0.0.1:" + dlmtpPort);
            assertThat(FreePorts.isListening(dlmtpPort)).isTrue();
            assertThat(Files.readString(properties))
                .contains("# the user's own note")
                .containsPattern("(?m)^backend=dspamd$")
                .containsPattern("(?m)^dspamd.endpoints=127.0.0.1:" + dlmtpPort + "$");

            CorpusMessage ham = Corpus.load().byPath("ham/easy-ham-1/00002.eml");
            smtp.connect("127.0.0.1", Port.of(smtpPort))
                .sendMessageWithHeaders("sender@example.com", USER, new String(ham.crlfBytes(), StandardCharsets.UTF_8));
            imap.connect("127.0.0.1", imapPort).login(USER, PASSWORD).select(TestIMAPClient.INBOX)
                .awaitMessage(Awaitility.await().atMost(Duration.ofMinutes(2)));
            assertThat(imap.readFirstMessageHeaders())
                .containsPattern("X-DSPAM-Result: (Innocent|Spam), probability=[01]\\.\\d{4}, confidence=[01]\\.\\d{2}");

            // The embedded engine's statistics route: James's backend is dspamd, which has none.
            given().port(webAdminPort).get("/dspam/users/" + USER + "/statistics").then().statusCode(501);
            assertThat(home.resolve("var/dspamd/users")).isDirectory();

            script.signal("INT");
            assertThat(script.awaitExit(Duration.ofMinutes(2))).isEqualTo(130);
            assertThat(script.output()).contains("stopping the DLMTP server");
            assertThat(FreePorts.isListening(dlmtpPort)).isFalse();
            assertThat(FreePorts.isListening(smtpPort)).isFalse();
        }
    }
}

package io.jamesdspam.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.client.DlmtpTransaction;
import io.jamesdspam.client.peer.Script;
import io.jamesdspam.client.peer.ScriptedDlmtpPeer;
import io.jamesdspam.client.peer.Step;
import io.jamesdspam.client.peer.Transcript;

/**
 * The command line in-process against the official client's transcripts (32a–h): same bytes on
 * the wire (up to spelling, see {@link OfficialClientTranscripts}), same output, except that the
 * returned message is printed whole.
 */
class DspamcTest {
    @TempDir
    Path directory;

    private static final class Run {
        final int status;
        final String out;
        final String err;

        Run(int status, String out, String err) {
            this.status = status;
            this.out = out;
            this.err = err;
        }
    }

    private Run run(ScriptedDlmtpPeer peer, InputStream stdin, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", String.valueOf(peer.endpoint().port()),
            "--ident", "james", "--password", "s3cret", "--timeout=10"));
        all.addAll(List.of(args));
        return run(stdin, all.toArray(new String[0]));
    }

    private static Run run(InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Dspamc.run(args, stdin, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path messageFile(Script script) throws Exception {
        Path file = directory.resolve("message.eml");
        List<DlmtpTransaction> transactions = Transcript.transactions(script);
        Files.write(file, transactions.isEmpty() ? Transcript.transactions(OfficialClientTranscripts.asThisClientSendsIt(Transcript.load("32a-").script())).get(0).message()
            : transactions.get(0).message());
        return file;
    }

    /**
     * The command line keeps the library's default end marker: a NOOP pipelined after a
     * --classify message, answered before QUIT (docs/PROTOCOL.md §6.5).
     */
    private static Script withEndMarker(Script script) {
        return script.inserting(step -> step.isExpect("QUIT\r\n"),
            List.of(Step.expect("NOOP\r\n"), Step.send("503 5.0.0 Need MAIL FROM here.\r\n")));
    }

    private Run replay(String name, Script script, boolean messageFromFile, String... args) throws Exception {
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(script)) {
            Run run;
            if (messageFromFile) {
                List<String> all = new ArrayList<>(List.of(args));
                all.add(messageFile(script).toString());
                run = run(peer, InputStream.nullInputStream(), all.toArray(new String[0]));
            } else {
                run = run(peer, InputStream.nullInputStream(), args);
            }
            assertThat(peer.awaitScripts(20, TimeUnit.SECONDS)).isTrue();
            assertThat(peer.mismatches()).as(name).isEmpty();
            return run;
        }
    }

    private static String printed(Transcript transcript) {
        StringBuilder text = new StringBuilder();
        transcript.printed().forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    @Test
    void classify32aFromStdin() throws Exception {
        Transcript transcript = Transcript.load("32a-");
        Script script = withEndMarker(OfficialClientTranscripts.asThisClientSendsIt(transcript.script()));
        byte[] message = Transcript.transactions(script).get(0).message();
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(script)) {
            Run run = run(peer, new ByteArrayInputStream(message), "--user", "bob", "--classify", "--deliver=summary");

            assertThat(peer.awaitScripts(20, TimeUnit.SECONDS)).isTrue();
            assertThat(peer.mismatches()).isEmpty();
            assertThat(run.status).isZero();
            assertThat(run.out).isEqualTo(printed(transcript));
            assertThat(run.err).isEmpty();
        }
    }

    @Test
    void processSummary32b() throws Exception {
        Transcript transcript = Transcript.load("32b-");
        Run run = replay("32b", OfficialClientTranscripts.asThisClientSendsIt(transcript.script()), true,
            "--user", "bob", "--process", "--deliver=summary");

        assertThat(run.status).isZero();
        assertThat(run.out).isEqualTo(printed(transcript))
            .isEqualTo("X-DSPAM-Result: bob; result=\"Spam\"; class=\"Spam\"; probability=1.0000; confidence=0.99;"
                + " signature=6b061690295431220613817\n");
    }

    @Test
    void stdout32cPrintsTheWholeMessageUnlikeDspamc() throws Exception {
        Transcript transcript = Transcript.load("32c-");
        Run run = replay("32c", OfficialClientTranscripts.asThisClientSendsIt(transcript.script()), true,
            "--user", "bob", "--deliver=innocent,spam", "--stdout");

        assertThat(run.status).isZero();
        assertThat(run.out).startsWith(printed(transcript)).isEqualTo(printed(transcript) + ".\nafter a lone dot line\n");
    }

    @Test
    void twoUsersLmtpReplies32dPrintNothing() throws Exception {
        Run run = replay("32d", OfficialClientTranscripts.asThisClientSendsIt(Transcript.load("32d-").script()), true,
            "--user", "bob", "--user", "alice", "--deliver=innocent,spam");

        assertThat(run.status).isZero();
        assertThat(run.out).isEmpty();
    }

    @Test
    void retrainBySignature32e() throws Exception {
        Transcript transcript = Transcript.load("32e-");
        Run run = replay("32e", OfficialClientTranscripts.asThisClientSendsIt(transcript.script()).ignoringDataContent(), false,
            "--user", "bob", "--source=error", "--class=spam", "--signature=6b061693295431554120145", "--deliver=summary");

        assertThat(run.status).isZero();
        assertThat(run.out).isEqualTo(printed(transcript));
    }

    @Test
    void corpus32g() throws Exception {
        Transcript transcript = Transcript.load("32g-");
        Run run = replay("32g", OfficialClientTranscripts.asThisClientSendsIt(transcript.script()), true,
            "--user", "bob", "--source=corpus", "--class=spam", "--deliver=summary");

        assertThat(run.status).isZero();
        assertThat(run.out).isEqualTo(printed(transcript));
    }

    @Test
    void wrongPassword32hExitsNonZeroWithOneLine() throws Exception {
        Script script = OfficialClientTranscripts.asThisClientSendsIt(Transcript.load("32h-").script())
            .through(step -> step.type() == Step.Type.SEND && step.text().startsWith("503"));
        Run run = replay("32h", script, true, "--password", "wrongpass", "--user", "bob", "--classify", "--deliver=summary");

        assertThat(run.status).isEqualTo(Dspamc.FAILED);
        assertThat(run.out).isEmpty();
        assertThat(run.err).startsWith("dspamc: AUTHENTICATION: ").endsWith("\n");
        assertThat(run.err.strip()).doesNotContain("\n");
    }

    @Test
    void aUserWithoutResultExitsWithStatus3() throws Exception {
        Script recorded = Transcript.load("08-").script();
        List<Step> steps = new ArrayList<>(recorded.through(step -> step.type() == Step.Type.SEND
            && step.text().equals(".\r\n")).steps());
        steps.add(Step.expect("QUIT\r\n"));
        steps.add(Step.send("221 2.0.0 OK\r\n"));
        steps.add(Step.close());
        Run run = replay("08", new Script(steps, true).ignoringDataContent(), false,
            "--user", "bob", "--source=error", "--class=spam", "--signature=0123456789abcdef");

        assertThat(run.status).isEqualTo(Dspamc.NOT_CLASSIFIED);
        assertThat(run.out).isEmpty();
        assertThat(run.err).startsWith("dspamc: no result for user bob");
    }

    @Test
    void signatureRetrainSendsTheLibrarysDummyMessage() {
        assertThat(new String(DlmtpTransaction.signatureOnlyMessage(), StandardCharsets.US_ASCII)).contains("X-Retrain");
    }

    @Test
    void usageErrorsNeverConnect() throws Exception {
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(List.of())) {
            InputStream message = new ByteArrayInputStream("Subject: x\n\nbody text\n".getBytes(StandardCharsets.US_ASCII));
            List<String[]> bad = List.of(
                new String[] {"--classify"},
                new String[] {"--user", "bob", "--foo"},
                new String[] {"--user", "bob", "--classify", "--class=spam", "--source=corpus"},
                new String[] {"--user", "bob", "--mode=bogus"},
                new String[] {"--user", "../etc", "--classify"},
                new String[] {"--user", "bob", "--source=corpus", "--class=spam", "--process"},
                new String[] {"--user", "bob", "--deliver"});
            for (String[] args : bad) {
                Run run = run(peer, message, args);
                assertThat(run.status).as(String.join(" ", args)).isEqualTo(Dspamc.USAGE);
                assertThat(run.err).startsWith("dspamc: ").doesNotContain("\n\n");
            }
            Run empty = run(peer, InputStream.nullInputStream(), "--user", "bob", "--classify");
            assertThat(empty.status).isEqualTo(Dspamc.USAGE);
            assertThat(empty.err).contains("empty");
            assertThat(run(InputStream.nullInputStream(), "--user", "bob", "--classify").err).contains("--host");
            assertThat(peer.connectionsAccepted()).isZero();
        }
        Run help = run(InputStream.nullInputStream(), "--help");
        assertThat(help.status).isZero();
        assertThat(help.out).startsWith("usage: java -jar dspamc.jar");
    }

    @Test
    void unreachableDaemon() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = run(new ByteArrayInputStream("Subject: x\n\nbody text\n".getBytes(StandardCharsets.US_ASCII)),
            "--host", "127.0.0.1", "--port", String.valueOf(port), "--ident", "james", "--password", "s3cret",
            "--user", "bob", "--classify");

        assertThat(run.status).isEqualTo(Dspamc.FAILED);
        assertThat(run.err).startsWith("dspamc: UNREACHABLE: ");
    }

    @Test
    void propertiesFileAndUnixSocket() throws Exception {
        Transcript transcript = Transcript.load("31-");
        Script script = withEndMarker(transcript.script());
        byte[] message = Transcript.transactions(script).get(0).message();
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.unixSocket(directory, List.of(script))) {
            Path properties = directory.resolve("dspam.properties");
            Files.writeString(properties, "dspamd.endpoints=" + peer.endpoint().socketPath().orElseThrow()
                + "\ndspamd.ident=james\ndspamd.password=s3cret\nbackend=dspamd\n");
            Run run = run(new ByteArrayInputStream(message), "--properties", properties.toString(),
                "--user", "bob", "--classify", "--deliver=summary");

            assertThat(peer.awaitScripts(20, TimeUnit.SECONDS)).isTrue();
            assertThat(peer.mismatches()).isEmpty();
            assertThat(run.status).isZero();
            assertThat(run.out).startsWith("X-DSPAM-Result: bob; result=\"Innocent\"");
        }
    }
}

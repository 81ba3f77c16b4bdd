package io.jamesdspam.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.client.peer.Script;
import io.jamesdspam.client.peer.ScriptedDlmtpPeer;
import io.jamesdspam.client.peer.Transcript;

/** The packaged {@code dspamc.jar} as an operator runs it: {@code java -jar}, message from a file. */
class DspamcJarIT {
    @TempDir
    Path directory;

    @Test
    void theExecutableJarReplaysTranscript32b() throws Exception {
        Path jar = Paths.get(System.getProperty("dspamc.jar", "target/dspamc.jar"));
        assertThat(jar).exists();
        Transcript transcript = Transcript.load("32b-");
        Script script = OfficialClientTranscripts.asThisClientSendsIt(transcript.script());
        Path message = directory.resolve("spam3.eml");
        Files.write(message, Transcript.transactions(script).get(0).message());

        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(script)) {
            Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(List.of(java.toString(), "-jar", jar.toString(),
                "--host", "127.0.0.1", "--port", String.valueOf(peer.endpoint().port()),
                "--ident", "james", "--password", "s3cret", "--user", "bob", "--process", "--deliver=summary",
                message.toString()))
                .redirectError(directory.resolve("stderr.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(process.exitValue()).isZero();
            assertThat(stdout).isEqualTo(transcript.printed().get(0) + "\n");
            assertThat(directory.resolve("stderr.txt")).isEmptyFile();
            assertThat(peer.awaitScripts(20, TimeUnit.SECONDS)).isTrue();
            assertThat(peer.mismatches()).isEmpty();
        }
    }
}

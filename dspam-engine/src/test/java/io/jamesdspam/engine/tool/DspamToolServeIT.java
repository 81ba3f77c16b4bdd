package io.jamesdspam.engine.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.testing.SampleMessages;

/**
 * {@code java -jar dspam-tool.jar serve --config dspam.conf}: the engine as a stand-in dspamd,
 * answering a DLMTP classification on a real socket, and stopping on SIGTERM.
 */
class DspamToolServeIT {
    @TempDir
    Path work;

    @Test
    void servesDlmtpFromTheJarWithTheStoreOfHome() throws Exception {
        Path home = work.resolve("home");
        Path conf = work.resolve("dspam.conf");
        Files.write(conf, List.of(
            "Home " + home,
            "ServerHost 127.0.0.1",
            "ServerPort 0",
            "ServerPass.james \"s3cret\"",
            "TrainingMode teft",
            "Tokenizer osb"));
        Path jar = Paths.get(System.getProperty("dspam.tool.jar", "target/dspam-tool.jar"));
        Process process = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", jar.toString(), "serve", "--config", conf.toString())
            .redirectErrorStream(true)
            .start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            String address = null;
            while ((line = output.readLine()) != null) {
                if (line.startsWith("DLMTP server listening on ")) {
                    address = line.substring("DLMTP server listening on ".length()).trim();
                    break;
                }
            }
            assertThat(address).as("the server announces where it listens").isNotNull();
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));

            String summary = classifyOverDlmtp(port);

            assertThat(summary).startsWith("X-DSPAM-Result: bob; result=\"");
            assertThat(home).isDirectory();
        } finally {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    private static String classifyOverDlmtp(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220 DSPAM DLMTP");
            send(out, "LHLO james\r\n");
            String reply;
            do {
                reply = in.readLine();
            } while (reply.startsWith("250-"));
            send(out, "MAIL FROM:<s3cret@james> DSPAMPROCESSMODE=\"--classify --deliver=summary\"\r\n");
            assertThat(in.readLine()).isEqualTo("250 2.1.0 OK");
            send(out, "RCPT TO:<bob>\r\n");
            assertThat(in.readLine()).isEqualTo("250 2.1.5 OK");
            send(out, "DATA\r\n");
            assertThat(in.readLine()).startsWith("354 ");
            out.write(SampleMessages.PLAIN_HAM.crlfBytes());
            send(out, ".\r\n");
            String summary = in.readLine();
            assertThat(in.readLine()).isEqualTo(".");
            send(out, "QUIT\r\n");
            return summary;
        }
    }

    private static void send(OutputStream out, String text) throws Exception {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}

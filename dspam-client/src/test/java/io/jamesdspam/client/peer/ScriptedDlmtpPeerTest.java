package io.jamesdspam.client.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The replay tests only mean something if the peer notices a byte that differs. */
class ScriptedDlmtpPeerTest {

    @Test
    void aDifferentClientLineIsReported() throws Exception {
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(Script.of(Step.send("220 hi\r\n"), Step.expect("LHLO james\r\n")))) {
            try (Socket socket = new Socket("127.0.0.1", peer.endpoint().port())) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                assertThat(new String(in.readNBytes(8), StandardCharsets.US_ASCII)).isEqualTo("220 hi\r\n");
                out.write("LHLO james\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(peer.awaitScripts(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(peer.mismatches()).singleElement().asString().contains("expected LHLO james<CR><LF>")
                .contains("sent LHLO james<LF>");
        }
    }

    @Test
    void bytesBeyondTheScriptAreReported() throws Exception {
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(Script.of(Step.expect("QUIT\r\n")))) {
            try (Socket socket = new Socket("127.0.0.1", peer.endpoint().port())) {
                socket.getOutputStream().write("QUIT\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                socket.shutdownOutput();
                assertThat(peer.awaitScripts(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(peer.mismatches()).singleElement().asString().contains("more than scripted");
        }
    }

    @Test
    void transcriptsDecodeTheirEscapes() {
        Transcript transcript = Transcript.load("35-");
        List<Step> steps = transcript.script().steps();

        assertThat(steps).contains(Step.expect("Hello\u0000World, bare LF lines.\r\n"));
        assertThat(steps.get(0)).isEqualTo(Step.send("220 DSPAM DLMTP GIT Authentication Required\r\n"));
    }
}

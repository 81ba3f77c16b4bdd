package io.jamesdspam.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;
import io.jamesdspam.testing.TestServices;

/**
 * The real SpamAssassin spamd that .ci/run starts answers the SPAMC protocol on a corpus message:
 * the service the autolearn tests depend on is really there (and this fails, never skips, when not).
 */
class SpamdIT {
    private final TestServices.Endpoint spamd = TestServices.requireReachable(TestServices.spamd());

    @Test
    void answersPing() throws IOException {
        String reply = exchange("PING SPAMC/1.5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(reply).startsWith("SPAMD/1.5 0 PONG");
    }

    @Test
    void checksACorpusSpam() throws IOException {
        CorpusMessage spam = Corpus.load().testSet().stream().filter(CorpusMessage::isSpam).findFirst().orElseThrow();

        String reply = check(spam.crlfBytes());

        assertThat(reply).startsWith("SPAMD/1.1 0 EX_OK");
        assertThat(reply).containsPattern("Spam: (True|False) ; -?[0-9.]+ / [0-9.]+");
    }

    @Test
    void scoresAnObviousSpamAboveAHam() throws IOException {
        CorpusMessage ham = Corpus.load().byPath("ham/easy-ham-1/00002.eml");
        CorpusMessage spam = Corpus.load().testSet().stream().filter(CorpusMessage::isSpam).findFirst().orElseThrow();

        assertThat(score(check(spam.crlfBytes()))).isGreaterThan(score(check(ham.crlfBytes())));
    }

    private String check(byte[] message) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("CHECK SPAMC/1.5\r\nContent-length: " + message.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        request.write(message);
        return exchange(request.toByteArray());
    }

    private static double score(String reply) {
        String line = reply.lines().filter(l -> l.startsWith("Spam:")).findFirst().orElseThrow();
        return Double.parseDouble(line.substring(line.indexOf(';') + 1, line.indexOf('/')).trim());
    }

    private String exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(spamd.host(), spamd.port()), 5000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}

package io.jamesdspam.it.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;

import javax.mail.Flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.core.Username;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.modules.MailboxProbeImpl;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.mailet.cli.DspamAdmin;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * {@code james-dspam-admin} against a real James 3.8.1 on the shipped sample configuration
 * (embedded engine, WebAdmin on a free port), run in-process through picocli with its documented
 * exit codes; and the WebAdmin hardening of the DSPAM routes as a real James serves them, with
 * James's own request logger in front of them (an extension cannot replace it).
 */
class DspamAdminIT {
    private static final String DOMAIN = "example.org";
    private static final String TRAINED = "trainee@" + DOMAIN;
    private static final String UPLOADER = "uploader@" + DOMAIN;
    private static final String FED = "fed@" + DOMAIN;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static JamesServerExtension james = SampleConf.server(directory -> SampleConf.copyInto(directory).ports(0, 0, 0));

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        server.getProbe(DataProbeImpl.class).fluent().addDomain(DOMAIN)
            .addUser(TRAINED, "secret").addUser(UPLOADER, "secret").addUser(FED, "secret");
        for (String user : List.of(TRAINED, UPLOADER, FED)) {
            server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.forUser(Username.of(user), "Spam"));
        }
    }

    private static String url(GuiceJamesServer server) {
        return "http://127.0.0.1:" + server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
    }

    private int admin(GuiceJamesServer server, String... args) {
        List<String> all = new ArrayList<>(List.of("--url", url(server)));
        all.addAll(List.of(args));
        return DspamAdmin.execute(new PrintWriter(out, true), new PrintWriter(err, true), false, all.toArray(String[]::new));
    }

    private static JsonNode statistics(GuiceJamesServer server, String user) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(url(server) + "/dspam/users/" + user + "/statistics")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static List<CorpusMessage> corpus(boolean spam, int count) {
        return Corpus.load().trainSet().stream().filter(message -> message.isSpam() == spam).limit(count)
            .collect(Collectors.toList());
    }

    @Test
    void trainsADirectoryAndAnMboxThenStatsShowsThem(GuiceJamesServer server) throws Exception {
        Path spam = Files.createDirectories(directory.resolve("spam"));
        for (CorpusMessage message : corpus(true, 6)) {
            Files.write(spam.resolve(message.id() + ".eml"), message.bytes());
        }
        Path ham = directory.resolve("ham.mbox");
        try (OutputStream mbox = Files.newOutputStream(ham)) {
            for (CorpusMessage message : corpus(false, 4)) {
                mbox.write(("From " + message.envelopeFrom() + " Mon Jan  1 00:00:00 2024\n").getBytes(StandardCharsets.US_ASCII));
                byte[] quoted = mboxrdQuoted(message.bytes());
                mbox.write(quoted);
                mbox.write(quoted[quoted.length - 1] == '\n' ? "\n".getBytes(StandardCharsets.US_ASCII)
                    : "\n\n".getBytes(StandardCharsets.US_ASCII));
            }
        }

        assertThat(admin(server, "train", TRAINED, "--spam", spam.toString(), "--innocent", ham.toString()))
            .as(err.toString()).isZero();

        assertThat(out.toString()).contains("spam: 6 messages, 6 trained", "innocent: 4 messages, 4 trained");
        JsonNode totals = statistics(server, TRAINED);
        assertThat(totals.get("spamCorpusfed").asLong()).isEqualTo(6);
        assertThat(totals.get("innocentCorpusfed").asLong()).isEqualTo(4);

        assertThat(admin(server, "stats")).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("(?m)^" + TRAINED + " +TP: +0 TN: +0 FP: +0 FN: +0 SC: +6 NC: +4 accuracy: -$")
            .contains(UPLOADER, FED);
    }

    @Test
    void statsAsJsonIsTheRoutesAnswer(GuiceJamesServer server) throws Exception {
        assertThat(admin(server, "stats", "--json", FED)).as(err.toString()).isZero();

        JsonNode json = JSON.readTree(out.toString());
        assertThat(json.get(0).get("user").asText()).isEqualTo(FED);
        assertThat(json.get(0).has("falsePositives")).isTrue();
    }

    @Test
    void cleanRunsThePurgeToItsEnd(GuiceJamesServer server) {
        assertThat(admin(server, "clean", "--signature-age", "30d")).as(err.toString()).isZero();

        assertThat(out.toString()).containsPattern(
            "purge task \\S+ completed: signatureAgeInSeconds 2592000, usersPurged \\d+, signaturesPurged \\d+, tokensPurged \\d+"
                + " \\(limits in days: signatures 30, neutral 90, unused 90,30,15,15\\)");
    }

    @Test
    void cleanTakesDspamCleansTokenLimitsForThatPurge(GuiceJamesServer server) {
        assertThat(admin(server, "clean", "--neutral-age", "45d", "--unused-ages", "60d,20d,5d,10d")).as(err.toString())
            .isZero();

        assertThat(out.toString()).contains("(limits in days: signatures 14, neutral 45, unused 60,20,5,10)");
    }

    @Test
    void feedWaitsForThePeriodicTrainingTask(GuiceJamesServer server) throws Exception {
        server.getProbe(MailboxProbeImpl.class).appendMessage(FED, MailboxPath.forUser(Username.of(FED), "Spam"),
            new ByteArrayInputStream(corpus(true, 1).get(0).crlfBytes()), new Date(), false, new Flags());

        assertThat(admin(server, "feed", "--user", FED, "--wait")).as(err.toString()).isZero();

        assertThat(out.toString()).containsPattern("training task \\S+ completed: examined 1, trainedSpam 1, trainedInnocent 0");
        assertThat(statistics(server, FED).get("spamCorpusfed").asLong()).isEqualTo(1);
    }

    @Test
    void aPreferenceRoundTripThroughTheRealJames(GuiceJamesServer server) {
        assertThat(admin(server, "preference", "set", UPLOADER, "trainingmode", "TUM")).as(err.toString()).isZero();
        assertThat(admin(server, "preference", "get", UPLOADER, "trainingMode")).as(err.toString()).isZero();
        assertThat(admin(server, "preference", "aggregate", UPLOADER)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("trainingMode=TUM set for " + UPLOADER + "\n", "trainingMode=TUM\n");

        assertThat(admin(server, "preference", "set", UPLOADER, "processorBias", "off")).isEqualTo(1);
        assertThat(err.toString()).contains("403").contains("AllowOverride");

        assertThat(admin(server, "preference", "delete", UPLOADER, "trainingMode")).as(err.toString()).isZero();
        assertThat(admin(server, "preference", "list", UPLOADER)).as(err.toString()).isZero();
        assertThat(admin(server, "groups", UPLOADER)).as(err.toString()).isZero();
        assertThat(out.toString()).endsWith("trainingMode deleted for " + UPLOADER + "\n" + UPLOADER + ": no group applies\n");
    }

    @Test
    void anUnreachableServerExitsWithThree() throws Exception {
        int closed = FreePorts.next();

        int exit = DspamAdmin.execute(new PrintWriter(out, true), new PrintWriter(err, true), false,
            "--url", "http://127.0.0.1:" + closed, "stats", FED);

        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).contains("cannot reach James's WebAdmin at http://127.0.0.1:" + closed + ": connection refused");
    }

    @Test
    void aMissingFileExitsWithFourAndSendsNothing(GuiceJamesServer server) throws Exception {
        long before = statistics(server, UPLOADER).get("spamCorpusfed").asLong();

        assertThat(admin(server, "train", UPLOADER, "--spam", directory.resolve("missing").toString())).isEqualTo(4);

        assertThat(err.toString()).contains("missing: no such file or directory").doesNotContain("reach");
        assertThat(statistics(server, UPLOADER).get("spamCorpusfed").asLong()).isEqualTo(before);
    }

    @Test
    void anEightBitMessageWithPercentSignsIsTrainedAsIs(GuiceJamesServer server) throws Exception {
        long before = statistics(server, UPLOADER).get("spamCorpusfed").asLong();
        byte[] message = ("Subject: 100% gratuit\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\n"
            + "Gagnez 100% \u00e0 coup s\u00fbr, r\u00e9ponse imm\u00e9diate %ZZ %%\r\n").getBytes(StandardCharsets.ISO_8859_1);

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url(server) + "/dspam/users/" + UPLOADER + "/messages?class=spam"))
            .header("Content-Type", "message/rfc822")
            .POST(HttpRequest.BodyPublishers.ofByteArray(message)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("trained").asBoolean()).isTrue();
        assertThat(statistics(server, UPLOADER).get("spamCorpusfed").asLong()).isEqualTo(before + 1);
    }

    /**
     * The README's plain curl line, content type left to curl ({@code application/x-www-form-urlencoded}):
     * James 3.8.1's request logger would have Jetty parse the mail as a form before any route runs
     * (a 500 for 8-bit bytes, an empty body otherwise) but for the DSPAM routes' {@code BodyGuard}.
     */
    @Test
    void plainCurlTrainsAnEightBitMessage(GuiceJamesServer server) throws Exception {
        long before = statistics(server, UPLOADER).get("spamCorpusfed").asLong();
        Path mail = directory.resolve("curl.eml");
        Files.write(mail, ("Subject: 100% gratuit\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\n"
            + "Gagnez 100% \u00e0 coup s\u00fbr a=b&c=d %ZZ\r\n").getBytes(StandardCharsets.ISO_8859_1));

        Process curl = new ProcessBuilder("curl", "-sS", "-w", "\n%{http_code}", "--data-binary", "@" + mail,
            url(server) + "/dspam/users/" + UPLOADER + "/messages?class=spam").redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(curl.waitFor()).as(output).isZero();
        assertThat(output).endsWith("\n200").contains("\"trained\":true");
        assertThat(statistics(server, UPLOADER).get("spamCorpusfed").asLong()).isEqualTo(before + 1);
    }

    @Test
    void anUnknownParameterIsRefusedByName(GuiceJamesServer server) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url(server) + "/dspam/training?dryrun=true")).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).get("message").asText()).contains("Unknown query parameter 'dryrun'");
    }

    /**
     * A body larger than the 32 MB limit is refused with 413, and the answer reaches a client that
     * sends it all: the DSPAM routes read such a body to its end without keeping it (ahead of James's
     * request logger, which would keep it whole in memory).
     */
    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead(GuiceJamesServer server) throws Exception {
        int port = server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
        long declared = 33L * 1024 * 1024;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            OutputStream request = socket.getOutputStream();
            request.write(("POST /dspam/users/" + UPLOADER + "/messages?class=spam HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Content-Type: message/rfc822\r\n"
                + "Content-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            sendBody(request, declared);

            String answer = readAnswer(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 413").contains("larger than " + (32L * 1024 * 1024) + " bytes");
        }
    }

    /** {@code size} bytes of a text body; a server that answers before reading it all may close early. */
    private static void sendBody(OutputStream request, long size) {
        byte[] line = "0123456789 100% abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ.\r\n".getBytes(StandardCharsets.US_ASCII);
        try {
            for (long sent = 0; sent < size; sent += line.length) {
                request.write(line, 0, (int) Math.min(line.length, size - sent));
            }
            request.flush();
        } catch (IOException e) {
            // the answer, read next, says why
        }
    }

    /** The status line, headers and as much of the body as arrives before the server closes or pauses. */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int read;
        while ((read = in.read(buffer)) > 0) {
            answer.write(buffer, 0, read);
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            if (text.contains("\r\n\r\n") && text.contains("}")) {
                break;
            }
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }

    /** mboxrd: a body line starting with "From " (after any '>') gets one more '>'. */
    private static byte[] mboxrdQuoted(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        return text.replaceAll("(?m)^(>*From )", ">$1").getBytes(StandardCharsets.ISO_8859_1);
    }
}

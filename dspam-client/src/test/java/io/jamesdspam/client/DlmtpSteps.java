package io.jamesdspam.client;

import java.util.ArrayList;
import java.util.List;

import io.jamesdspam.client.peer.Step;

/** Hand-written DLMTP exchanges as dspamd 3.10.2 (ensc fork) answers them, for fault scripts. */
final class DlmtpSteps {
    static final String CLASSIFY_OPTIONS = "--classify --deliver=summary";
    static final byte[] MESSAGE = "Subject: test message\r\n\r\nhello there world\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private DlmtpSteps() {
    }

    static List<Step> greeting() {
        return List.of(
            Step.send("220 DSPAM DLMTP GIT Authentication Required\r\n"),
            Step.expect("LHLO james\r\n"),
            Step.send("250-dspam.test.local\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n250-DSPAMPROCESSMODE\r\n"
                + "250-8BITMIME\r\n250 SIZE\r\n"));
    }

    /** MAIL FROM with {@code options}, one RCPT TO per user, DATA, all accepted; the message read up to its dot. */
    static List<Step> accepted(String options, String... users) {
        List<Step> steps = new ArrayList<>(commands(options, users));
        steps.add(Step.send("354 Enter mail, end with \".\" on a line by itself\r\n"));
        steps.add(Step.skip());
        steps.add(Step.expect(".\r\n"));
        return steps;
    }

    /** MAIL FROM, RCPT TOs and DATA, with every reply but DATA's. */
    static List<Step> commands(String options, String... users) {
        List<Step> steps = new ArrayList<>();
        steps.add(Step.expect("MAIL FROM:<s3cret@james> DSPAMPROCESSMODE=\"" + options + "\"\r\n"));
        steps.add(Step.send("250 2.1.0 OK\r\n"));
        for (String user : users) {
            steps.add(Step.expect("RCPT TO:<" + user + ">\r\n"));
            steps.add(Step.send("250 2.1.5 OK\r\n"));
        }
        steps.add(Step.expect("DATA\r\n"));
        return steps;
    }

    static Step summary(String user, String result) {
        return Step.send("X-DSPAM-Result: " + user + "; result=\"" + result + "\"; class=\"" + result
            + "\"; probability=0.0000; confidence=0.99; signature=N/A\n");
    }

    static Step terminator() {
        return Step.send(".\r\n");
    }

    /** A whole successful classification of {@code user}. */
    static List<Step> classifiedInnocent(String user) {
        List<Step> steps = new ArrayList<>(accepted(CLASSIFY_OPTIONS, user));
        steps.add(summary(user, "Innocent"));
        steps.add(terminator());
        return steps;
    }

    static List<Step> quit() {
        return List.of(Step.expect("QUIT\r\n"), Step.send("221 2.0.0 OK\r\n"), Step.close());
    }

    @SafeVarargs
    static List<Step> concat(List<Step>... parts) {
        List<Step> all = new ArrayList<>();
        for (List<Step> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}

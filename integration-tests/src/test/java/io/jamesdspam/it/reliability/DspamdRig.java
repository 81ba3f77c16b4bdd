package io.jamesdspam.it.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import io.jamesdspam.it.mailet.MailetItMail;

/**
 * The dspamd side of the reliability ITs: the project's DLMTP server in its own process behind a
 * fault proxy, and the {@code dspam.properties} of a James that reaches it. The mailet timeout
 * and the hang length are short for CI ({@code -Dreliability.timeout}, default 5s;
 * {@code -Dreliability.hang}, default 15s); the README's 60 s figures come from a run with
 * {@code -Dreliability.timeout=30s -Dreliability.hang=60s} (the shipped timeout).
 */
final class DspamdRig implements AutoCloseable {
    static final Duration TIMEOUT = duration("reliability.timeout", "5s");
    static final Duration HANG = duration("reliability.hang", "15s");
    static final int HANG_MAILS_PER_SECOND = 20;

    private final DlmtpPeerProcess peer;
    private final FaultProxy proxy;

    private DspamdRig(DlmtpPeerProcess peer, FaultProxy proxy) {
        this.peer = peer;
        this.proxy = proxy;
    }

    static DspamdRig start() {
        try {
            DlmtpPeerProcess peer = DlmtpPeerProcess.start(Files.createTempDirectory("dspamd-rig"));
            return new DspamdRig(peer, FaultProxy.start(peer.port()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Duration duration(String property, String defaultValue) {
        return Duration.parse("PT" + System.getProperty(property, defaultValue).toUpperCase(Locale.ROOT));
    }

    DlmtpPeerProcess peer() {
        return peer;
    }

    FaultProxy proxy() {
        return proxy;
    }

    Map<String, String> dspamProperties(boolean breaker) {
        return Map.of(
            "backend", "dspamd",
            "dspamd.endpoints", "127.0.0.1:" + proxy.port(),
            "dspamd.ident", DlmtpPeerProcess.IDENT,
            "dspamd.password", DlmtpPeerProcess.PASSWORD,
            "dspamd.connectTimeout", "1s",
            "dspamd.replyTimeout", TIMEOUT.multipliedBy(2).toMillis() + "ms",
            "dspamd.backoff", "1s",
            "timeout", TIMEOUT.toMillis() + "ms",
            "breaker.enabled", Boolean.toString(breaker),
            "breaker.openFor", "2s");
    }

    /**
     * Mails delivered per second by {@code phase}'s server while the peer is stopped for
     * {@link #HANG}, mail sent at {@link #HANG_MAILS_PER_SECOND} (after 20 mails delivered normally).
     */
    double deliveryRateDuringHang(MailPhase phase) throws Exception {
        phase.send(20);
        MailetItMail.awaitSpoolEmpty(phase.server());
        peer.stop();
        try {
            return phase.deliveryRateWhile(HANG, HANG_MAILS_PER_SECOND);
        } finally {
            peer.resume();
        }
    }

    /** Lines of the peer's output telling it crashed (it never should). */
    long peerCrashes() throws IOException {
        return peer.outputLinesContaining("Exception in thread") + peer.outputLinesContaining("OutOfMemoryError");
    }

    String hangDescription() {
        return HANG.toSeconds() + " s SIGSTOP of the peer, " + HANG_MAILS_PER_SECOND + " mails/s sent, mailet timeout "
            + TIMEOUT.toSeconds() + " s, 20 spool threads";
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    @Override
    public void close() throws Exception {
        proxy.close();
        peer.close();
    }
}

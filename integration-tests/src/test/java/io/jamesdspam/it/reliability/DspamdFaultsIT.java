package io.jamesdspam.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.james.JamesServerExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.it.mailet.MailetItMail;
import io.jamesdspam.it.mailet.MailetItServer;

/**
 * James with {@code backend=dspamd} against the project's DLMTP server in its own process, through
 * a fault-injecting proxy, over SMTP; every figure counted from the recipients' mailboxes. Faults:
 * the peer killed -9 and restarted twice, stopped (SIGSTOP) past the mailet timeout, answering
 * garbage, closing mid-reply, accepting and never answering; then delivery during a hang with the
 * circuit breaker (the "before" is {@link DspamdBreakerOffHangIT}). Timeouts: see {@link DspamdRig}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DspamdFaultsIT {
    private static DspamdRig rig;

    @RegisterExtension
    static JamesServerExtension james = MailetItServer.extension("reliability", () -> {
        rig = DspamdRig.start();
        return rig.dspamProperties(true);
    });

    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterAll
    static void stopRig() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @AfterEach
    void stopBackground() {
        background.shutdownNow();
    }

    private static MailPhase phase(String name) throws Exception {
        return new MailPhase(james.getGuiceJamesServer(), name);
    }

    private static void finish(MailPhase phase, ReliabilityReport.Kind kind, String scenario, String note) throws Exception {
        phase.count(kind, scenario, note, rig.peerCrashes()).recordAndAssertClean();
    }

    @Test
    @Order(1)
    void killedMinus9AndRestartedTwice() throws Exception {
        MailPhase phase = phase("kill");
        List<Future<?>> kills = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            if (i == 100 || i == 200) {
                // The second kill waits for the first restart: killing a peer still starting is not the scenario
                for (Future<?> earlier : kills) {
                    earlier.get(2, TimeUnit.MINUTES);
                }
                kills.add(background.submit(() -> {
                    rig.peer().killAndRestart();
                    return null;
                }));
            }
            phase.send();
        }
        for (Future<?> kill : kills) {
            kill.get(2, TimeUnit.MINUTES);
        }
        phase.awaitClassificationResumes();
        finish(phase, ReliabilityReport.Kind.KILL, "dspamd-killed-9-twice",
            "the peer (dspam-tool serve, journal store) killed -9 at mails 100 and 200 and restarted on its store");
    }

    @Test
    @Order(2)
    void stoppedLongerThanTheMailetTimeout() throws Exception {
        MailPhase phase = phase("stop");
        rig.peer().stop();
        long stopped = System.nanoTime();
        try {
            phase.send(150);
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() ->
                System.nanoTime() - stopped > DspamdRig.TIMEOUT.multipliedBy(2).toNanos());
        } finally {
            rig.peer().resume();
        }
        phase.awaitClassificationResumes();
        finish(phase, ReliabilityReport.Kind.FAULT, "dspamd-sigstop",
            "the peer stopped (SIGSTOP) for more than twice the mailet timeout of " + DspamdRig.TIMEOUT.toSeconds() + " s");
    }

    @Test
    @Order(3)
    void answeringGarbage() throws Exception {
        proxyFault("garbage", FaultProxy.Mode.GARBAGE, "every reply replaced by control bytes and nonsense");
    }

    @Test
    @Order(4)
    void closingMidReply() throws Exception {
        proxyFault("mid-reply", FaultProxy.Mode.CLOSE_MID_REPLY, "the connection closed in the middle of the summary line");
    }

    @Test
    @Order(5)
    void acceptingButNeverAnswering() throws Exception {
        proxyFault("silent", FaultProxy.Mode.SILENT, "connections accepted, nothing ever answered");
    }

    private void proxyFault(String name, FaultProxy.Mode mode, String what) throws Exception {
        MailPhase phase = phase(name);
        rig.proxy().mode(mode);
        try {
            phase.send(150);
            MailetItMail.awaitSpoolEmpty(phase.server());
        } finally {
            rig.proxy().mode(FaultProxy.Mode.PASS);
        }
        phase.awaitClassificationResumes();
        finish(phase, ReliabilityReport.Kind.FAULT, "dspamd-" + name, what);
    }

    /** Mails delivered per second while the peer hangs; the same measure without the breaker is DspamdBreakerOffHangIT's. */
    @Test
    @Order(6)
    void withTheBreakerAHungPeerCostsAFewMailsTheirTimeout() throws Exception {
        MailPhase phase = phase("hang-breaker");
        double rate = rig.deliveryRateDuringHang(phase);
        phase.awaitClassificationResumes();
        ReliabilityReport.Scenario scenario = phase.count(ReliabilityReport.Kind.FAULT, "dspamd-hang",
                rig.hangDescription() + "; circuit breaker on (defaults but openFor=2s)", rig.peerCrashes())
            .figure("deliveredPerSecondDuringHang", DspamdRig.round(rate))
            .figure("mailsSentPerSecond", DspamdRig.HANG_MAILS_PER_SECOND);
        Optional<Double> without = ReliabilityReport.scenarios().stream()
            .filter(entry -> entry.path("name").asText().equals(DspamdBreakerOffHangIT.SCENARIO))
            .map(entry -> entry.path("figures").path("deliveredPerSecondDuringHang").asDouble())
            .findFirst();
        without.ifPresent(rateWithout -> scenario.figure("deliveredPerSecondDuringHangWithoutBreaker", rateWithout));
        scenario.recordAndAssertClean();
        without.ifPresent(rateWithout -> assertThat(rate)
            .as("mails/s delivered during the hang with the breaker, against %s without", rateWithout)
            .isGreaterThan(rateWithout * 2));
        assertThat(rate).as("mails/s delivered during the hang with the breaker")
            .isGreaterThan(DspamdRig.HANG_MAILS_PER_SECOND / 2.0);
    }
}

package io.jamesdspam.it.reliability;

import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.it.mailet.MailetItServer;

/**
 * The "before" of the hang figure: the same James and peer as {@link DspamdFaultsIT} with
 * {@code breaker.enabled=false}, so every mail waits its timeout while the peer is stopped.
 * Runs before DspamdFaultsIT (Failsafe's alphabetical order), which quotes this entry's rate.
 */
class DspamdBreakerOffHangIT {
    static final String SCENARIO = "dspamd-hang-no-breaker";
    private static DspamdRig rig;

    @RegisterExtension
    static JamesServerExtension james = MailetItServer.extension("reliability", () -> {
        rig = DspamdRig.start();
        return rig.dspamProperties(false);
    });

    @AfterAll
    static void stopRig() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void withoutTheBreakerAHungPeerHoldsEveryMailForItsTimeout() throws Exception {
        MailPhase phase = new MailPhase(james.getGuiceJamesServer(), "hang-no-breaker");
        double rate = rig.deliveryRateDuringHang(phase);
        phase.count(ReliabilityReport.Kind.FAULT, SCENARIO, rig.hangDescription() + "; breaker.enabled=false",
                rig.peerCrashes())
            .figure("deliveredPerSecondDuringHang", DspamdRig.round(rate))
            .figure("mailsSentPerSecond", DspamdRig.HANG_MAILS_PER_SECOND)
            .recordAndAssertClean();
    }
}

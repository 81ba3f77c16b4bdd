package io.jamesdspam.it.reliability.fuzz;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.it.reliability.ReliabilityReport;
import io.jamesdspam.it.ship.SampleConf;

/**
 * The same fuzzed mail as {@link SmtpFuzzIT} through the sample configuration with the DSPAM
 * mailets taken out: what James itself does with hostile MIME, so that a loss can be told apart
 * from one DSPAM causes.
 */
class SmtpFuzzWithoutDspamIT {
    private static final int INPUTS = 300;

    @RegisterExtension
    static JamesServerExtension james = SampleConf.server(directory -> SampleConf.copyInto(directory).ports(0, 0, 0)
        .replace("mailetcontainer.xml", "(?s)<mailet match=\"All\" class=\"io\\.jamesdspam\\.mailet\\.Dspam\">.*?</mailet>", "")
        .replace("mailetcontainer.xml",
            "(?s)<mailet match=\"io\\.jamesdspam\\.mailet\\.readiness\\.IsReadyDspamSpam\".*?</mailet>", ""));

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        SmtpFuzzRun.provision(server);
    }

    @Test
    void everyAcceptedFuzzedMailIsDeliveredExactlyOnceWithoutDspam(GuiceJamesServer server) throws Exception {
        long seed = Long.getLong("reliability.fuzz.seed", EngineFuzzIT.DEFAULT_SEED);
        ReliabilityReport.Scenario scenario = new SmtpFuzzRun(seed, INPUTS).run(server, "fuzzed mail over SMTP (without DSPAM mailets)");
        scenario.recordAndAssertClean();
    }
}

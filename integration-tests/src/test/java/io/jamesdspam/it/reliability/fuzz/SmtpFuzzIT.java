package io.jamesdspam.it.reliability.fuzz;

import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.it.reliability.ReliabilityReport;
import io.jamesdspam.it.ship.SampleConf;
import io.jamesdspam.testing.CapturedLogs;

/**
 * {@value #INPUTS} fuzzed mails over SMTP into James booted on the shipped sample configuration
 * (DSPAM mailets, embedded engine): every mail James accepted is delivered exactly once, none
 * stays in the spool, and nothing the peer sent reaches our log lines raw.
 */
class SmtpFuzzIT {
    private static final int INPUTS = 1_000;

    @RegisterExtension
    static JamesServerExtension james = SampleConf.server(directory -> SampleConf.copyInto(directory).ports(0, 0, 0));

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        SmtpFuzzRun.provision(server);
    }

    @Test
    void everyAcceptedFuzzedMailIsDeliveredExactlyOnce(GuiceJamesServer server) throws Exception {
        long seed = Long.getLong("reliability.fuzz.seed", EngineFuzzIT.DEFAULT_SEED);
        ReliabilityReport.Scenario scenario;
        try (CapturedLogs logs = CapturedLogs.of("io.jamesdspam")) {
            scenario = new SmtpFuzzRun(seed, INPUTS).run(server, "fuzzed mail over SMTP (sample configuration)");
            logs.linesWithControlCharacters().forEach(line -> scenario.note("raw control byte in a log line: " + line));
            scenario.figure("logLinesWithControlBytes", logs.linesWithControlCharacters().size());
        }
        scenario.recordAndAssertClean();
    }
}

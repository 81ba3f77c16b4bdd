package io.jamesdspam.it.ship;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.data.UsersRepositoryModuleChooser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample configuration with one mistake an operator could make: James refuses to start,
 * and the error (somewhere in its cause chain) names the mistake and what to do instead.
 */
class SampleMisconfigurationIT {
    @TempDir
    Path workingDirectory;

    @Test
    void aMailboxListInListenersXmlStopsJamesSayingToMoveItToDspamProperties() throws Exception {
        SampleConf.copyInto(workingDirectory).ports(0, 0, 0)
            .replace("listeners.xml", "<async>true</async>",
                "<async>true</async><configuration><spamMailboxes>Pourriel</spamMailboxes></configuration>");

        assertStartFailsWith("move it to dspam.properties as spamMailboxes=Pourriel");
    }

    @Test
    void aParameterTheDspamMailetDoesNotUseStopsJamesNamingIt() throws Exception {
        SampleConf.copyInto(workingDirectory).ports(0, 0, 0)
            .replace("mailetcontainer.xml", "<mode>process</mode>", "<mode>process</mode><rejectType>temp</rejectType>");

        assertStartFailsWith("Invalid DSPAM parameter 'rejectType': not used here");
    }

    private void assertStartFailsWith(String message) {
        GuiceJamesServer server = MemoryJamesServerMain.createServer(MemoryJamesConfiguration.builder()
            .workingDirectory(workingDirectory.toFile())
            .usersRepository(UsersRepositoryModuleChooser.Implementation.DEFAULT)
            .build());
        try {
            assertThatThrownBy(server::start).hasStackTraceContaining(message);
        } finally {
            server.stop();
        }
    }
}

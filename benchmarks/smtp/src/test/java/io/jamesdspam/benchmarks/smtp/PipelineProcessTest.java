package io.jamesdspam.benchmarks.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.benchmarks.smtp.PipelineServer.Pipeline;
import io.jamesdspam.benchmarks.smtp.PipelineServer.ThreadIds;

/** The harness drives a James server in a process of its own: SMTP in, deliveries counted, mailboxes emptied. */
class PipelineProcessTest {
    private static final Path SAMPLE = Paths.get("../../james-conf/src/main/conf").toAbsolutePath().normalize();
    private static final String USER = "user0@" + PipelineServer.DOMAIN;
    private static final byte[] MESSAGE = ("From: sender@elsewhere.net\r\nTo: " + USER + "\r\nSubject: harness\r\n"
        + "Message-ID: <harness@elsewhere.net>\r\n\r\nA line.\r\n.starts with a dot\r\n").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path directory;

    @Test
    void aServerProcessCountsWhatLandsInMailboxesAndKeepsCountingAfterTheyAreEmptied() throws Exception {
        Path working = directory.resolve("bare");
        PipelineServer.prepare(Pipeline.BARE, SAMPLE, working);

        try (PipelineProcess server = PipelineProcess.start(Pipeline.BARE, working, List.of(USER), ThreadIds.NAIVE, List.of())) {
            assertThat(server.deliveries().delivered).isZero();
            send(server, 2);

            PipelineProcess.Deliveries landed = server.awaitDelivered(2, Duration.ofMinutes(1));
            assertThat(landed.reached).isTrue();
            assertThat(landed.delivered).isEqualTo(2);
            assertThat(landed.toSpam).isZero();
            assertThat(server.awaitDelivered(3, Duration.ofMillis(300)).reached).isFalse();

            server.emptyMailboxes();
            send(server, 1);
            assertThat(server.awaitDelivered(3, Duration.ofMinutes(1)).delivered).isEqualTo(3);
            assertThat(server.cpuTime()).isPositive();
        }
    }

    @Test
    void aServerThatCannotBootIsReportedWithItsLog() throws IOException {
        Path working = Files.createDirectories(directory.resolve("no-configuration"));

        assertThatThrownBy(() -> PipelineProcess.start(Pipeline.BARE, working, List.of(USER), ThreadIds.NAIVE, List.of()))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("BARE server did not start")
            .hasMessageContaining(working.resolve("server.log").toString());
        assertThat(working.resolve("server.log")).content().contains("Exception").contains("\tat ");
    }

    private static void send(PipelineProcess server, int messages) throws IOException {
        try (SmtpSession smtp = new SmtpSession(server.smtpPort())) {
            for (int i = 0; i < messages; i++) {
                assertThat(smtp.send("sender@elsewhere.net", List.of(USER), MESSAGE)).isTrue();
            }
        }
    }
}

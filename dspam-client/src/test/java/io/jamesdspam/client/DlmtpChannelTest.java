package io.jamesdspam.client;

import static io.jamesdspam.client.DlmtpSteps.CLASSIFY_OPTIONS;
import static io.jamesdspam.client.DlmtpSteps.MESSAGE;
import static io.jamesdspam.client.DlmtpSteps.accepted;
import static io.jamesdspam.client.DlmtpSteps.concat;
import static io.jamesdspam.client.DlmtpSteps.greeting;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jdk.net.ExtendedSocketOptions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.client.peer.Script;
import io.jamesdspam.client.peer.ScriptedDlmtpPeer;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;

class DlmtpChannelTest {
    @TempDir
    Path directory;

    @Test
    void quickAckIsUsedOverTcpWhereverThePlatformOffersIt() throws Exception {
        boolean offered;
        try (SocketChannel probe = SocketChannel.open()) {
            offered = probe.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        }
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(new Script(List.of(), false));
             DlmtpChannel channel = DlmtpChannel.connect(peer.endpoint(), Duration.ofSeconds(5))) {
            assertThat(channel.usesQuickAck()).isEqualTo(offered);
        }
        assertThat(offered).as("Linux offers TCP_QUICKACK").isEqualTo(System.getProperty("os.name").startsWith("Linux"));
    }

    @Test
    void unixSocketsNeedNoQuickAck() throws Exception {
        assertThat(DlmtpChannel.unixSocketsSupported()).isTrue();
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.unixSocket(directory, List.of(new Script(List.of(), false)));
             DlmtpChannel channel = DlmtpChannel.connect(peer.endpoint(), Duration.ofSeconds(5))) {
            assertThat(channel.usesQuickAck()).isFalse();
        }
    }

    @Test
    void anInterruptedCallerStopsWaitingForAStalledDaemon() throws Exception {
        Script stalled = new Script(concat(greeting(), accepted(CLASSIFY_OPTIONS, "bob")), false);
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(stalled);
             DlmtpClient client = DlmtpClient.create(PeerFixture.configuration(peer.endpoint())
                 .replyTimeout(Duration.ofMinutes(5)).build())) {
            AtomicReference<Thread> caller = new AtomicReference<>();
            CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> {
                caller.set(Thread.currentThread());
                return client.execute(DspamRequest.classify(List.of(DspamUser.of("bob")), MESSAGE));
            });
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> client.openConnections() == 1
                && caller.get() != null && caller.get().getState() == Thread.State.RUNNABLE && peer.connectionsAccepted() == 1);
            caller.get().interrupt();

            Throwable failure = null;
            try {
                call.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            assertThat(failure).isInstanceOf(DspamException.class);
            assertThat(((DspamException) failure).kind()).isIn(DspamException.Kind.INTERNAL, DspamException.Kind.UNREACHABLE);
        }
    }
}

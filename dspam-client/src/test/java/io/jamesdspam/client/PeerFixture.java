package io.jamesdspam.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.jamesdspam.client.peer.Script;
import io.jamesdspam.client.peer.ScriptedDlmtpPeer;

/** Runs a client against a scripted peer and checks that the client sent exactly the scripted bytes. */
final class PeerFixture {
    static final String IDENT = "james";
    static final String PASSWORD = "s3cret";

    private PeerFixture() {
    }

    static DlmtpClientConfiguration.Builder configuration(DlmtpEndpoint endpoint) {
        return DlmtpClientConfiguration.builder()
            .endpoint(endpoint)
            .ident(IDENT)
            .password(PASSWORD)
            .poolSize(1)
            .connectTimeout(Duration.ofSeconds(5))
            .replyTimeout(Duration.ofSeconds(10))
            .endMarker(DlmtpClientConfiguration.EndMarker.NEVER);
    }

    /** The transactions in order on one pooled connection, then close (QUIT). */
    static List<DlmtpTransactionResult> replay(ScriptedDlmtpPeer peer, DlmtpClientConfiguration configuration,
                                               List<DlmtpTransaction> transactions) throws Exception {
        List<DlmtpTransactionResult> results = new ArrayList<>();
        try (DlmtpClient client = DlmtpClient.create(configuration)) {
            for (DlmtpTransaction transaction : transactions) {
                results.add(client.transact(transaction));
            }
        }
        assertPeerSatisfied(peer);
        return results;
    }

    static List<DlmtpTransactionResult> replay(Script script, boolean pipelining, List<DlmtpTransaction> transactions)
        throws Exception {
        try (ScriptedDlmtpPeer peer = ScriptedDlmtpPeer.tcp(script)) {
            return replay(peer, configuration(peer.endpoint()).pipelining(pipelining).build(), transactions);
        }
    }

    static void assertPeerSatisfied(ScriptedDlmtpPeer peer) throws InterruptedException {
        assertThat(peer.awaitScripts(20, TimeUnit.SECONDS)).as("every scripted connection played").isTrue();
        assertThat(peer.mismatches()).as("bytes the client sent that the transcript does not have").isEmpty();
    }
}

package io.jamesdspam.it.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.utils.TestIMAPClient;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import io.jamesdspam.it.reliability.ReliabilityReport;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.listener.DspamRetrainListener;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * A James node dies while its retrain listener handles a correction, on James's distributed event
 * bus over the machine's real RabbitMQ ({@code listener.mode=inline}, what the README recommends
 * for a cluster). The server under test is the node that dies, at the {@link Stall} its subclass
 * places; a second node, started by the test on the same exchange and queues with the same
 * mailboxes, ledger and DSPAM (as a cluster's nodes share them), takes over when the first node's
 * connection to RabbitMQ goes. The broker hands it the event the dead node never acknowledged,
 * and the correction is learned exactly once: whether the dead node had not started on it, or
 * had DSPAM learn it but not recorded it (DSPAM keeps the event's operation key with the training
 * and answers the second node "already applied").
 */
abstract class RabbitMqNodeCrash {
    static final DspamConfiguration INLINE = DspamConfiguration.of(Map.of("listener.mode", "inline"));
    private static final ConditionFactory AWAIT = Awaitility.await().atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100));

    protected abstract SwitchableBackend backend();

    protected abstract Stall stall();

    protected abstract RabbitMqEventBusNodes rabbitMq();

    /** Where the node dies, for the report: {@code before-recording}, {@code after-dspam-learned}. */
    protected abstract String where();

    /** What DSPAM had learned of the correction when the node died (0 or 1): the premise of the subclass. */
    protected abstract long learnedBeforeTheNodeDies();

    private String user() {
        return "node-crash-" + where() + "@example.org";
    }

    @Test
    void theBrokerGivesTheEventADeadNodeHadNotAcknowledgedToAnotherNodeWhichLearnsItOnce(GuiceJamesServer server)
        throws Exception {
        MoveLatencyWithDspamDown.provision(server, user());
        MoveLatencyWithDspamDown.deliver(server, user(), 1);
        AWAIT.until(() -> totals(server).innocentLearned() == 1);

        stall().arm();
        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort())
                .login(user(), MoveLatencyWithDspamDown.PASSWORD)
                .select("INBOX").awaitMessageCount(AWAIT, 1);
            imap.moveFirstMessage("Spam");
            assertThat(imap.getMessageCount("Spam")).isEqualTo(1);
        }
        int dispatchRedeliveries = awaitTheServerNodeHoldingTheMove(server);
        long learnedByTheDeadNode = totals(server).spamMisclassified();
        assertThat(learnedByTheDeadNode).as("DSPAM's learning when the node dies").isEqualTo(learnedBeforeTheNodeDies());

        EventBusNodeProbe probe = server.getProbe(EventBusNodeProbe.class);
        RabbitMqEventBusNodes.Node otherNode = probe.startNode(rabbitMq());
        otherNode.bus().register(probe.inlineRetrainListener(new CorrectionTrainer(backend(), probe.ledger())),
            new DspamRetrainListener.DspamRetrainListenerGroup());

        rabbitMq().serverNode().close();
        AWAIT.until(() -> probe.ledger().find(DspamUser.of(user()), movedMessage(probe)).isPresent());
        stall().release();
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
            .until(() -> totals(server).spamMisclassified() == 1);
        DspamTotals after = totals(server);

        new ReliabilityReport.Scenario("retrain-listener-inline-rabbitmq-node-dies-" + where(), ReliabilityReport.Kind.FAULT)
            .accepted(1).delivered(1).lost(Math.max(0, 1 - after.spamMisclassified()))
            .duplicated(Math.max(0, after.spamMisclassified() - 1)).inputs(1).crashes(0)
            .figure("learnedBeforeTheNodeDied", learnedByTheDeadNode)
            .figure("failedDispatchesRedelivered", dispatchRedeliveries)
            .note("listener.mode=inline, James's RabbitMQ event bus (real broker): the node holding the IMAP MOVE's"
                + " event dies " + where().replace('-', ' ') + "; a second node on the same queues takes the event over")
            .recordAndAssertClean();
        assertThat(after.spamMisclassified()).isEqualTo(1);
        assertThat(after.spamLearned()).isEqualTo(1);
        assertThat(after.innocentLearned()).isZero();
    }

    /**
     * The premise of the scenario: the server node's listener holds the MOVE's event (a MOVE whose
     * event James failed to publish is redelivered, as an operator would).
     *
     * @return how many times the server's failed dispatches were redelivered
     */
    private int awaitTheServerNodeHoldingTheMove(GuiceJamesServer server) {
        WebAdminDeadLetters deadLetters = new WebAdminDeadLetters(
            server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue());
        try {
            return deadLetters.awaitRedeliveringFailedDispatches(rabbitMq().busName(), Duration.ofMinutes(2),
                stall()::hasArrived);
        } catch (ConditionTimeoutException e) {
            System.err.println("The server node's listener never received the MOVE's event; this JVM's threads:\n"
                + ThreadDump.ofAllThreads());
            throw new AssertionError("the server node's listener did not receive the MOVE's event within 2 minutes"
                + " (the nodes' queue: " + rabbitMq().groupsQueueState() + "; the JVM's threads are printed above)", e);
        }
    }

    /** The key of the one message of the user's Spam mailbox, as the ledger knows it. */
    private String movedMessage(EventBusNodeProbe probe) throws Exception {
        return probe.messageKeys(user(), "Spam").get(0);
    }

    private DspamTotals totals(GuiceJamesServer server) {
        return server.getProbe(RetrainProbe.class).totals(user());
    }
}

package io.jamesdspam.it.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Singleton;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.it.reliability.ReliabilityReport;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.listener.DspamRetrainListener;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;

/**
 * A James node dies while its retrain listener handles a correction, on James's distributed event
 * bus over the machine's real RabbitMQ ({@code listener.mode=inline}, what the README recommends
 * for a cluster). The server under test is the node that dies: its listener has received the
 * IMAP MOVE's event and stalls before it records anything; a second node, started by the test on
 * the same exchange and queues with the same mailboxes and ledger (as a cluster's nodes share
 * them), takes over when the first node's connection to RabbitMQ goes. The broker hands it the
 * event the dead node never acknowledged, and the correction is trained exactly once.
 *
 * <p>A node that dies after recording the message in the ledger but before DSPAM's answer loses
 * that one correction instead (the ledger's claim comes first so that no redelivery can train a
 * message twice); that window is the DSPAM call, and is not exercised here.
 */
class RetrainRabbitMqNodeCrashIT {
    private static final String USER = "node-crash@example.org";
    private static final SwitchableBackend BACKEND = new SwitchableBackend();
    private static final Stall STALL = new Stall();
    private static final ConditionFactory AWAIT = Awaitility.await().atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100));

    @RegisterExtension
    @Order(1)
    static RabbitMqEventBusNodes rabbitMq = new RabbitMqEventBusNodes("dspam-it-node-crash");

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = RetrainItServer.extension(BACKEND,
        DspamConfiguration.of(Map.of("listener.mode", "inline")), new AbstractModule() {
            @Override
            protected void configure() {
                install(rabbitMq.serverModule());
                Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(EventBusNodeProbe.class);
            }

            @Provides
            @Singleton
            CorrectionTrainer stallingTrainer(DspamBackend backend, TrainingLedger ledger) {
                return new StallingTrainer(backend, ledger, STALL);
            }
        });

    /** Holds the first correction it is asked for, until the test lets it go: the node is dead by then. */
    private static final class Stall {
        private final AtomicBoolean armed = new AtomicBoolean();
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        void hold() {
            if (armed.compareAndSet(true, false)) {
                arrived.countDown();
                try {
                    released.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("this node died before recording or training the correction");
            }
        }
    }

    /** The dying node's trainer: stalls before the ledger and DSPAM see the correction. */
    private static final class StallingTrainer extends CorrectionTrainer {
        private final Stall stall;

        StallingTrainer(DspamBackend backend, TrainingLedger ledger, Stall stall) {
            super(backend, ledger);
            this.stall = stall;
        }

        @Override
        public Outcome correct(DspamUser user, String messageKey, byte[] message, TrainingClass trueClass) {
            stall.hold();
            return super.correct(user, messageKey, message, trueClass);
        }
    }

    @Test
    void theBrokerGivesTheEventADeadNodeHadNotAcknowledgedToAnotherNodeWhichTrainsItOnce(GuiceJamesServer server)
        throws Exception {
        MoveLatencyWithDspamDown.provision(server, USER);
        MoveLatencyWithDspamDown.deliver(server, USER, 1);
        AWAIT.until(() -> totals(server).innocentLearned() == 1);

        STALL.armed.set(true);
        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort())
                .login(USER, MoveLatencyWithDspamDown.PASSWORD)
                .select("INBOX").awaitMessageCount(AWAIT, 1);
            imap.moveFirstMessage("Spam");
            assertThat(imap.getMessageCount("Spam")).isEqualTo(1);
        }
        assertThat(STALL.arrived.await(2, TimeUnit.MINUTES))
            .as("the server node's listener received the move's event").isTrue();

        EventBusNodeProbe probe = server.getProbe(EventBusNodeProbe.class);
        RabbitMqEventBusNodes.Node otherNode = probe.startNode(rabbitMq);
        otherNode.bus().register(probe.inlineRetrainListener(new CorrectionTrainer(BACKEND, probe.ledger())),
            new DspamRetrainListener.DspamRetrainListenerGroup());
        assertThat(totals(server).spamMisclassified()).isZero();

        rabbitMq.serverNode().close();
        AWAIT.until(() -> totals(server).spamMisclassified() == 1);
        STALL.released.countDown();
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
            .until(() -> totals(server).spamMisclassified() == 1);
        DspamTotals after = totals(server);

        new ReliabilityReport.Scenario("retrain-listener-inline-rabbitmq-node-dies-mid-correction",
            ReliabilityReport.Kind.FAULT)
            .accepted(1).delivered(1).lost(1 - after.spamMisclassified()).duplicated(Math.max(0, after.spamMisclassified() - 1))
            .inputs(1).crashes(0)
            .note("listener.mode=inline, James's RabbitMQ event bus (real broker): the node holding the IMAP MOVE's"
                + " event dies before recording it; a second node on the same queues trains it")
            .recordAndAssertClean();
        assertThat(after.spamMisclassified()).isEqualTo(1);
        assertThat(after.spamLearned()).isEqualTo(1);
        assertThat(after.innocentLearned()).isZero();
    }

    private static DspamTotals totals(GuiceJamesServer server) {
        return server.getProbe(RetrainProbe.class).totals(USER);
    }
}

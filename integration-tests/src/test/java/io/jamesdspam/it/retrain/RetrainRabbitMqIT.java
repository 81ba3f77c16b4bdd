package io.jamesdspam.it.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import javax.inject.Singleton;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.events.DispatchingFailureGroup;
import org.apache.james.events.Event;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.events.GenericGroup;
import org.apache.james.mailbox.events.MessageMoveEvent;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.utils.TestIMAPClient;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.configuration.RetrainListenerMode;
import io.jamesdspam.mailet.listener.DspamRetrainListener;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;

/**
 * The retrain listener with {@code listener.mode=inline} on James's distributed event bus
 * ({@code RabbitMQEventBus}, the one James's distributed server binds) over the machine's real
 * RabbitMQ, in a memory server whose only change is that bus: what the README recommends for a
 * cluster. The event reaches the listener through the broker (serialised, queued, acknowledged
 * after the training), so what is checked here is what the in-VM bus cannot show: a move does
 * not wait for the listener, the broker's own retries and James's dead letters bring a correction
 * made while DSPAM was down to DSPAM exactly once, and an event delivered again trains nothing.
 */
class RetrainRabbitMqIT extends MoveLatencyWithDspamDown {
    private static final SwitchableBackend BACKEND = new SwitchableBackend();
    private static final ConditionFactory AWAIT = Awaitility.await().atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(100));
    private static final Group RETRAIN_GROUP = new DspamRetrainListener.DspamRetrainListenerGroup();
    /** What the server's retrain listener's trainer answered, per message key. */
    private static final List<Map.Entry<String, CorrectionTrainer.Outcome>> OUTCOMES = new CopyOnWriteArrayList<>();

    @RegisterExtension
    @Order(1)
    static RabbitMqEventBusNodes rabbitMq = new RabbitMqEventBusNodes("dspam-it-retrain");

    @RegisterExtension
    @Order(2)
    static JamesServerExtension james = RetrainItServer.extension(BACKEND,
        DspamConfiguration.of(Map.of("listener.mode", "inline")), new AbstractModule() {
            @Override
            protected void configure() {
                install(rabbitMq.serverModule());
            }

            @Provides
            @Singleton
            CorrectionTrainer recordingTrainer(DspamBackend backend, TrainingLedger ledger) {
                return new RecordingTrainer(backend, ledger, OUTCOMES);
            }
        });

    @Override
    protected RetrainListenerMode mode() {
        return RetrainListenerMode.INLINE;
    }

    @Override
    protected SwitchableBackend backend() {
        return BACKEND;
    }

    @Override
    protected int moves() {
        return 10;
    }

    @Override
    protected String busScenarioName() {
        return "-rabbitmq";
    }

    @Override
    protected String busDescription() {
        return "James's RabbitMQ event bus (real broker) with 8 retries from 50 ms";
    }

    /** Keeps every move event the bus delivers to its group, as the server's other groups see them. */
    private static final class MoveEvents implements EventListener.ReactiveGroupEventListener {
        private static final Group GROUP = new GenericGroup("dspam-it-move-events");
        private final List<MessageMoveEvent> received = new CopyOnWriteArrayList<>();

        @Override
        public Group getDefaultGroup() {
            return GROUP;
        }

        @Override
        public Publisher<Void> reactiveEvent(Event event) {
            if (event instanceof MessageMoveEvent) {
                received.add((MessageMoveEvent) event);
            }
            return Mono.empty();
        }
    }

    /** The server's trainer, keeping what each correction came to. */
    private static final class RecordingTrainer extends CorrectionTrainer {
        private final List<Map.Entry<String, Outcome>> outcomes;

        RecordingTrainer(DspamBackend backend, TrainingLedger ledger, List<Map.Entry<String, Outcome>> outcomes) {
            super(backend, ledger);
            this.outcomes = outcomes;
        }

        @Override
        public Outcome correct(DspamUser user, String messageKey, byte[] message, TrainingClass trueClass,
                               Optional<String> operation) {
            Outcome outcome = super.correct(user, messageKey, message, trueClass, operation);
            outcomes.add(Map.entry(messageKey, outcome));
            return outcome;
        }
    }

    @Test
    void aMoveIntoSpamIsTrainedOnceThroughTheBrokerAndTheSameEventDeliveredAgainTrainsNothing(GuiceJamesServer server)
        throws Exception {
        String user = "rabbit-once@example.org";
        provision(server, user);
        deliver(server, user, 1);
        AWAIT.until(() -> totals(server, user).innocentLearned() == 1);
        EventBusNodeProbe node = server.getProbe(EventBusNodeProbe.class);
        MoveEvents moveEvents = new MoveEvents();
        node.eventBus().register(moveEvents, MoveEvents.GROUP);

        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(user, PASSWORD)
                .select("INBOX").awaitMessageCount(AWAIT, 1);
            imap.moveFirstMessage("Spam");
        }
        WebAdminDeadLetters deadLetters = new WebAdminDeadLetters(
            server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue());
        deadLetters.awaitRedeliveringFailedDispatches(rabbitMq.busName(), Duration.ofMinutes(2),
            () -> totals(server, user).spamMisclassified() == 1 && moveEvents.received.size() == 1);
        String messageKey = moveEvents.received.get(0).getMessageIds().iterator().next().serialize();
        assertThat(node.ledger().find(DspamUser.of(user), messageKey)).isPresent();
        assertThat(outcomesOf(messageKey)).containsExactly(CorrectionTrainer.Outcome.TRAINED_BY_SIGNATURE);

        // What a node that trained but died before acknowledging leaves behind: the same event,
        // delivered again by the broker (here through the retrain group's own queue, as a retry).
        Mono.from(node.eventBus().reDeliver(RETRAIN_GROUP, moveEvents.received.get(0))).block();
        AWAIT.until(() -> outcomesOf(messageKey).size() == 2);
        assertThat(outcomesOf(messageKey))
            .containsExactly(CorrectionTrainer.Outcome.TRAINED_BY_SIGNATURE, CorrectionTrainer.Outcome.ALREADY_TRAINED);
        AWAIT.until(() -> rabbitMq.readyInWorkQueue(RETRAIN_GROUP) == 0);

        // What a node whose publication of the event failed leaves behind: the event, kept as a dead
        // letter of the bus's dispatching-failure group, redelivered by an operator to every group.
        DispatchingFailureGroup dispatchingFailures = new DispatchingFailureGroup(rabbitMq.busName());
        Mono.from(node.deadLetters().store(dispatchingFailures, moveEvents.received.get(0))).block();
        deadLetters.redeliver(dispatchingFailures.asString());
        AWAIT.until(() -> outcomesOf(messageKey).size() == 3);
        assertThat(outcomesOf(messageKey)).endsWith(CorrectionTrainer.Outcome.ALREADY_TRAINED);
        AWAIT.until(() -> rabbitMq.readyInWorkQueue(RETRAIN_GROUP) == 0);

        assertThat(totals(server, user).spamLearned()).isEqualTo(1);
        assertThat(totals(server, user).innocentLearned()).isZero();
        assertThat(deadLetters.groups()).doesNotContain(RETRAIN_GROUP.asString(), dispatchingFailures.asString());
    }

    private static List<CorrectionTrainer.Outcome> outcomesOf(String messageKey) {
        return OUTCOMES.stream().filter(entry -> entry.getKey().equals(messageKey)).map(Map.Entry::getValue)
            .collect(Collectors.toList());
    }

    private static DspamTotals totals(GuiceJamesServer server, String user) {
        return server.getProbe(RetrainProbe.class).totals(user);
    }
}

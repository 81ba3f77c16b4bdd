package io.jamesdspam.it.retrain;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import javax.inject.Singleton;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.apache.james.backends.rabbitmq.RabbitMQConfiguration;
import org.apache.james.backends.rabbitmq.RabbitMQConnectionFactory;
import org.apache.james.backends.rabbitmq.ReactorRabbitMQChannelPool;
import org.apache.james.backends.rabbitmq.SimpleConnectionPool;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventBusId;
import org.apache.james.events.EventBusName;
import org.apache.james.events.EventDeadLetters;
import org.apache.james.events.EventSerializer;
import org.apache.james.events.Group;
import org.apache.james.events.NamingStrategy;
import org.apache.james.events.RabbitMQEventBus;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.events.RoutingKeyConverter;
import org.apache.james.mailbox.events.MailboxIdRegistrationKey;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.utils.GuiceProbe;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.rabbitmq.RabbitFlux;
import reactor.rabbitmq.ReceiverOptions;

import io.jamesdspam.mailet.listener.DspamRetrainListener;

/**
 * James's distributed event bus ({@link RabbitMQEventBus}, built as James's distributed server
 * builds it) on the machine's real RabbitMQ (127.0.0.1:5672, guest/guest), for the memory servers
 * of the retraining ITs. {@link #serverModule()} replaces a server's in-VM bus with one;
 * {@link #startNode} starts another "James node" — its own connection, its own bus id — on the
 * same exchange and queues, so that it competes for the same group's events as a second node of a
 * cluster does. Each test class names its own bus; the queues that hold events (the nodes' shared
 * work queue, the retrain listener's retry queue, the dead letters) are deleted before and after
 * the class, so that no run sees another's events and nothing piles up in the broker. Register it
 * before the server ({@code @Order}), so that it closes the nodes after the server stopped.
 */
final class RabbitMqEventBusNodes implements BeforeAllCallback, AfterAllCallback {
    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;
    /** James 3.8.1: the one queue from which a node takes every event for all its group listeners. */
    private static final String GROUPS_QUEUE_GROUP = "org.apache.james.events.GroupRegistrationHandler$GroupRegistrationHandlerGroup";
    private static final String DSPAM_GROUP = new DspamRetrainListener.DspamRetrainListenerGroup().asString();

    /** One node's bus and the connection it owns. */
    static final class Node implements AutoCloseable {
        private final RabbitMQEventBus bus;
        private final SimpleConnectionPool connections;
        private final ReactorRabbitMQChannelPool channels;
        private final Set<String> groupsSeen;

        private Node(RabbitMQEventBus bus, SimpleConnectionPool connections, ReactorRabbitMQChannelPool channels,
                     Set<String> groupsSeen) {
            this.bus = bus;
            this.connections = connections;
            this.channels = channels;
            this.groupsSeen = groupsSeen;
        }

        RabbitMQEventBus bus() {
            return bus;
        }

        /**
         * What a node's death is to RabbitMQ: its consumers and its connection go away, and what it
         * had received but not acknowledged goes back to the queue for the other nodes.
         */
        @Override
        public void close() {
            // stopping forgets the groups; their queues are deleted after the class
            bus.listRegisteredGroups().forEach(group -> groupsSeen.add(group.asString()));
            bus.stop();
            channels.close();
            connections.close();
        }
    }

    /**
     * James's own default pool (3 channels, 5 s to borrow one): with publisher confirms off (see
     * {@link #configuration()}) nothing holds a channel longer than a publication.
     */
    private static final ReactorRabbitMQChannelPool.Configuration CHANNELS = ReactorRabbitMQChannelPool.Configuration.DEFAULT;

    private final EventBusName name;
    private final NamingStrategy naming;
    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private volatile Node serverNode;
    private final Set<String> groupsSeen = ConcurrentHashMap.newKeySet();

    /** A bus named {@code busName} (one per test class; James's own is "mailboxEvent"). */
    RabbitMqEventBusNodes(String busName) {
        this.name = new EventBusName(busName);
        this.naming = new NamingStrategy(name);
    }

    /**
     * Binds the server's {@link EventBus} to a node of this bus, started before any listener
     * registers, and the {@link EventBusNodeProbe} another node is built from.
     */
    Module serverModule() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(EventBusNodeProbe.class);
            }

            @Provides
            @Singleton
            EventBus eventBus(EventSerializer serializer, MailboxId.Factory mailboxIds, EventDeadLetters deadLetters,
                              RetryBackoffConfiguration retryBackoff, MetricFactory metrics) {
                serverNode = startNode(serializer, mailboxIds, deadLetters, retryBackoff, metrics);
                return serverNode.bus();
            }
        };
    }

    /** The node whose bus {@link #serverModule()} gave the server. */
    Node serverNode() {
        return Objects.requireNonNull(serverNode, "no server started with this bus");
    }

    /** A new node on this bus, started: its listeners can register at once. */
    Node startNode(EventSerializer serializer, MailboxId.Factory mailboxIds, EventDeadLetters deadLetters,
                   RetryBackoffConfiguration retryBackoff, MetricFactory metrics) {
        RabbitMQConfiguration configuration = configuration();
        SimpleConnectionPool connections = new SimpleConnectionPool(new RabbitMQConnectionFactory(configuration),
            SimpleConnectionPool.Configuration.DEFAULT);
        ReactorRabbitMQChannelPool channels = new ReactorRabbitMQChannelPool(connections.getResilientConnection(),
            CHANNELS, metrics);
        channels.start();
        RabbitMQEventBus bus = new RabbitMQEventBus(naming, channels.getSender(),
            () -> RabbitFlux.createReceiver(new ReceiverOptions().connectionMono(connections.getResilientConnection())),
            serializer, retryBackoff, new RoutingKeyConverter(Set.of(new MailboxIdRegistrationKey.Factory(mailboxIds))),
            deadLetters, metrics, channels, EventBusId.random(), configuration);
        bus.start();
        Node node = new Node(bus, connections, channels, groupsSeen);
        nodes.add(node);
        return node;
    }

    private static RabbitMQConfiguration configuration() {
        return RabbitMQConfiguration.builder()
            .amqpUri(URI.create("amqp://" + HOST + ":" + PORT))
            .managementUri(URI.create("http://" + HOST + ":15672"))
            .managementCredentials(new RabbitMQConfiguration.ManagementCredentials("guest", "guest".toCharArray()))
            .maxRetries(3)
            .minDelayInMs(100)
            // James 3.8.1 with publisher confirms (its default) stalls a node's RabbitMQ connection now
            // and then for channel.rpc.timeout (60 s): a confirm callback runs on the connection's I/O
            // thread, James's next publication goes on there, and when the channel pool must open a
            // channel for it the thread waits for the broker's answer that only it could read (seen
            // in thread dumps of these tests; IMAP commands then fail with "Timeout waiting for idle
            // object"). rabbitmq.properties: event.bus.publish.confirm.enabled=false, as the README says.
            .eventBusPublishConfirmEnabled(false)
            .build();
    }

    EventBusName busName() {
        return name;
    }

    /**
     * The nodes' shared queue as the broker sees it (messages ready, consumers), for a failure's
     * message; what went wrong in asking, if anything.
     */
    String groupsQueueState() {
        try (Connection connection = plainConnection(); Channel channel = connection.createChannel()) {
            AMQP.Queue.DeclareOk queue = channel.queueDeclarePassive(workQueue(GROUPS_QUEUE_GROUP));
            return queue.getMessageCount() + " ready, " + queue.getConsumerCount() + " consumers";
        } catch (IOException | TimeoutException | RuntimeException e) {
            return "unknown (" + e + ")";
        }
    }

    /** Messages ready (not delivered to a consumer) in the work queue of {@code group}. */
    long readyInWorkQueue(Group group) throws IOException, TimeoutException {
        try (Connection connection = plainConnection(); Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(workQueue(group)).getMessageCount();
        }
    }

    private String workQueue(Group group) {
        return workQueue(group.asString());
    }

    private String workQueue(String group) {
        // GroupRegistration's naming (package-private in James): <bus>-workQueue-<group>
        return name.value() + "-workQueue-" + group;
    }

    private static Connection plainConnection() throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        return factory.newConnection("dspam-it-cleanup");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        deleteFromBroker(Set.of(DSPAM_GROUP), false);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (Node node : List.copyOf(nodes)) {
            node.close();
        }
        groupsSeen.add(DSPAM_GROUP);
        deleteFromBroker(groupsSeen, true);
    }

    /**
     * Deletes the queues that hold this bus's events: the nodes' shared one, each group's retry
     * queue and the dead letters; with {@code exchanges}, also the exchanges that feed them.
     */
    private void deleteFromBroker(Set<String> groups, boolean exchanges) throws IOException, TimeoutException {
        try (Connection connection = plainConnection(); Channel channel = connection.createChannel()) {
            channel.queueDelete(workQueue(GROUPS_QUEUE_GROUP));
            channel.queueDelete(naming.deadLetterQueue().getName());
            for (String group : groups) {
                channel.queueDelete(workQueue(group));
                if (exchanges) {
                    // GroupConsumerRetry's naming (package-private in James): <bus>-retryExchange-<group>
                    channel.exchangeDelete(name.value() + "-retryExchange-" + group);
                }
            }
            if (exchanges) {
                channel.exchangeDelete(naming.exchange());
                channel.exchangeDelete(naming.deadLetterExchange());
            }
        }
    }
}

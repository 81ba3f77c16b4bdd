package io.jamesdspam.it.retrain;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventDeadLetters;
import org.apache.james.events.EventSerializer;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.utils.GuiceProbe;
import reactor.core.publisher.Flux;

import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.configuration.RetrainListenerMode;
import io.jamesdspam.mailet.listener.DspamRetrainListener;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.mailet.user.DspamUserMapping;

/**
 * What another James node on the same RabbitMQ needs from the server under test: the same
 * mailboxes (a cluster's nodes share their mailbox storage), the same ledger (shared in the
 * database on SQL storage), and the server's event serialisation, so that a node started by the
 * test ({@link RabbitMqEventBusNodes#startNode}) handles the server's events as a real node would.
 */
public class EventBusNodeProbe implements GuiceProbe {
    private final MailboxManager mailboxManager;
    private final MailboxSessionMapperFactory mapperFactory;
    private final TrainingLedger ledger;
    private final EventBus eventBus;
    private final EventSerializer serializer;
    private final MailboxId.Factory mailboxIds;
    private final EventDeadLetters deadLetters;
    private final RetryBackoffConfiguration retryBackoff;
    private final MetricFactory metrics;

    @Inject
    public EventBusNodeProbe(MailboxManager mailboxManager, MailboxSessionMapperFactory mapperFactory,
                             TrainingLedger ledger, EventBus eventBus, EventSerializer serializer,
                             MailboxId.Factory mailboxIds, EventDeadLetters deadLetters,
                             RetryBackoffConfiguration retryBackoff, MetricFactory metrics) {
        this.mailboxManager = mailboxManager;
        this.mapperFactory = mapperFactory;
        this.ledger = ledger;
        this.eventBus = eventBus;
        this.serializer = serializer;
        this.mailboxIds = mailboxIds;
        this.deadLetters = deadLetters;
        this.retryBackoff = retryBackoff;
        this.metrics = metrics;
    }

    /** The server's own bus. */
    public EventBus eventBus() {
        return eventBus;
    }

    /** The server's event dead letters (James's {@code EventDeadLetters}). */
    public EventDeadLetters deadLetters() {
        return deadLetters;
    }

    public TrainingLedger ledger() {
        return ledger;
    }

    /** The ids of the messages in {@code user}'s {@code mailbox}, as the retrain listener keys them in the ledger. */
    public List<String> messageKeys(String user, String mailbox) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
        MessageManager manager = mailboxManager.getMailbox(MailboxPath.forUser(Username.of(user), mailbox), session);
        return Flux.from(manager.getMessagesReactive(MessageRange.all(), FetchGroup.MINIMAL, session))
            .map(message -> message.getMessageId().serialize())
            .collectList()
            .block();
    }

    /** Another node on {@code nodes}' RabbitMQ exchange and queues, started, with no listener yet. */
    public RabbitMqEventBusNodes.Node startNode(RabbitMqEventBusNodes nodes) {
        return nodes.startNode(serializer, mailboxIds, deadLetters, retryBackoff, metrics);
    }

    /** The retrain listener as another node configured with {@code listener.mode=inline} runs it. */
    public DspamRetrainListener inlineRetrainListener(CorrectionTrainer trainer) {
        return new DspamRetrainListener(mailboxManager, mapperFactory, DspamUserMapping.recipient(), trainer,
            retryBackoff, deadLetters, DspamConfiguration.defaults().specialMailboxes(), RetrainListenerMode.INLINE);
    }
}

package io.jamesdspam.it.retrain;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageIdManager;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.utils.GuiceProbe;
import reactor.core.publisher.Flux;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamStatistics;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/** What the retraining ITs reach inside the server: DSPAM counters, JMAP-style mailbox changes. */
public class RetrainProbe implements GuiceProbe {
    private final MailboxManager mailboxManager;
    private final MessageIdManager messageIdManager;
    private final DspamBackend backend;

    @Inject
    public RetrainProbe(MailboxManager mailboxManager, MessageIdManager messageIdManager, DspamBackend backend) {
        this.mailboxManager = mailboxManager;
        this.messageIdManager = messageIdManager;
        this.backend = backend;
    }

    public DspamTotals totals(String dspamUser) {
        return ((DspamStatistics) backend).totals(DspamUser.of(dspamUser));
    }

    /** For every message of {@code mailbox} carrying header {@code name}: its value. */
    public List<String> headerValues(String user, String mailbox, String name) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
        MessageManager manager = mailboxManager.getMailbox(MailboxPath.forUser(Username.of(user), mailbox), session);
        return Flux.from(manager.getMessagesReactive(MessageRange.all(), FetchGroup.HEADERS, session))
            .flatMapIterable(message -> headers(message, name))
            .collectList()
            .block();
    }

    /** Moves, as JMAP does, the message whose header {@code name} is {@code value} from {@code from} to {@code to}. */
    public void moveByHeader(String user, String from, String to, String name, String value) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
        MessageManager source = mailboxManager.getMailbox(MailboxPath.forUser(Username.of(user), from), session);
        MessageManager target = mailboxManager.getMailbox(MailboxPath.forUser(Username.of(user), to), session);
        MessageId messageId = Flux.from(source.getMessagesReactive(MessageRange.all(), FetchGroup.HEADERS, session))
            .filter(message -> headers(message, name).contains(value))
            .blockFirst()
            .getMessageId();
        messageIdManager.setInMailboxes(messageId, List.of(target.getId()), session);
    }

    private static List<String> headers(MessageResult message, String name) {
        try {
            List<String> values = new ArrayList<>();
            message.getHeaders().headers().forEachRemaining(header -> {
                if (header.getName().equalsIgnoreCase(name)) {
                    values.add(header.getValue().trim());
                }
            });
            return values;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What JMAP {@code Email/set} with new {@code mailboxIds} does: the message now lives in {@code to} only. */
    public void setInMailbox(String user, String from, String to) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(user));
        MessageManager source = mailboxManager.getMailbox(MailboxPath.forUser(Username.of(user), from), session);
        MessageManager target = mailboxManager.getMailbox(MailboxPath.forUser(Username.of(user), to), session);
        MessageId messageId = Flux.from(source.getMessagesReactive(MessageRange.all(), FetchGroup.MINIMAL, session))
            .blockFirst()
            .getMessageId();
        messageIdManager.setInMailboxes(messageId, List.of(target.getId()), session);
    }
}

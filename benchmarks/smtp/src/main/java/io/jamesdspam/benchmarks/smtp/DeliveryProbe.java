package io.jamesdspam.benchmarks.smtp;

import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.events.Event;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventListener;
import org.apache.james.events.Group;
import org.apache.james.mailbox.events.MailboxEvents;
import org.apache.james.utils.GuiceProbe;

/**
 * Counts messages as they land in mailboxes, from the mailbox event bus: the end of "SMTP accept
 * to mailbox". Cheaper and more exact than polling mailboxes, and it sees every mailbox at once.
 */
@Singleton
public class DeliveryProbe implements GuiceProbe {
    /** The counting listener's group. */
    public static class DeliveryCounterGroup extends Group {
    }

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deliveredToSpam = new AtomicLong();

    @Inject
    public DeliveryProbe(EventBus eventBus) {
        eventBus.register(new EventListener.GroupEventListener() {
            @Override
            public Group getDefaultGroup() {
                return new DeliveryCounterGroup();
            }

            @Override
            public boolean isHandling(Event event) {
                return event instanceof MailboxEvents.Added;
            }

            @Override
            public void event(Event event) {
                MailboxEvents.Added added = (MailboxEvents.Added) event;
                int messages = added.getUids().size();
                delivered.addAndGet(messages);
                if (added.getMailboxPath().getName().equals(PipelineServer.SPAM_MAILBOX)) {
                    deliveredToSpam.addAndGet(messages);
                }
                synchronized (DeliveryProbe.this) {
                    DeliveryProbe.this.notifyAll();
                }
            }
        });
    }

    /** Messages added to any mailbox since the server started. */
    public long delivered() {
        return delivered.get();
    }

    /**
     * Waits (without spinning: the harness shares the CPUs with the server it measures) until
     * {@code count} messages have been delivered in all; false if the deadline passes first.
     */
    public synchronized boolean awaitDelivered(long count, long deadlineNanos) throws InterruptedException {
        while (delivered.get() < count) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Of which into a mailbox named Spam. */
    public long deliveredToSpam() {
        return deliveredToSpam.get();
    }
}

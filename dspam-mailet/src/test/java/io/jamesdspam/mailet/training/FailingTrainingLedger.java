package io.jamesdspam.mailet.training;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.jamesdspam.model.DspamUser;

/**
 * The in-memory ledger, whose next records or forgets fail as a dying node's would: a test sets
 * how many of them fail (or names the message whose next record fails), the following ones succeed.
 */
public final class FailingTrainingLedger extends InMemoryTrainingLedger {
    private final AtomicInteger failRecords = new AtomicInteger();
    private final AtomicInteger failForgets = new AtomicInteger();
    private final Set<String> failRecordOf = ConcurrentHashMap.newKeySet();

    public void failNextRecords(int count) {
        failRecords.set(count);
    }

    /** The next record of {@code messageKey} fails (whatever order a run records its messages in). */
    public void failNextRecordOf(String messageKey) {
        failRecordOf.add(messageKey);
    }

    public void failNextForgets(int count) {
        failForgets.set(count);
    }

    @Override
    public void record(DspamUser user, String messageKey, TrainingRecord record) {
        if (failRecordOf.remove(messageKey) || failRecords.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new TrainingLedgerException("the node died before recording " + messageKey, null);
        }
        super.record(user, messageKey, record);
    }

    @Override
    public boolean forget(DspamUser user, String messageKey) {
        if (failForgets.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new TrainingLedgerException("the node died before forgetting " + messageKey, null);
        }
        return super.forget(user, messageKey);
    }
}

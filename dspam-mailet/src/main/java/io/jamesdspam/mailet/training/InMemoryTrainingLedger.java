package io.jamesdspam.mailet.training;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;

/** A ledger that lives as long as the server: for tests, and the index of {@link FileTrainingLedger}. */
public class InMemoryTrainingLedger implements TrainingLedger {

    /** The key of one trained message: a message is trained per DSPAM user. */
    protected static final class Key {
        final DspamUser user;
        final String messageKey;

        Key(DspamUser user, String messageKey) {
            this.user = Objects.requireNonNull(user, "user");
            this.messageKey = Objects.requireNonNull(messageKey, "messageKey");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).user.equals(user) && ((Key) o).messageKey.equals(messageKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(user, messageKey);
        }
    }

    protected final Map<Key, TrainingRecord> records = new ConcurrentHashMap<>();
    protected final Map<DspamUser, Instant> periodicRuns = new ConcurrentHashMap<>();
    protected final Map<DspamUser, UndoneCorrections> undone = new ConcurrentHashMap<>();

    @Override
    public Optional<TrainingRecord> find(DspamUser user, String messageKey) {
        return Optional.ofNullable(records.get(new Key(user, messageKey)));
    }

    @Override
    public void record(DspamUser user, String messageKey, TrainingRecord record) {
        records.put(new Key(user, messageKey), Objects.requireNonNull(record, "record"));
    }

    @Override
    public boolean recordIfAbsent(DspamUser user, String messageKey, TrainingRecord record) {
        return records.putIfAbsent(new Key(user, messageKey), Objects.requireNonNull(record, "record")) == null;
    }

    @Override
    public boolean forget(DspamUser user, String messageKey) {
        return records.remove(new Key(user, messageKey)) != null;
    }

    @Override
    public int pruneTrainedBefore(Instant cutoff) {
        int pruned = 0;
        for (Map.Entry<Key, TrainingRecord> entry : records.entrySet()) {
            // remove(key, value): an entry trained again meanwhile stays
            if (entry.getValue().trainedAt().isBefore(cutoff) && records.remove(entry.getKey(), entry.getValue())) {
                pruned++;
            }
        }
        return pruned;
    }

    @Override
    public Optional<Instant> lastPeriodicRun(DspamUser user) {
        return Optional.ofNullable(periodicRuns.get(user));
    }

    @Override
    public void periodicRunCompleted(DspamUser user, Instant startedAt) {
        periodicRuns.put(user, Objects.requireNonNull(startedAt, "startedAt"));
    }

    @Override
    public void correctionUndone(DspamUser user, TrainingClass correctedClass) {
        undone.merge(user, UndoneCorrections.NONE.plus(correctedClass),
            (held, added) -> new UndoneCorrections(held.spam() + added.spam(), held.innocent() + added.innocent()));
    }

    @Override
    public UndoneCorrections undoneCorrections(DspamUser user) {
        return undone.getOrDefault(user, UndoneCorrections.NONE);
    }

    @Override
    public void forgetUser(DspamUser user) {
        records.keySet().removeIf(key -> key.user.equals(user));
        periodicRuns.remove(user);
        undone.remove(user);
    }

    @Override
    public void forEach(Visitor visitor) {
        records.forEach((key, record) -> visitor.trained(key.user, key.messageKey, record));
        periodicRuns.forEach(visitor::periodicRun);
        undone.forEach(visitor::undone);
    }
}

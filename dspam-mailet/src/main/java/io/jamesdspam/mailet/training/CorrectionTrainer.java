package io.jamesdspam.mailet.training;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

import javax.inject.Inject;
import javax.inject.Singleton;

import com.google.common.hash.Hashing;
import com.google.common.util.concurrent.Striped;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;

/**
 * Teaches one DSPAM user the true class of one stored message, the way a user's correction
 * should be learned: by signature when DSPAM still knows it, else the whole message (the
 * {@link SignatureOrMessage} rule, shared with the mailets' {@link MailTrainer}); never twice
 * for the same class; and undoing the earlier training when the message is moved back.
 *
 * <p>Shared by the retraining listener and the training tasks, so that both keep one ledger.
 * Blocking; a {@link io.jamesdspam.api.DspamException} means nothing was recorded and the call can
 * be repeated (the listener's event bus retries it).
 */
@Singleton
public class CorrectionTrainer {

    /** What one call did. */
    public enum Outcome {
        /** Retrained by signature ({@code --source=error}). */
        TRAINED_BY_SIGNATURE,
        /** Trained as a whole message (no signature, or DSPAM no longer knew it). */
        TRAINED_BY_MESSAGE,
        /** The message had been trained as the other class: that training was undone. */
        UNDONE,
        /** Already trained as this class: nothing to do. */
        ALREADY_TRAINED,
        /** DSPAM had already classified it as this class at delivery: nothing to correct. */
        ALREADY_CLASSIFIED;

        public boolean changedDictionary() {
            return this == TRAINED_BY_SIGNATURE || this == TRAINED_BY_MESSAGE || this == UNDONE;
        }
    }

    private final DspamBackend backend;
    private final TrainingLedger ledger;
    private final Clock clock;
    // Two events about the same message (a copy then a move, redeliveries) must not both train it.
    private final Striped<Lock> locks = Striped.lock(64);

    @Inject
    public CorrectionTrainer(DspamBackend backend, TrainingLedger ledger) {
        this(backend, ledger, Clock.systemUTC());
    }

    public CorrectionTrainer(DspamBackend backend, TrainingLedger ledger, Clock clock) {
        this.backend = backend;
        this.ledger = ledger;
        this.clock = clock;
    }

    public TrainingLedger ledger() {
        return ledger;
    }

    /** A user's correction: {@code message} (raw, as stored) belongs to {@code trueClass}. */
    public final Outcome correct(DspamUser user, String messageKey, byte[] message, TrainingClass trueClass) {
        return correct(user, messageKey, message, trueClass, Optional.empty());
    }

    /**
     * A user's correction that {@code operation} names (the event that asked for it: the same
     * name when it is asked again, e.g. redelivered after a node died). With a backend that applies
     * a named training at most once ({@link DspamBackend#appliesOperationsOnce()}: the embedded
     * engine on SQL storage), DSPAM learns first and the ledger records after: a node that dies in
     * between leaves a correction that the repetition records without learning it again, so that
     * none is lost and none learned twice. Otherwise the ledger is claimed first (see {@link #train}).
     */
    public Outcome correct(DspamUser user, String messageKey, byte[] message, TrainingClass trueClass,
                           Optional<String> operation) {
        Optional<String> once = onceKey(operation, messageKey);
        Lock lock = locks.get(user.asString() + '\n' + messageKey);
        lock.lock();
        try {
            Optional<TrainingRecord> earlier = ledger.find(user, messageKey);
            if (earlier.isPresent()) {
                if (earlier.get().trainedClass() == trueClass) {
                    return Outcome.ALREADY_TRAINED;
                }
                return once.isPresent() ? undoOnce(user, messageKey, message, earlier.get(), once.get())
                    : undo(user, messageKey, message, earlier.get());
            }
            return once.isPresent() ? trainOnce(user, messageKey, message, trueClass, once.get())
                : train(user, messageKey, message, trueClass);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether DSPAM gave the message {@code trueClass} at delivery: it learned (TEFT) or counted
     * (TOE) it so already, and an error retrain would record a misclassification that never happened.
     */
    private static boolean classifiedAtDelivery(DspamMessageHeaders headers, TrainingClass trueClass) {
        return headers.deliveredVerdict().filter(trueClass::equals).isPresent();
    }

    /** The key a named training of the message is applied once under; empty when unnamed or the backend cannot. */
    private Optional<String> onceKey(Optional<String> name, String messageKey) {
        return name.filter(any -> backend.appliesOperationsOnce()).map(named -> operationKey(named, messageKey));
    }

    /** The DSPAM operation key of one message of a named correction (an event may move several). */
    static String operationKey(String operation, String messageKey) {
        String key = operation + ':' + messageKey;
        if (key.length() <= DspamRequest.MAX_OPERATION_KEY_LENGTH) {
            return key;
        }
        return "sha256:" + Hashing.sha256().hashString(key, StandardCharsets.UTF_8);
    }

    /**
     * Periodic training: learns {@code message} as {@code trueClass} unless it was ever trained
     * (a user's move decided already) or DSPAM classified it so at delivery.
     *
     * <p>{@code run} names the periodic run, the same name when a run that failed or died is
     * repeated. With a backend that applies a named training at most once, DSPAM then learns first,
     * under the run's name, the class and the message, and the ledger records after, as for a named
     * correction: a node that dies in between leaves a message that the repeated run records without
     * learning it again. The class is in the name so that a message the user moved out and back
     * between two tries of a run is learned as its new class. Without a name, or with a backend
     * that cannot apply a name once, the ledger is claimed first (see {@link #train}).
     */
    public Outcome trainUnlessKnown(DspamUser user, String messageKey, byte[] message, TrainingClass trueClass,
                                    Optional<String> run) {
        Optional<String> once = onceKey(run.map(name -> name + ':' + trueClass.name().toLowerCase(Locale.ROOT)), messageKey);
        Lock lock = locks.get(user.asString() + '\n' + messageKey);
        lock.lock();
        try {
            if (ledger.find(user, messageKey).isPresent()) {
                return Outcome.ALREADY_TRAINED;
            }
            return once.isPresent() ? trainOnce(user, messageKey, message, trueClass, once.get())
                : train(user, messageKey, message, trueClass);
        } finally {
            lock.unlock();
        }
    }

    /** What {@link #trainUnlessKnown} would do, without training. */
    public Outcome planTraining(DspamUser user, String messageKey, byte[] message, TrainingClass trueClass) {
        if (ledger.find(user, messageKey).isPresent()) {
            return Outcome.ALREADY_TRAINED;
        }
        DspamMessageHeaders headers = DspamMessageHeaders.parse(message);
        if (classifiedAtDelivery(headers, trueClass)) {
            return Outcome.ALREADY_CLASSIFIED;
        }
        return headers.signature().isPresent() ? Outcome.TRAINED_BY_SIGNATURE : Outcome.TRAINED_BY_MESSAGE;
    }

    /**
     * Claims the message in the ledger first (insert if absent), then trains: of two nodes (or
     * threads) handling the same message only the one whose claim went in trains it. A failed
     * training releases the claim, so that the retry trains the message; a node that dies between
     * its claim and DSPAM's answer leaves the message recorded but not trained (one correction
     * lost, never one applied twice).
     */
    private Outcome train(DspamUser user, String messageKey, byte[] message, TrainingClass trueClass) {
        DspamMessageHeaders headers = DspamMessageHeaders.parse(message);
        if (classifiedAtDelivery(headers, trueClass)) {
            return Outcome.ALREADY_CLASSIFIED;
        }
        Optional<Signature> signature = headers.signature();
        Instant now = clock.instant();
        TrainingRecord claim = signature.map(s -> TrainingRecord.bySignature(trueClass, s, now))
            .orElseGet(() -> TrainingRecord.byMessage(trueClass, now));
        if (!ledger.recordIfAbsent(user, messageKey, claim)) {
            return Outcome.ALREADY_TRAINED;
        }
        TrainingRecord.Method method;
        try {
            method = SignatureOrMessage.learn(backend::execute, user, trueClass, signature, () -> Optional.of(message))
                .orElseThrow();
        } catch (RuntimeException e) {
            releaseClaim(user, messageKey, e);
            throw e;
        }
        if (method == TrainingRecord.Method.SIGNATURE) {
            return Outcome.TRAINED_BY_SIGNATURE;
        }
        if (claim.method() != TrainingRecord.Method.MESSAGE) {
            // DSPAM no longer knew the signature: an undo has to unlearn the message itself
            ledger.record(user, messageKey, TrainingRecord.byMessage(trueClass, now));
        }
        return Outcome.TRAINED_BY_MESSAGE;
    }

    /**
     * Learns under the operation key, then records: DSPAM applies the key at most once, so a
     * repetition (the ledger has no entry when the node died before writing it) is answered
     * "already applied" and only recorded now. Two nodes handling the same event both record the
     * same entry; only one of them had DSPAM learn.
     */
    private Outcome trainOnce(DspamUser user, String messageKey, byte[] message, TrainingClass trueClass, String key) {
        DspamMessageHeaders headers = DspamMessageHeaders.parse(message);
        if (classifiedAtDelivery(headers, trueClass)) {
            return Outcome.ALREADY_CLASSIFIED;
        }
        Optional<Signature> signature = headers.signature();
        TrainingRecord.Method method = SignatureOrMessage.learn(request -> backend.execute(request.once(key)), user,
            trueClass, signature, () -> Optional.of(message)).orElseThrow();
        Instant now = clock.instant();
        if (method == TrainingRecord.Method.SIGNATURE) {
            ledger.record(user, messageKey, TrainingRecord.bySignature(trueClass, signature.orElseThrow(), now));
            return Outcome.TRAINED_BY_SIGNATURE;
        }
        ledger.record(user, messageKey, TrainingRecord.byMessage(trueClass, now));
        return Outcome.TRAINED_BY_MESSAGE;
    }

    /**
     * Unlearns under the operation key, then forgets the entry: a node that dies in between
     * leaves the entry, and the repetition finds DSPAM's "already applied" and forgets it then.
     */
    private Outcome undoOnce(DspamUser user, String messageKey, byte[] message, TrainingRecord earlier, String key) {
        unlearn(user, message, earlier, Optional.of(key));
        if (!ledger.forget(user, messageKey)) {
            return Outcome.ALREADY_TRAINED;
        }
        if (earlier.method() == TrainingRecord.Method.SIGNATURE) {
            ledger.correctionUndone(user, earlier.trainedClass());
        }
        return Outcome.UNDONE;
    }

    private void releaseClaim(DspamUser user, String messageKey, RuntimeException trainingFailure) {
        try {
            ledger.forget(user, messageKey);
        } catch (RuntimeException e) {
            trainingFailure.addSuppressed(e);
        }
    }

    /**
     * Forgets the entry first (of two nodes undoing the same message, one sees it gone), then
     * unlearns; a failed unlearn puts the entry back so that the retry undoes it.
     */
    private Outcome undo(DspamUser user, String messageKey, byte[] message, TrainingRecord earlier) {
        if (!ledger.forget(user, messageKey)) {
            return Outcome.ALREADY_TRAINED;
        }
        try {
            unlearn(user, message, earlier, Optional.empty());
        } catch (RuntimeException e) {
            try {
                ledger.record(user, messageKey, earlier);
            } catch (RuntimeException recordFailure) {
                e.addSuppressed(recordFailure);
            }
            throw e;
        }
        if (earlier.method() == TrainingRecord.Method.SIGNATURE) {
            // A correction by signature was an error retrain, which DSPAM counted as a misclassification
            // that no command takes back: the ledger remembers it was moved back (UndoneCorrections).
            ledger.correctionUndone(user, earlier.trainedClass());
        }
        return Outcome.UNDONE;
    }

    private void unlearn(DspamUser user, byte[] message, TrainingRecord earlier, Optional<String> once) {
        boolean undone = false;
        if (earlier.method() == TrainingRecord.Method.SIGNATURE) {
            DspamRequest bySignature = DspamRequest.unlearn(List.of(user), earlier.trainedClass(), earlier.signature().orElseThrow());
            undone = backend.execute(named(bySignature, once)).outcomeFor(user)
                .map(outcome -> outcome.isClassified() || outcome.isAlreadyApplied()).orElse(false);
        }
        if (!undone) {
            // Trained as a whole message, or the signature was purged since: the message's own
            // tokens are what its signature held.
            backend.execute(named(DspamRequest.unlearn(List.of(user), earlier.trainedClass(), TrainingSource.CORPUS,
                DspamMessageHeaders.parse(message).withoutDspamHeaders()), once));
        }
    }

    private static DspamRequest named(DspamRequest request, Optional<String> once) {
        return once.map(request::once).orElse(request);
    }
}

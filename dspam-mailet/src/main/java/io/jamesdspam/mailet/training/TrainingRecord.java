package io.jamesdspam.mailet.training;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;

/**
 * What was trained for one message of one DSPAM user, kept so that the same message is never
 * trained twice for the same class and so that moving it back can undo exactly that training.
 */
public final class TrainingRecord {

    /** How the message was learned, hence how an undo has to address it. */
    public enum Method {
        /** {@code --source=error} with the message's signature. */
        SIGNATURE,
        /** The whole message as corpus (no signature, or DSPAM no longer knew it). */
        MESSAGE
    }

    private final TrainingClass trainedClass;
    private final Method method;
    private final Optional<Signature> signature;
    private final Instant trainedAt;

    private TrainingRecord(TrainingClass trainedClass, Method method, Optional<Signature> signature, Instant trainedAt) {
        this.trainedClass = Objects.requireNonNull(trainedClass, "trainedClass");
        this.method = Objects.requireNonNull(method, "method");
        this.signature = Objects.requireNonNull(signature, "signature");
        this.trainedAt = Objects.requireNonNull(trainedAt, "trainedAt");
        if (method == Method.SIGNATURE && signature.isEmpty()) {
            throw new IllegalArgumentException("A signature training record needs its signature");
        }
    }

    public static TrainingRecord bySignature(TrainingClass trainedClass, Signature signature, Instant trainedAt) {
        return new TrainingRecord(trainedClass, Method.SIGNATURE, Optional.of(signature), trainedAt);
    }

    public static TrainingRecord byMessage(TrainingClass trainedClass, Instant trainedAt) {
        return new TrainingRecord(trainedClass, Method.MESSAGE, Optional.empty(), trainedAt);
    }

    public TrainingClass trainedClass() {
        return trainedClass;
    }

    public Method method() {
        return method;
    }

    public Optional<Signature> signature() {
        return signature;
    }

    public Instant trainedAt() {
        return trainedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrainingRecord)) {
            return false;
        }
        TrainingRecord that = (TrainingRecord) o;
        return trainedClass == that.trainedClass && method == that.method && signature.equals(that.signature)
            && trainedAt.equals(that.trainedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(trainedClass, method, signature, trainedAt);
    }

    @Override
    public String toString() {
        return "TrainingRecord{" + trainedClass.optionValue() + " by " + method
            + signature.map(s -> " " + s).orElse("") + " at " + trainedAt + "}";
    }
}

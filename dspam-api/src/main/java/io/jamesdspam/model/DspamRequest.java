package io.jamesdspam.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One DSPAM transaction: an operation for one or more users on one message. The same value is
 * executed by the embedded engine, sent by the DLMTP client and rebuilt by the DLMTP server
 * from a DSPAMPROCESSMODE string, so that the three agree on what each operation means.
 *
 * <p>Built only through the factory methods, which check DSPAM's consistency rules
 * (docs/PROTOCOL.md §5.2) before anything is sent.
 */
public final class DspamRequest {

    /** What DSPAM is asked to do. */
    public enum Operation {
        /** {@code --classify}: never learns, no signature. */
        CLASSIFY,
        /** {@code --process}: classify and learn as the training mode says; stores a signature. */
        PROCESS,
        /** {@code --source=corpus|inoculation --class=...}: learn the message as the given class. */
        TRAIN,
        /** {@code --source=error --class=... --signature=...}: reverse an earlier verdict. */
        RETRAIN,
        /** {@code --mode=unlearn --class=... --source=...}: undo an earlier training. */
        UNLEARN
    }

    /** The longest {@link #operationKey()}. */
    public static final int MAX_OPERATION_KEY_LENGTH = 128;

    private final Operation operation;
    private final List<DspamUser> users;
    private final byte[] message;
    private final Optional<TrainingClass> trainingClass;
    private final Optional<TrainingSource> source;
    private final Optional<Signature> signature;
    private final Optional<TrainingMode> modeOverride;
    private final List<DspamFeature> features;
    private final Optional<String> operationKey;

    private DspamRequest(Operation operation, List<DspamUser> users, byte[] message,
                         Optional<TrainingClass> trainingClass, Optional<TrainingSource> source,
                         Optional<Signature> signature, Optional<TrainingMode> modeOverride,
                         List<DspamFeature> features) {
        this(operation, users, message, trainingClass, source, signature, modeOverride, features, Optional.empty());
    }

    private DspamRequest(Operation operation, List<DspamUser> users, byte[] message,
                         Optional<TrainingClass> trainingClass, Optional<TrainingSource> source,
                         Optional<Signature> signature, Optional<TrainingMode> modeOverride,
                         List<DspamFeature> features, Optional<String> operationKey) {
        this.operation = operation;
        this.users = List.copyOf(users);
        this.message = message;
        this.trainingClass = trainingClass;
        this.source = source;
        this.signature = signature;
        this.modeOverride = modeOverride;
        this.features = List.copyOf(features);
        this.operationKey = operationKey;
        if (this.users.isEmpty()) {
            throw new IllegalArgumentException("A DSPAM request needs at least one user");
        }
        if (new LinkedHashSet<>(this.users).size() != this.users.size()) {
            throw new IllegalArgumentException("A DSPAM request names the same user twice: " + this.users);
        }
        if (modeOverride.isPresent() && modeOverride.get() == TrainingMode.UNLEARN && operation != Operation.UNLEARN) {
            throw new IllegalArgumentException("--mode=unlearn is only valid for an unlearn request");
        }
        if (operationKey.isPresent() && (operation == Operation.CLASSIFY || operation == Operation.PROCESS)) {
            throw new IllegalArgumentException("Only a training request (train, retrain, unlearn) carries an operation key");
        }
        if (operationKey.isPresent() && (operationKey.get().isEmpty() || operationKey.get().length() > MAX_OPERATION_KEY_LENGTH)) {
            throw new IllegalArgumentException("An operation key has 1 to " + MAX_OPERATION_KEY_LENGTH + " characters: '"
                + operationKey.get() + "'");
        }
    }

    public static DspamRequest classify(List<DspamUser> users, byte[] message) {
        return new DspamRequest(Operation.CLASSIFY, users, requireMessage(message), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    public static DspamRequest process(List<DspamUser> users, byte[] message) {
        return new DspamRequest(Operation.PROCESS, users, requireMessage(message), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    /** Learn a whole message as {@code trainingClass}; source corpus or inoculation. */
    public static DspamRequest train(List<DspamUser> users, TrainingClass trainingClass, TrainingSource source,
                                     byte[] message) {
        Objects.requireNonNull(trainingClass, "training class");
        if (source == TrainingSource.ERROR) {
            throw new IllegalArgumentException("Training a whole message uses source corpus or inoculation;"
                + " use retrain() for source=error with a signature");
        }
        return new DspamRequest(Operation.TRAIN, users, requireMessage(message), Optional.of(trainingClass),
            Optional.of(source), Optional.empty(), Optional.empty(), List.of());
    }

    /** Reverse an earlier verdict by its signature ({@code --source=error}). */
    public static DspamRequest retrain(List<DspamUser> users, TrainingClass trainingClass, Signature signature) {
        Objects.requireNonNull(trainingClass, "training class");
        Objects.requireNonNull(signature, "signature");
        return new DspamRequest(Operation.RETRAIN, users, new byte[0], Optional.of(trainingClass),
            Optional.of(TrainingSource.ERROR), Optional.of(signature), Optional.empty(), List.of());
    }

    /** Undo a corpus training of {@code message} as {@code trainingClass}. */
    public static DspamRequest unlearn(List<DspamUser> users, TrainingClass trainingClass, TrainingSource source,
                                       byte[] message) {
        Objects.requireNonNull(trainingClass, "training class");
        return new DspamRequest(Operation.UNLEARN, users, requireMessage(message), Optional.of(trainingClass),
            Optional.of(source), Optional.empty(), Optional.of(TrainingMode.UNLEARN), List.of());
    }

    /** Undo an earlier training by signature ({@code --mode=unlearn --source=error --signature=...}). */
    public static DspamRequest unlearn(List<DspamUser> users, TrainingClass trainingClass, Signature signature) {
        Objects.requireNonNull(trainingClass, "training class");
        Objects.requireNonNull(signature, "signature");
        return new DspamRequest(Operation.UNLEARN, users, new byte[0], Optional.of(trainingClass),
            Optional.of(TrainingSource.ERROR), Optional.of(signature), Optional.of(TrainingMode.UNLEARN), List.of());
    }

    /** The same request with the training mode overridden for this transaction only. */
    public DspamRequest withMode(TrainingMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (operation == Operation.UNLEARN) {
            throw new IllegalArgumentException("An unlearn request always uses --mode=unlearn");
        }
        return new DspamRequest(operation, users, message, trainingClass, source, signature, Optional.of(mode), features,
            operationKey);
    }

    public DspamRequest withFeatures(List<DspamFeature> newFeatures) {
        return new DspamRequest(operation, users, message, trainingClass, source, signature, modeOverride, newFeatures,
            operationKey);
    }

    public DspamRequest withUsers(List<DspamUser> newUsers) {
        return new DspamRequest(operation, newUsers, message, trainingClass, source, signature, modeOverride, features,
            operationKey);
    }

    /**
     * The same training, to be applied at most once per user under {@code key}: a backend that
     * keeps keys ({@code DspamBackend#appliesOperationsOnce}) applies it in the same transaction as
     * the key, and answers a repetition {@link UserOutcome#alreadyApplied} without applying
     * anything. A caller that may repeat a training after a crash (a redelivered event) names it
     * so, e.g. by its event and message. Other backends apply it as usual.
     */
    public DspamRequest once(String key) {
        Objects.requireNonNull(key, "key");
        return new DspamRequest(operation, users, message, trainingClass, source, signature, modeOverride, features,
            Optional.of(key));
    }

    private static byte[] requireMessage(byte[] message) {
        Objects.requireNonNull(message, "message");
        return message;
    }

    public Operation operation() {
        return operation;
    }

    public List<DspamUser> users() {
        return users;
    }

    /** The raw RFC 5322 message (any line endings); empty for signature-only requests. */
    public byte[] message() {
        return message;
    }

    public Optional<TrainingClass> trainingClass() {
        return trainingClass;
    }

    public Optional<TrainingSource> source() {
        return source;
    }

    public Optional<Signature> signature() {
        return signature;
    }

    public Optional<TrainingMode> modeOverride() {
        return modeOverride;
    }

    public List<DspamFeature> features() {
        return features;
    }

    /** The key under which this training is applied at most once (see {@link #once}). */
    public Optional<String> operationKey() {
        return operationKey;
    }

    /** Whether this request may change a dictionary: such a request must never be sent twice. */
    public boolean mayLearn() {
        return operation != Operation.CLASSIFY;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add(operation.name());
        parts.add("users=" + users);
        trainingClass.ifPresent(c -> parts.add("class=" + c.optionValue()));
        source.ifPresent(s -> parts.add("source=" + s.optionValue()));
        signature.ifPresent(s -> parts.add("signature=" + s));
        modeOverride.ifPresent(m -> parts.add("mode=" + m.optionValue()));
        if (!features.isEmpty()) {
            parts.add("features=" + features);
        }
        operationKey.ifPresent(key -> parts.add("once=" + key));
        parts.add("message=" + message.length + " bytes");
        return "DspamRequest" + parts;
    }
}

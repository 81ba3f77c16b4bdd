package io.jamesdspam.engine;

import java.util.List;
import java.util.Optional;

import io.jamesdspam.model.DspamFeature;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;

/** One request as the engine executes it for one user: DSPAM's command-line options, resolved. */
final class UserCall {
    final DspamRequest.Operation operation;
    final byte[] message;
    final Optional<TrainingClass> classification;
    final Optional<TrainingSource> source;
    final Optional<Signature> signature;
    /** {@code --mode=} (unlearn excluded: see {@link #unlearn}). */
    final Optional<TrainingMode> modeOverride;
    final boolean unlearn;
    final List<DspamFeature> features;
    /** Explain calls only: receives the scoring, and the call stops before training. */
    final Optional<ExplanationCapture> explanation;
    /** The key a training is applied once under ({@link DspamRequest#once}); never for the engine's own retrainings. */
    final Optional<String> operationKey;
    /**
     * For a request with several users: the message tokenized once for all of them. A request for one
     * user tokenizes directly (nothing to share: no table, no lock per message).
     */
    final Optional<SharedTokenizations> tokenizations;

    private UserCall(DspamRequest.Operation operation, Optional<TrainingClass> classification,
                     Optional<TrainingSource> source) {
        this.operation = operation;
        this.message = new byte[0];
        this.classification = classification;
        this.source = source;
        this.signature = Optional.empty();
        this.modeOverride = Optional.empty();
        this.unlearn = false;
        this.features = List.of();
        this.explanation = Optional.empty();
        this.operationKey = Optional.empty();
        this.tokenizations = Optional.empty();
    }

    private UserCall(DspamRequest request, Optional<ExplanationCapture> explanation) {
        this.operation = request.operation();
        this.message = request.message();
        this.classification = request.trainingClass();
        this.source = request.source();
        this.signature = request.signature();
        Optional<TrainingMode> mode = request.modeOverride();
        this.unlearn = operation == DspamRequest.Operation.UNLEARN
            || (mode.isPresent() && mode.get() == TrainingMode.UNLEARN);
        // --mode=unlearn is TEFT with the unlearn flag (docs/ENGINE-SPEC.md §6.1, §6.8)
        this.modeOverride = unlearn ? Optional.of(TrainingMode.TEFT) : mode;
        this.features = request.features();
        this.explanation = explanation;
        this.operationKey = request.operationKey();
        this.tokenizations = request.users().size() > 1
            ? Optional.of(new SharedTokenizations(request.users().size())) : Optional.empty();
    }

    static UserCall of(DspamRequest request) {
        return new UserCall(request, Optional.empty());
    }

    /** A call that scores as {@code request} would and hands the scoring to {@code capture}, writing nothing. */
    static UserCall explaining(DspamRequest request, ExplanationCapture capture) {
        return new UserCall(request, Optional.of(capture));
    }

    /**
     * A retraining the engine starts itself from signature data it holds (an inoculation by a
     * group member, §11.3): no message, no signature id of this user.
     */
    static UserCall internalRetrain(TrainingClass classification, TrainingSource source) {
        return new UserCall(DspamRequest.Operation.TRAIN, Optional.of(classification), Optional.of(source));
    }

    /** Operating mode PROCESS: every operation but {@code --classify}. */
    boolean isProcess() {
        return operation != DspamRequest.Operation.CLASSIFY;
    }
}

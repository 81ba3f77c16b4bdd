package io.jamesdspam.engine.training;

import java.util.Optional;

import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;

/**
 * How one call trains (docs/ENGINE-SPEC.md §6.1–§6.2): the effective training mode (after the TOE
 * warm-up rule), the internal operating mode, the given class and source, and the unlearn flag.
 */
public final class TrainingCall {
    private final TrainingMode mode;
    private final boolean classifyOnly;
    private final boolean toeClassified;
    private final Optional<TrainingClass> classification;
    private final Optional<TrainingSource> source;
    private final boolean unlearn;
    private final boolean occurrence;

    public TrainingCall(TrainingMode mode, boolean classifyOnly, boolean toeClassified,
                        Optional<TrainingClass> classification, Optional<TrainingSource> source,
                        boolean unlearn, boolean occurrence) {
        this.mode = mode;
        this.classifyOnly = classifyOnly;
        this.toeClassified = toeClassified;
        this.classification = classification;
        this.source = source;
        this.unlearn = unlearn;
        this.occurrence = occurrence;
    }

    /** The effective mode: TEFT, TOE, TUM or NOTRAIN (unlearn runs as TEFT with {@link #unlearn()}). */
    public TrainingMode mode() {
        return mode;
    }

    /** Internal operating mode CLASSIFY: {@code --classify}, or PROCESS without class under TOE/NOTRAIN. */
    public boolean classifyOnly() {
        return classifyOnly;
    }

    /** PROCESS without class turned into CLASSIFY by TOE: SC/IC are counted and persisted. */
    public boolean toeClassified() {
        return toeClassified;
    }

    public Optional<TrainingClass> classification() {
        return classification;
    }

    public Optional<TrainingSource> source() {
        return source;
    }

    public boolean unlearn() {
        return unlearn;
    }

    /** {@code ProcessorWordFrequency occurrence}: counters move by the token's frequency. */
    public boolean occurrence() {
        return occurrence;
    }

    boolean isSource(TrainingSource wanted) {
        return source.isPresent() && source.get() == wanted;
    }

    boolean isClass(TrainingClass wanted) {
        return classification.isPresent() && classification.get() == wanted;
    }

    /** Whether decrements of the opposite class apply: mode is neither TOE nor NOTRAIN. */
    boolean correctsOpposite() {
        return mode != TrainingMode.TOE && mode != TrainingMode.NOTRAIN;
    }
}

package io.jamesdspam.mailet.metrics;

import java.util.Locale;
import java.util.function.Supplier;

import org.apache.james.metrics.api.MetricFactory;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.TrainingClass;

/**
 * The names of every DSPAM metric, in one place: timers {@code dspam.classify} and
 * {@code dspam.train}; counters {@code dspam.class.<class>} (spam, innocent, whitelisted, ...),
 * {@code dspam.failure.<kind>} (unreachable, timeout, protocol, ...), {@code dspam.skipped.<why>},
 * {@code dspam.autolearn.<spam|innocent>} and {@code dspam.smtp.rejected}.
 */
public final class DspamMetrics {
    public static final String CLASSIFY_TIMER = "dspam.classify";
    public static final String TRAIN_TIMER = "dspam.train";
    public static final String CLASS_PREFIX = "dspam.class.";
    public static final String FAILURE_PREFIX = "dspam.failure.";
    public static final String SKIPPED_PREFIX = "dspam.skipped.";
    public static final String AUTOLEARN_PREFIX = "dspam.autolearn.";
    public static final String SMTP_REJECTED = "dspam.smtp.rejected";

    private final MetricFactory metricFactory;

    public DspamMetrics(MetricFactory metricFactory) {
        this.metricFactory = metricFactory;
    }

    public <T> T timeClassification(Supplier<T> classification) {
        return metricFactory.decorateSupplierWithTimerMetric(CLASSIFY_TIMER, classification);
    }

    public <T> T timeTraining(Supplier<T> training) {
        return metricFactory.decorateSupplierWithTimerMetric(TRAIN_TIMER, training);
    }

    public void classified(DspamClass dspamClass) {
        metricFactory.generate(CLASS_PREFIX + dspamClass.asString().toLowerCase(Locale.ROOT)).increment();
    }

    public void failed(DspamException.Kind kind) {
        metricFactory.generate(failureName(kind)).increment();
    }

    public void skipped(String reasonKey) {
        metricFactory.generate(SKIPPED_PREFIX + reasonKey).increment();
    }

    public void autolearned(TrainingClass trainingClass) {
        metricFactory.generate(AUTOLEARN_PREFIX + trainingClass.optionValue()).increment();
    }

    public void rejectedAtSmtp() {
        metricFactory.generate(SMTP_REJECTED).increment();
    }

    public static String failureName(DspamException.Kind kind) {
        return FAILURE_PREFIX + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

package io.jamesdspam.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What DSPAM said about one message for one user: the fields of a summary line
 * (docs/PROTOCOL.md §6.2), shared by the wire client, the embedded engine, the mailet's attribute
 * and the matchers.
 *
 * <p>Probability and confidence are the engine's binary32 values widened to double; they are
 * printed with DSPAM's rounding by {@link DspamNumberFormat}.
 */
public final class DspamResult {
    private final DspamUser user;
    private final Verdict verdict;
    private final DspamClass dspamClass;
    private final double probability;
    private final double confidence;
    private final Optional<Signature> signature;
    private final Map<String, String> returnedHeaders;

    private DspamResult(Builder builder) {
        this.user = Objects.requireNonNull(builder.user, "user");
        this.verdict = Objects.requireNonNull(builder.verdict, "verdict");
        this.dspamClass = builder.dspamClass != null ? builder.dspamClass : DspamClass.of(builder.verdict);
        this.probability = builder.probability;
        this.confidence = builder.confidence;
        this.signature = Objects.requireNonNull(builder.signature, "signature");
        this.returnedHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(builder.returnedHeaders));
    }

    public static Builder builder() {
        return new Builder();
    }

    public DspamUser user() {
        return user;
    }

    /** Authoritative verdict (the {@code result} field). */
    public Verdict verdict() {
        return verdict;
    }

    public boolean isSpam() {
        return verdict == Verdict.SPAM;
    }

    public DspamClass dspamClass() {
        return dspamClass;
    }

    public double probability() {
        return probability;
    }

    public double confidence() {
        return confidence;
    }

    public Optional<Signature> signature() {
        return signature;
    }

    /** X-DSPAM-* headers of the message copy returned with {@code --stdout}; empty otherwise. */
    public Map<String, String> returnedHeaders() {
        return returnedHeaders;
    }

    /**
     * The {@code X-DSPAM-Result} header value the qpsmtpd plugin writes and the mailet keeps:
     * {@code Spam, probability=1.0000, confidence=0.99}.
     */
    public String asHeaderValue() {
        return verdict.wireName() + ", probability=" + DspamNumberFormat.probability(probability)
            + ", confidence=" + DspamNumberFormat.summaryConfidence(confidence);
    }

    /** The {@code X-DSPAM-Signature} header value: the id, or {@code N/A}. */
    public String signatureHeaderValue() {
        return signature.map(Signature::asString).orElse(Signature.NONE);
    }

    public Builder toBuilder() {
        Builder builder = new Builder()
            .user(user)
            .verdict(verdict)
            .dspamClass(dspamClass)
            .probability(probability)
            .confidence(confidence)
            .signature(signature);
        builder.returnedHeaders.putAll(returnedHeaders);
        return builder;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DspamResult)) {
            return false;
        }
        DspamResult that = (DspamResult) o;
        return user.equals(that.user) && verdict == that.verdict && dspamClass.equals(that.dspamClass)
            && Double.compare(probability, that.probability) == 0
            && Double.compare(confidence, that.confidence) == 0
            && signature.equals(that.signature) && returnedHeaders.equals(that.returnedHeaders);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, verdict, dspamClass, probability, confidence, signature, returnedHeaders);
    }

    @Override
    public String toString() {
        return "DspamResult{user=" + user + ", result=" + verdict.wireName() + ", class=" + dspamClass
            + ", probability=" + DspamNumberFormat.probability(probability)
            + ", confidence=" + DspamNumberFormat.confidence(confidence)
            + ", signature=" + signatureHeaderValue() + "}";
    }

    public static final class Builder {
        private DspamUser user;
        private Verdict verdict;
        private DspamClass dspamClass;
        private double probability;
        private double confidence;
        private Optional<Signature> signature = Optional.empty();
        private final Map<String, String> returnedHeaders = new LinkedHashMap<>();

        public Builder user(DspamUser user) {
            this.user = user;
            return this;
        }

        public Builder verdict(Verdict verdict) {
            this.verdict = verdict;
            return this;
        }

        public Builder dspamClass(DspamClass dspamClass) {
            this.dspamClass = dspamClass;
            return this;
        }

        public Builder probability(double probability) {
            this.probability = probability;
            return this;
        }

        public Builder confidence(double confidence) {
            this.confidence = confidence;
            return this;
        }

        public Builder signature(Optional<Signature> signature) {
            this.signature = signature;
            return this;
        }

        public Builder signature(Signature signature) {
            this.signature = Optional.of(signature);
            return this;
        }

        public Builder returnedHeader(String name, String value) {
            this.returnedHeaders.put(name, value);
            return this;
        }

        public DspamResult build() {
            return new DspamResult(this);
        }
    }
}

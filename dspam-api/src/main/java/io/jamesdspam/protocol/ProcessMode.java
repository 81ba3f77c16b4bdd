package io.jamesdspam.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.jamesdspam.model.DspamFeature;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;

/**
 * A DSPAMPROCESSMODE value as the server understood it (docs/PROTOCOL.md §5.2): what to do with the
 * message ({@link #toRequest}) and how to answer ({@link #wantsSummary()}, {@link #wantsStdout()},
 * {@link #delivers}). Built by {@link ProcessModeParser}; already checked for consistency.
 */
public final class ProcessMode {
    private static final String SIGNATURE_HEADER = "x-dspam-signature:";

    private final boolean classify;
    private final Optional<TrainingClass> trainingClass;
    private final Optional<TrainingSource> source;
    private final Optional<Signature> signature;
    private final Optional<TrainingMode> modeOverride;
    private final List<DspamFeature> features;
    private final boolean deliverInnocent;
    private final boolean deliverSpam;
    private final boolean summary;
    private final boolean stdout;
    private final List<DspamUser> extraUsers;

    ProcessMode(boolean classify, Optional<TrainingClass> trainingClass, Optional<TrainingSource> source,
                Optional<Signature> signature, Optional<TrainingMode> modeOverride, List<DspamFeature> features,
                boolean deliverInnocent, boolean deliverSpam, boolean summary, boolean stdout,
                List<DspamUser> extraUsers) {
        this.classify = classify;
        this.trainingClass = trainingClass;
        this.source = source;
        this.signature = signature;
        this.modeOverride = modeOverride;
        this.features = List.copyOf(features);
        this.deliverInnocent = deliverInnocent;
        this.deliverSpam = deliverSpam;
        this.summary = summary;
        this.stdout = stdout;
        this.extraUsers = List.copyOf(extraUsers);
    }

    /** What dspamd does when the client sends no DSPAMPROCESSMODE at all (docs/PROTOCOL.md §5.1, transcript 27). */
    public static ProcessMode defaults() {
        return new ProcessMode(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            List.of(), false, false, false, false, List.of());
    }

    public boolean isClassify() {
        return classify;
    }

    /** {@code --source=error}: a retrain of an earlier verdict. */
    public boolean isRetrain() {
        return source.equals(Optional.of(TrainingSource.ERROR));
    }

    /** Whether the message is processed as inbound mail (classify or process) rather than trained. */
    public boolean isInbound() {
        return trainingClass.isEmpty();
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

    /** Users named with {@code --user}, processed after the RCPT TO users. */
    public List<DspamUser> extraUsers() {
        return extraUsers;
    }

    /** Summary lines are the output: {@code --classify} or {@code summary} in {@code --deliver}. */
    public boolean wantsSummary() {
        return classify || summary;
    }

    public boolean wantsStdout() {
        return stdout;
    }

    /**
     * Whether a message of this verdict is "delivered" (docs/PROTOCOL.md §6.1): innocent needs the
     * {@code innocent} flag; spam needs the {@code spam} flag or a spam action that delivers.
     */
    public boolean delivers(boolean spam, boolean spamActionDelivers) {
        return spam ? deliverSpam || spamActionDelivers : deliverInnocent;
    }

    /** Whether any delivery flag was given (summary plus {@code --stdout} then also returns copies). */
    public boolean hasDeliveryFlags() {
        return deliverInnocent || deliverSpam;
    }

    /**
     * The request for these users and this message. A retrain without {@code --signature} takes
     * the signature from the first {@code X-DSPAM-Signature} header of the message, as dspamd
     * does with {@code signatureLocation=headers} (transcript 36); empty when there is none, so
     * that every user ends up "not classified", which is what dspamd answers.
     */
    public Optional<DspamRequest> toRequest(List<DspamUser> users, byte[] message) {
        Objects.requireNonNull(message, "message");
        DspamRequest request;
        if (classify) {
            request = DspamRequest.classify(users, message);
        } else if (trainingClass.isEmpty()) {
            request = DspamRequest.process(users, message);
        } else if (isRetrain()) {
            Optional<Signature> id = signature.or(() -> signatureHeader(message));
            if (id.isEmpty()) {
                return Optional.empty();
            }
            request = isUnlearn()
                ? DspamRequest.unlearn(users, trainingClass.get(), id.get())
                : DspamRequest.retrain(users, trainingClass.get(), id.get());
        } else if (isUnlearn()) {
            request = DspamRequest.unlearn(users, trainingClass.get(), source.orElse(TrainingSource.CORPUS), message);
        } else {
            request = DspamRequest.train(users, trainingClass.get(), source.get(), message);
        }
        if (modeOverride.isPresent() && !isUnlearn()) {
            request = request.withMode(modeOverride.get());
        }
        if (!features.isEmpty()) {
            request = request.withFeatures(features);
        }
        return Optional.of(request);
    }

    private boolean isUnlearn() {
        return modeOverride.equals(Optional.of(TrainingMode.UNLEARN));
    }

    /** The first {@code X-DSPAM-Signature} header of the header block; folded values are not expected. */
    static Optional<Signature> signatureHeader(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            String line = end < 0 ? text.substring(start) : text.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                return Optional.empty();
            }
            if (line.toLowerCase(Locale.ROOT).startsWith(SIGNATURE_HEADER)) {
                return Signature.parse(line.substring(SIGNATURE_HEADER.length()));
            }
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add(classify ? "classify" : trainingClass.isEmpty() ? "process" : "train");
        trainingClass.ifPresent(c -> parts.add("class=" + c.optionValue()));
        source.ifPresent(s -> parts.add("source=" + s.optionValue()));
        signature.ifPresent(s -> parts.add("signature=" + s));
        modeOverride.ifPresent(m -> parts.add("mode=" + m.optionValue()));
        if (!features.isEmpty()) {
            parts.add("features=" + features);
        }
        parts.add("deliver=" + (deliverInnocent ? "innocent," : "") + (deliverSpam ? "spam," : "")
            + (summary ? "summary" : ""));
        if (stdout) {
            parts.add("stdout");
        }
        if (!extraUsers.isEmpty()) {
            parts.add("users=" + extraUsers);
        }
        return "ProcessMode" + parts;
    }
}

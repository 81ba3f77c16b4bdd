package io.jamesdspam.mailet.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.api.DspamStatistics;
import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.model.Verdict;

/**
 * A backend for unit tests of the James side: records every request, knows the signatures the
 * test declares, can be taken down for a number of calls, and serves totals and purges the test
 * sets. Dictionary behaviour itself is the engine's business and is tested there and in the
 * full-James integration tests.
 */
public class RecordingDspamBackend implements DspamBackend, DspamStatistics, DspamMaintenance {
    private final List<DspamRequest> requests = new CopyOnWriteArrayList<>();
    private final Set<Signature> knownSignatures = ConcurrentHashMap.newKeySet();
    private final Map<DspamUser, DspamTotals> totals = new ConcurrentHashMap<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final List<Duration> purges = new CopyOnWriteArrayList<>();
    private final List<Optional<DspamUser>> purgedUsers = new CopyOnWriteArrayList<>();
    private final List<TokenPurgeLimits> purgedTokenLimits = new CopyOnWriteArrayList<>();
    private volatile Duration configuredSignatureAge = DEFAULT_SIGNATURE_AGE;

    public RecordingDspamBackend knowSignature(String id) {
        knownSignatures.add(Signature.of(id));
        return this;
    }

    public void forgetSignatures() {
        knownSignatures.clear();
    }

    /** The next {@code count} calls fail as if DSPAM were unreachable. */
    public void failNext(int count) {
        failuresLeft.set(count);
    }

    public void setTotals(DspamUser user, DspamTotals userTotals) {
        totals.put(user, userTotals);
    }

    public List<DspamRequest> requests() {
        return new ArrayList<>(requests);
    }

    public List<String> describedRequests() {
        return requests.stream().map(RecordingDspamBackend::describe).collect(Collectors.toList());
    }

    public List<Duration> purges() {
        return purges;
    }

    /** Whom each purge was for: empty for every user. */
    public List<Optional<DspamUser>> purgedUsers() {
        return purgedUsers;
    }

    /** The token limits each purge was given in place of the configured ones. */
    public List<TokenPurgeLimits> purgedTokenLimits() {
        return purgedTokenLimits;
    }

    /** {@code RETRAIN spam user sig}, {@code TRAIN innocent user corpus}, ... */
    public static String describe(DspamRequest request) {
        StringBuilder text = new StringBuilder(request.operation().name());
        request.trainingClass().ifPresent(c -> text.append(' ').append(c.optionValue()));
        text.append(' ').append(request.users().stream().map(DspamUser::asString).collect(Collectors.joining(",")));
        if (request.signature().isPresent()) {
            text.append(' ').append(request.signature().get().asString());
        } else {
            request.source().ifPresent(s -> text.append(' ').append(s.optionValue()));
        }
        return text.toString();
    }

    @Override
    public DspamResponse execute(DspamRequest request) {
        if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            throw new DspamException(DspamException.Kind.UNREACHABLE, "DSPAM is down (test)");
        }
        requests.add(request);
        return DspamResponse.of(request.users().stream().map(user -> outcome(request, user)).collect(Collectors.toList()));
    }

    private UserOutcome outcome(DspamRequest request, DspamUser user) {
        if (request.signature().isPresent() && !knownSignatures.contains(request.signature().get())) {
            return UserOutcome.notClassified(user, "signature not found");
        }
        Verdict verdict = request.trainingClass().map(c -> c.asVerdict()).orElse(Verdict.INNOCENT);
        return UserOutcome.classified(DspamResult.builder()
            .user(user)
            .verdict(verdict)
            .probability(verdict == Verdict.SPAM ? 1.0 : 0.0)
            .confidence(1.0)
            .signature(request.signature())
            .build());
    }

    @Override
    public void ping() {
        if (failuresLeft.get() > 0) {
            throw new DspamException(DspamException.Kind.UNREACHABLE, "DSPAM is down (test)");
        }
    }

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public DspamTotals totals(DspamUser user) {
        return totals.getOrDefault(user, DspamTotals.EMPTY);
    }

    @Override
    public List<DspamUser> users() {
        return List.copyOf(totals.keySet());
    }

    @Override
    public PurgeReport purge(Duration signatureAge, TokenPurgeLimits tokenLimits, Optional<DspamUser> only,
                             Consumer<PurgeReport> progress) {
        purges.add(signatureAge);
        purgedUsers.add(only);
        purgedTokenLimits.add(tokenLimits);
        PurgeReport report = new PurgeReport(2, 3, 7);
        progress.accept(report);
        return report;
    }

    /** As the engine tells them, the given ones only (this backend has no dspam.conf). */
    @Override
    public Optional<String> limitsOf(Duration signatureAge, TokenPurgeLimits tokenLimits) {
        return Optional.of("signatures " + signatureAge.toDays() + ", " + tokenLimits);
    }

    /** What the store's configuration says a purge keeps signatures for (its dspam.conf's PurgeSignatures). */
    public void configureSignatureAge(Duration age) {
        configuredSignatureAge = age;
    }

    @Override
    public Duration configuredSignatureAge() {
        return configuredSignatureAge;
    }
}

package io.jamesdspam.mailet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.model.Verdict;

/**
 * A backend whose answers the test decides: a verdict per DSPAM user, a failure, or a hang.
 * Records every request. The mailet logic is what the unit tests check; the real engine and
 * dspamd are exercised by the integration tests.
 */
public final class ScriptedBackend implements DspamBackend {
    private final Map<DspamUser, DspamResult> answers = new ConcurrentHashMap<>();
    private final List<DspamRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Optional<DspamException> failure = Optional.empty();
    private volatile Optional<RuntimeException> crash = Optional.empty();
    private volatile Optional<CountDownLatch> hang = Optional.empty();
    private volatile boolean trainingFails = false;

    public ScriptedBackend answer(String user, Verdict verdict, DspamClass dspamClass, double probability, double confidence,
                           String signature) {
        DspamResult.Builder result = DspamResult.builder().user(DspamUser.of(user)).verdict(verdict).dspamClass(dspamClass)
            .probability(probability).confidence(confidence);
        if (signature != null) {
            result.signature(Signature.of(signature));
        }
        answers.put(DspamUser.of(user), result.build());
        return this;
    }

    public ScriptedBackend spam(String user, double confidence, String signature) {
        return answer(user, Verdict.SPAM, DspamClass.SPAM, 1.0, confidence, signature);
    }

    public ScriptedBackend innocent(String user, double confidence, String signature) {
        return answer(user, Verdict.INNOCENT, DspamClass.INNOCENT, 0.0023, confidence, signature);
    }

    public ScriptedBackend failWith(DspamException.Kind kind) {
        failure = Optional.of(new DspamException(kind, "scripted " + kind));
        return this;
    }

    public ScriptedBackend crashWith(RuntimeException exception) {
        crash = Optional.of(exception);
        return this;
    }

    public ScriptedBackend failTraining() {
        trainingFails = true;
        return this;
    }

    /** Every call blocks until the returned latch is released. */
    public CountDownLatch hang() {
        CountDownLatch latch = new CountDownLatch(1);
        hang = Optional.of(latch);
        return latch;
    }

    public List<DspamRequest> requests() {
        return new ArrayList<>(requests);
    }

    public List<DspamRequest> requests(DspamRequest.Operation operation) {
        List<DspamRequest> matching = new ArrayList<>();
        requests.stream().filter(r -> r.operation() == operation).forEach(matching::add);
        return matching;
    }

    @Override
    public DspamResponse execute(DspamRequest request) {
        requests.add(request);
        if (hang.isPresent()) {
            try {
                hang.get().await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DspamException(DspamException.Kind.INTERNAL, "interrupted");
            }
        }
        failure.ifPresent(e -> {
            throw e;
        });
        crash.ifPresent(e -> {
            throw e;
        });
        boolean training = request.operation() != DspamRequest.Operation.CLASSIFY
            && request.operation() != DspamRequest.Operation.PROCESS;
        if (training && trainingFails) {
            throw new DspamException(DspamException.Kind.STORAGE, "scripted training failure");
        }
        List<UserOutcome> outcomes = new ArrayList<>();
        for (DspamUser user : request.users()) {
            DspamResult answer = answers.get(user);
            if (answer == null) {
                outcomes.add(UserOutcome.notClassified(user, "no tokens"));
            } else if (request.operation() == DspamRequest.Operation.CLASSIFY) {
                outcomes.add(UserOutcome.classified(answer.toBuilder().signature(Optional.empty()).build()));
            } else {
                outcomes.add(UserOutcome.classified(answer));
            }
        }
        return DspamResponse.of(outcomes);
    }

    @Override
    public void ping() {
        failure.ifPresent(e -> {
            throw e;
        });
    }

    @Override
    public String name() {
        return "scripted";
    }
}

package io.jamesdspam.mailet.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.api.DspamException.Kind;
import io.jamesdspam.mailet.ScriptedBackend;
import io.jamesdspam.mailet.configuration.BackendGuardSettings;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;

class TimeBoundBackendTest {
    private static final DspamUser BOB = DspamUser.of("bob");
    private static final byte[] MESSAGE = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final DspamRequest CLASSIFY = DspamRequest.classify(List.of(BOB), MESSAGE);
    private static final Duration SHORT = Duration.ofMillis(50);
    private static final Duration LONG = Duration.ofSeconds(30);

    private final AtomicLong nanos = new AtomicLong();
    private final ScriptedBackend backend = new ScriptedBackend().innocent("bob", 0.99, null);
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final List<CountDownLatch> hangs = new ArrayList<>();
    private TimeBoundBackend gate;

    @AfterEach
    void tearDown() {
        hangs.forEach(CountDownLatch::countDown);
        callers.shutdownNow();
        if (gate != null) {
            gate.close();
        }
    }

    private TimeBoundBackend gate(BackendGuardSettings settings) {
        gate = new TimeBoundBackend(backend, settings, nanos::get);
        return gate;
    }

    private static BackendGuardSettings breaker(int failures) {
        return new BackendGuardSettings(8, true, failures, Duration.ofSeconds(30), Duration.ofMinutes(1));
    }

    private CountDownLatch hang() {
        CountDownLatch latch = backend.hang();
        hangs.add(latch);
        return latch;
    }

    private DspamException failure(DspamRequest request, Duration timeout) {
        return catchThrowableOfType(() -> gate.execute(request, timeout), DspamException.class);
    }

    @Nested
    class Threads {
        @Test
        void atMostTheConfiguredNumberOfCallsRunAtOnceOnNamedThreads() throws Exception {
            Set<String> threadNames = ConcurrentHashMap.newKeySet();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger mostRunning = new AtomicInteger();
            CountDownLatch release = new CountDownLatch(1);
            hangs.add(release);
            BlockingBackend blocking = new BlockingBackend(release, threadNames, running, mostRunning);
            gate = new TimeBoundBackend(blocking, new BackendGuardSettings(2, true, 3, Duration.ofSeconds(30), Duration.ofMinutes(1)), nanos::get);

            List<Future<DspamResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                calls.add(callers.submit(() -> gate.execute(CLASSIFY, LONG)));
            }
            await().until(() -> running.get() == 2);
            assertThat(blocking.calls.get()).as("the other three wait for a thread").isEqualTo(2);
            release.countDown();
            for (Future<DspamResponse> call : calls) {
                assertThat(call.get().outcomeFor(BOB)).isPresent();
            }

            assertThat(blocking.calls.get()).isEqualTo(5);
            assertThat(mostRunning.get()).isEqualTo(2);
            assertThat(gate.threads()).isLessThanOrEqualTo(2);
            assertThat(threadNames).allMatch(name -> name.matches("dspam-blocking-[12]"), "named after the backend");
        }

        @Test
        void closingStopsTheThreadsAndRefusesFurtherCalls() {
            gate(BackendGuardSettings.defaults());
            assertThat(gate.execute(CLASSIFY, LONG).outcomeFor(BOB)).isPresent();

            gate.close();

            assertThat(failure(CLASSIFY, LONG).kind()).isEqualTo(Kind.INTERNAL);
            await().until(() -> gate.threads() == 0);
        }
    }

    @Nested
    class Timeouts {
        @Test
        void aTimedOutLearningRequestMayHaveLearned() {
            gate(BackendGuardSettings.defaults());
            hang();

            DspamException training = failure(DspamRequest.train(List.of(BOB), TrainingClass.SPAM, TrainingSource.CORPUS,
                MESSAGE), SHORT);
            DspamException classification = failure(CLASSIFY, SHORT);

            assertThat(training.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(training).hasMessageContaining("may have learned");
            assertThat(classification.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(classification).hasMessageNotContaining("learned");
        }

        @Test
        void aBackendThatMustNotBeInterruptedIsLeftToFinishItsTimedOutCall() throws Exception {
            InterruptRecordingBackend files = new InterruptRecordingBackend(false);
            gate = new TimeBoundBackend(files, BackendGuardSettings.defaults(), nanos::get);

            assertThat(catchThrowableOfType(() -> gate.execute(CLASSIFY, SHORT), DspamException.class).kind())
                .isEqualTo(Kind.TIMEOUT);
            files.release.countDown();

            assertThat(files.finished.get(LONG.toSeconds(), TimeUnit.SECONDS)).as("interrupted").isFalse();
        }

        @Test
        void closingLetsTheCallInFlightOfABackendThatMustNotBeInterruptedFinish() throws Exception {
            InterruptRecordingBackend files = new InterruptRecordingBackend(false);
            gate = new TimeBoundBackend(files, BackendGuardSettings.defaults(), nanos::get);
            Future<DspamResponse> inFlight = callers.submit(() -> gate.execute(CLASSIFY, LONG));
            await().until(() -> gate.busyThreads() == 1);
            Thread closer = Thread.currentThread();
            callers.submit(() -> {
                // released only once close() waits for the call in flight
                await().until(() -> closer.getState() == Thread.State.TIMED_WAITING);
                files.release.countDown();
                return null;
            });

            gate.close();

            assertThat(files.finished.getNow(null)).as("finished uninterrupted before close returned").isFalse();
            assertThat(inFlight.get(LONG.toSeconds(), TimeUnit.SECONDS).outcomeFor(BOB)).isPresent();
        }

        @Test
        void closingInterruptsTheCallInFlightOfANetworkBackend() throws Exception {
            InterruptRecordingBackend network = new InterruptRecordingBackend(true);
            gate = new TimeBoundBackend(network, BackendGuardSettings.defaults(), nanos::get);
            callers.submit(() -> gate.execute(CLASSIFY, LONG));
            await().until(() -> gate.busyThreads() == 1);

            gate.close();

            assertThat(network.finished.get(LONG.toSeconds(), TimeUnit.SECONDS)).as("interrupted").isTrue();
        }

        @Test
        void aNetworkBackendsTimedOutCallIsInterrupted() throws Exception {
            InterruptRecordingBackend network = new InterruptRecordingBackend(true);
            gate = new TimeBoundBackend(network, BackendGuardSettings.defaults(), nanos::get);

            assertThat(catchThrowableOfType(() -> gate.execute(CLASSIFY, SHORT), DspamException.class).kind())
                .isEqualTo(Kind.TIMEOUT);

            assertThat(network.finished.get(LONG.toSeconds(), TimeUnit.SECONDS)).as("interrupted").isTrue();
        }

        @Test
        void withoutTheBreakerEveryCallWaitsItsTimeout() {
            gate(new BackendGuardSettings(8, false, 3, Duration.ofSeconds(30), Duration.ofMinutes(1)));
            hang();

            for (int i = 0; i < 6; i++) {
                assertThat(failure(CLASSIFY, SHORT).kind()).isEqualTo(Kind.TIMEOUT);
            }
            assertThat(backend.requests()).hasSize(6);
        }
    }

    @Nested
    class Breaker {
        @Test
        void aHungBackendCostsThreeCallsTheirTimeoutThenCallsFailAtOnceWithoutAskingIt() {
            gate(breaker(3));
            hang();

            for (int i = 0; i < 3; i++) {
                assertThat(failure(CLASSIFY, SHORT).kind()).isEqualTo(Kind.TIMEOUT);
            }
            DspamException refused = failure(CLASSIFY, LONG);

            assertThat(refused.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(refused).hasMessageStartingWith("circuit open: scripted failed 3 times in a row (last: TIMEOUT");
            assertThat(backend.requests()).as("not asked while open").hasSize(3);
            assertThat(gate.breakerState()).contains(CircuitBreaker.State.OPEN);
        }

        @Test
        void connectionFailuresOpenItToo() {
            gate(breaker(2));
            backend.failWith(Kind.UNREACHABLE);

            failure(CLASSIFY, LONG);
            failure(CLASSIFY, LONG);

            assertThat(failure(CLASSIFY, LONG)).hasMessageStartingWith("circuit open");
            assertThat(backend.requests()).hasSize(2);
        }

        @Test
        void anAnswerInBetweenResetsTheCount() {
            gate = new TimeBoundBackend(new FlakyBackend(), breaker(2), nanos::get);

            assertThat(failure(CLASSIFY, LONG).kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(gate.execute(CLASSIFY, LONG).outcomeFor(BOB)).isPresent();
            assertThat(failure(CLASSIFY, LONG).kind()).as("one failure after an answer").isEqualTo(Kind.TIMEOUT);
            assertThat(gate.breakerState()).contains(CircuitBreaker.State.CLOSED);
        }

        @Test
        void otherFailuresProveTheBackendAnswersAndNeverOpenIt() {
            gate(breaker(2));
            backend.failWith(Kind.PROTOCOL);

            for (int i = 0; i < 5; i++) {
                assertThat(failure(CLASSIFY, LONG).kind()).isEqualTo(Kind.PROTOCOL);
            }
            assertThat(backend.requests()).hasSize(5);
        }

        @Test
        void afterTheOpenTimeOneProbeGoesThroughAndItsSuccessClosesTheCircuit() {
            gate(breaker(2));
            CountDownLatch hung = hang();
            failure(CLASSIFY, SHORT);
            failure(CLASSIFY, SHORT);
            nanos.addAndGet(Duration.ofSeconds(29).toNanos());
            assertThat(failure(CLASSIFY, LONG)).hasMessageEndingWith("next probe in 1 s");

            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            hung.countDown();

            assertThat(gate.execute(CLASSIFY, LONG).outcomeFor(BOB).map(UserOutcome::isClassified)).contains(true);
            assertThat(gate.breakerState()).contains(CircuitBreaker.State.CLOSED);
            assertThat(gate.execute(CLASSIFY, LONG).outcomeFor(BOB)).isPresent();
            assertThat(backend.requests()).hasSize(4);
        }

        @Test
        void whileAProbeIsInFlightOtherCallsFailAtOnceAndAFailedProbeOpensItAgain() throws Exception {
            gate(breaker(2));
            CountDownLatch hung = hang();
            failure(CLASSIFY, SHORT);
            failure(CLASSIFY, SHORT);
            nanos.addAndGet(Duration.ofSeconds(30).toNanos());

            Future<DspamException> probe = callers.submit(() -> failure(CLASSIFY, Duration.ofSeconds(20)));
            await().until(() -> backend.requests().size() == 3);
            DspamException duringProbe = failure(CLASSIFY, LONG);
            assertThat(duringProbe.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(duringProbe).hasMessageEndingWith("a probe is in flight");

            callers.shutdownNow();
            assertThat(probe.get().kind()).as("the probe's caller gave up").isEqualTo(Kind.TIMEOUT);
            assertThat(gate.breakerState()).contains(CircuitBreaker.State.OPEN);
            assertThat(failure(CLASSIFY, LONG)).hasMessageEndingWith("next probe in 30 s");
            assertThat(backend.requests()).hasSize(3);
            hung.countDown();
        }
    }

    @Nested
    class SlowCalls {
        @Test
        void asManyCallsWaitingPastTheSlowCallTimeOpenTheCircuitAndAreReleasedLongBeforeTheirTimeout() throws Exception {
            gate(new BackendGuardSettings(8, true, 3, Duration.ofSeconds(30), Duration.ofMillis(100)));
            hang();

            List<Future<DspamException>> waiting = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiting.add(callers.submit(() -> failure(CLASSIFY, Duration.ofMinutes(5))));
            }
            for (Future<DspamException> call : waiting) {
                DspamException released = call.get(1, TimeUnit.MINUTES);
                assertThat(released.kind()).isEqualTo(Kind.UNREACHABLE);
                assertThat(released).hasMessageStartingWith("circuit opened while waiting for scripted");
            }

            assertThat(gate.breakerState()).contains(CircuitBreaker.State.OPEN);
            assertThat(failure(CLASSIFY, LONG)).hasMessageContaining("calls waiting at once longer than the slow-call time");
            assertThat(backend.requests()).hasSize(3);
        }

        @Test
        void fewerSlowCallsThanTheThresholdJustWait() {
            gate(new BackendGuardSettings(8, true, 3, Duration.ofSeconds(30), Duration.ofMillis(10)));
            hang();

            assertThat(failure(CLASSIFY, Duration.ofMillis(200)).kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(gate.breakerState()).contains(CircuitBreaker.State.CLOSED);
        }

        @Test
        void aCallThatAnswersAfterTheSlowCallTimeIsAnAnswer() throws Exception {
            gate(new BackendGuardSettings(8, true, 2, Duration.ofSeconds(30), Duration.ofMillis(10)));
            CountDownLatch hung = hang();
            Future<DspamResponse> slow = callers.submit(() -> gate.execute(CLASSIFY, LONG));
            await().until(() -> backend.requests().size() == 1);
            hung.countDown();

            assertThat(slow.get(1, TimeUnit.MINUTES).outcomeFor(BOB)).isPresent();
        }
    }

    /** Counts calls in flight, records its threads' names, and blocks until released. */
    /** Waits for {@link #release}; {@link #finished} says whether an interrupt ended the wait. */
    private static final class InterruptRecordingBackend implements DspamBackend {
        private final boolean interruptible;
        private final CountDownLatch release = new CountDownLatch(1);
        private final CompletableFuture<Boolean> finished = new CompletableFuture<>();

        InterruptRecordingBackend(boolean interruptible) {
            this.interruptible = interruptible;
        }

        @Override
        public DspamResponse execute(DspamRequest request) {
            try {
                release.await();
                finished.complete(false);
            } catch (InterruptedException e) {
                finished.complete(true);
            }
            return DspamResponse.of(List.of(UserOutcome.notClassified(BOB, "test")));
        }

        @Override
        public boolean interruptible() {
            return interruptible;
        }

        @Override
        public void ping() {
        }

        @Override
        public String name() {
            return "recording";
        }
    }

    private static final class BlockingBackend implements DspamBackend {
        private final CountDownLatch release;
        private final Set<String> threadNames;
        private final AtomicInteger running;
        private final AtomicInteger mostRunning;
        private final AtomicInteger calls = new AtomicInteger();

        BlockingBackend(CountDownLatch release, Set<String> threadNames, AtomicInteger running, AtomicInteger mostRunning) {
            this.release = release;
            this.threadNames = threadNames;
            this.running = running;
            this.mostRunning = mostRunning;
        }

        @Override
        public DspamResponse execute(DspamRequest request) {
            calls.incrementAndGet();
            threadNames.add(Thread.currentThread().getName());
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            return DspamResponse.of(List.of(UserOutcome.notClassified(BOB, "test")));
        }

        @Override
        public void ping() {
        }

        @Override
        public String name() {
            return "blocking";
        }
    }

    /** Fails with a timeout on odd calls and answers on even ones. */
    private static final class FlakyBackend implements DspamBackend {
        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public DspamResponse execute(DspamRequest request) {
            if (calls.incrementAndGet() % 2 == 1) {
                throw new DspamException(Kind.TIMEOUT, "flaky");
            }
            return DspamResponse.of(List.of(UserOutcome.notClassified(BOB, "flaky answer")));
        }

        @Override
        public void ping() {
        }

        @Override
        public String name() {
            return "flaky";
        }
    }
}

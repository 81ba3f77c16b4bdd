package io.jamesdspam.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;

/** The default {@link DspamBackend#executeTogether}: one request after the other, a failed one reported, not thrown. */
class DspamBackendTest {
    private static final DspamUser USER = DspamUser.of("alice@example.com");

    /** Answers each request with its position; the second one times out. */
    private static final class SecondTimesOut implements DspamBackend {
        private final List<DspamRequest> seen = new ArrayList<>();

        @Override
        public DspamResponse execute(DspamRequest request) {
            seen.add(request);
            if (seen.size() == 2) {
                throw new DspamException(DspamException.Kind.TIMEOUT, "no answer within 30 s");
            }
            return DspamResponse.of(List.of(UserOutcome.notFiltered(USER, "request " + seen.size())));
        }

        @Override
        public void ping() {
        }

        @Override
        public String name() {
            return "scripted";
        }
    }

    private static DspamRequest training(int n) {
        return DspamRequest.train(List.of(USER), TrainingClass.SPAM, TrainingSource.CORPUS,
            ("Subject: " + n + "\r\n\r\nbody " + n + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void requestsRunOneByOneAndAFailureBecomesItsOutcome() {
        SecondTimesOut backend = new SecondTimesOut();
        List<DspamRequest> requests = List.of(training(1), training(2), training(3));

        List<UserOutcome> outcomes = backend.executeTogether(USER, requests);

        assertThat(backend.seen).containsExactlyElementsOf(requests);
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0).reason()).hasValue(UserOutcome.NOT_FILTERED + ": request 1");
        assertThat(outcomes.get(1).isClassified()).isFalse();
        assertThat(outcomes.get(1).isNotFiltered()).isFalse();
        assertThat(outcomes.get(1).reason()).hasValue("TIMEOUT: no answer within 30 s");
        assertThat(outcomes.get(2).reason()).hasValue(UserOutcome.NOT_FILTERED + ": request 3");
    }

    @Test
    void aBackendWritesOneTrainingAtATimeUnlessItSaysOtherwise() {
        assertThat(new SecondTimesOut().trainingBatchSize()).isEqualTo(1);
    }
}

package io.jamesdspam.mailet.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.core.healthcheck.Result;
import org.apache.james.core.healthcheck.ResultStatus;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;

class DspamHealthCheckTest {
    static DspamBackend pinging(Runnable ping) {
        return new DspamBackend() {
            @Override
            public DspamResponse execute(DspamRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void ping() {
                ping.run();
            }

            @Override
            public String name() {
                return "dspamd";
            }
        };
    }

    @Test
    void aBackendThatAnswersIsHealthy() {
        Result result = Mono.from(new DspamHealthCheck(pinging(() -> { })).check()).block();

        assertThat(result.getStatus()).isEqualTo(ResultStatus.HEALTHY);
        assertThat(result.getComponentName().getName()).isEqualTo("DSPAM");
    }

    @Test
    void anUnreachableBackendDegradesTheServerSinceMailStillFlows() {
        Result result = Mono.from(new DspamHealthCheck(pinging(() -> {
            throw new DspamException(DspamException.Kind.UNREACHABLE, "connection refused");
        })).check()).block();

        assertThat(result.getStatus()).isEqualTo(ResultStatus.DEGRADED);
        assertThat(result.getCause()).hasValueSatisfying(cause ->
            assertThat(cause).contains("dspamd").contains("unreachable").contains("connection refused"));
    }

    @Test
    void aBrokenBackendIsUnhealthy() {
        Result result = Mono.from(new DspamHealthCheck(pinging(() -> {
            throw new IllegalStateException("bug");
        })).check()).block();

        assertThat(result.getStatus()).isEqualTo(ResultStatus.UNHEALTHY);
    }

    @Test
    void theProbeRunsOnThePluginsOwnThreadsNotOnThoseJamesShares() {
        AtomicReference<String> probedOn = new AtomicReference<>();

        Mono.from(new DspamHealthCheck(pinging(() -> probedOn.set(Thread.currentThread().getName()))).check()).block();

        assertThat(probedOn.get()).startsWith("dspam-calls-");
    }
}

package io.jamesdspam.mailet.healthcheck;

import java.util.Locale;

import javax.inject.Inject;

import org.apache.james.core.healthcheck.ComponentName;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.core.healthcheck.Result;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.mailet.backend.DspamCallScheduler;

/**
 * Reports whether the DSPAM backend answers its liveness probe. Unreachable DSPAM is
 * <em>degraded</em>, not unhealthy: the Dspam mailet keeps delivering mail unclassified.
 * Registered with {@code additional.healthchecks} in {@code healthcheck.properties}.
 */
public class DspamHealthCheck implements HealthCheck {
    public static final ComponentName COMPONENT = new ComponentName("DSPAM");

    private final DspamBackend backend;

    @Inject
    public DspamHealthCheck(DspamBackend backend) {
        this.backend = backend;
    }

    @Override
    public ComponentName componentName() {
        return COMPONENT;
    }

    @Override
    public Publisher<Result> check() {
        return Mono.fromCallable(this::probe).subscribeOn(DspamCallScheduler.scheduler());
    }

    private Result probe() {
        try {
            backend.ping();
            return Result.healthy(COMPONENT);
        } catch (DspamException e) {
            return Result.degraded(COMPONENT, backend.name() + " " + e.kind().name().toLowerCase(Locale.ROOT)
                + ": " + e.getMessage() + " (mail is delivered unclassified)");
        } catch (RuntimeException e) {
            return Result.unhealthy(COMPONENT, backend.name() + " failed its probe: " + e, e);
        }
    }
}

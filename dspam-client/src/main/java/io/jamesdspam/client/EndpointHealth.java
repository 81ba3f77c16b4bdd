package io.jamesdspam.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which endpoints to try, in configured order, skipping those that failed within the back-off
 * period. When every endpoint is backed off, the one whose back-off ends first is still tried,
 * so a single-endpoint setup recovers at the first request after dspamd is back.
 */
final class EndpointHealth {
    private final List<DlmtpEndpoint> endpoints;
    private final Duration backoff;
    private final Map<DlmtpEndpoint, Long> downUntil = new ConcurrentHashMap<>();

    EndpointHealth(List<DlmtpEndpoint> endpoints, Duration backoff) {
        this.endpoints = List.copyOf(endpoints);
        this.backoff = backoff;
    }

    List<DlmtpEndpoint> candidates() {
        long now = System.nanoTime();
        List<DlmtpEndpoint> healthy = new ArrayList<>();
        for (DlmtpEndpoint endpoint : endpoints) {
            Long until = downUntil.get(endpoint);
            if (until == null || until - now <= 0) {
                healthy.add(endpoint);
            }
        }
        if (healthy.isEmpty()) {
            endpoints.stream().min(Comparator.comparingLong(e -> downUntil.getOrDefault(e, now) - now))
                .ifPresent(healthy::add);
        }
        return healthy;
    }

    void markDown(DlmtpEndpoint endpoint) {
        downUntil.put(endpoint, System.nanoTime() + backoff.toNanos());
    }

    void markUp(DlmtpEndpoint endpoint) {
        downUntil.remove(endpoint);
    }

    boolean isBackedOff(DlmtpEndpoint endpoint) {
        Long until = downUntil.get(endpoint);
        return until != null && until - System.nanoTime() > 0;
    }
}

package io.jamesdspam.mailet.module;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.mailet.backend.TimeBoundBackend;

/**
 * Closes the shared backend when James stops (its {@code @PreDestroy} stage): the embedded
 * engine's store writes nothing half-done and releases its lock, so a server restarted in the
 * same process can open it again; a dspamd client closes its connections. The bounded gate the
 * mailets call it through stops its threads first, and before it the {@link DailyPurge} this
 * singleton starts (one eager singleton, so that a bad setting stops James with one error, not one
 * per eager singleton). A backend built by a {@code @Provides} method is not seen by James's life
 * cycle itself, hence this eager singleton.
 */
public class DspamBackendShutdown {
    private static final Logger LOGGER = LoggerFactory.getLogger(DspamBackendShutdown.class);

    private final DspamBackend backend;
    private final TimeBoundBackend gate;
    private final DailyPurge dailyPurge;

    @Inject
    public DspamBackendShutdown(DspamBackend backend, TimeBoundBackend gate, DailyPurge dailyPurge) {
        this.backend = backend;
        this.gate = gate;
        this.dailyPurge = dailyPurge;
    }

    @PreDestroy
    public void close() {
        dailyPurge.close();
        gate.close();
        try {
            backend.close();
            LOGGER.info("DSPAM backend {} closed", backend.name());
        } catch (Exception e) {
            LOGGER.warn("Closing the DSPAM backend {} failed", backend.name(), e);
        }
    }
}

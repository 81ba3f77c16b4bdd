package io.jamesdspam.it.retrain;

import java.util.Map;

import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.configuration.RetrainListenerMode;

/**
 * {@link MoveLatencyWithDspamDown} with {@code listener.mode=inline}: on the in-VM bus each move
 * waits for the listener's retries, hence few moves.
 */
class RetrainMoveLatencyInlineIT extends MoveLatencyWithDspamDown {
    private static final SwitchableBackend BACKEND = new SwitchableBackend();

    @RegisterExtension
    static JamesServerExtension james = RetrainItServer.extension(BACKEND,
        DspamConfiguration.of(Map.of("listener.mode", "inline")));

    @Override
    protected RetrainListenerMode mode() {
        return RetrainListenerMode.INLINE;
    }

    @Override
    protected SwitchableBackend backend() {
        return BACKEND;
    }

    @Override
    protected int moves() {
        return 3;
    }
}

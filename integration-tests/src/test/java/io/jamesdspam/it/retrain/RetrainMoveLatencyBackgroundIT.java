package io.jamesdspam.it.retrain;

import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.mailet.configuration.RetrainListenerMode;

/** {@link MoveLatencyWithDspamDown} with {@code listener.mode=background} (the default). */
class RetrainMoveLatencyBackgroundIT extends MoveLatencyWithDspamDown {
    private static final SwitchableBackend BACKEND = new SwitchableBackend();

    @RegisterExtension
    static JamesServerExtension james = RetrainItServer.extension(BACKEND);

    @Override
    protected RetrainListenerMode mode() {
        return RetrainListenerMode.BACKGROUND;
    }

    @Override
    protected SwitchableBackend backend() {
        return BACKEND;
    }

    @Override
    protected int moves() {
        return 10;
    }
}

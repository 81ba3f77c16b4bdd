package io.jamesdspam.mailet.testing;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;

/** A backend like a dspamd client: it classifies and trains but keeps no statistics here. */
public class NoStatisticsBackend implements DspamBackend {
    private final RecordingDspamBackend delegate = new RecordingDspamBackend();

    @Override
    public DspamResponse execute(DspamRequest request) {
        return delegate.execute(request);
    }

    @Override
    public void ping() {
    }

    @Override
    public String name() {
        return "dspamd";
    }
}

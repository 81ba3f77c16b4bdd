package io.jamesdspam.model;

import java.util.List;
import java.util.Optional;

/** One outcome per requested user, in request order. */
public final class DspamResponse {
    private final List<UserOutcome> outcomes;

    private DspamResponse(List<UserOutcome> outcomes) {
        this.outcomes = List.copyOf(outcomes);
    }

    public static DspamResponse of(List<UserOutcome> outcomes) {
        return new DspamResponse(outcomes);
    }

    public List<UserOutcome> outcomes() {
        return outcomes;
    }

    public Optional<UserOutcome> outcomeFor(DspamUser user) {
        return outcomes.stream().filter(o -> o.user().equals(user)).findFirst();
    }

    public Optional<DspamResult> resultFor(DspamUser user) {
        return outcomeFor(user).flatMap(UserOutcome::result);
    }

    @Override
    public String toString() {
        return "DspamResponse" + outcomes;
    }
}

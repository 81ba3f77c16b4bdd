package io.jamesdspam.it.retrain;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.api.DspamStatistics;
import io.jamesdspam.api.DspamUserDeletion;
import io.jamesdspam.api.DspamUserRenaming;
import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * The real embedded engine behind a switch: the test can take DSPAM "down" (every call fails as
 * unreachable) and bring it back, to prove that users' moves never depend on DSPAM being up.
 */
final class SwitchableBackend implements DspamBackend, DspamStatistics, DspamMaintenance, DspamUserRenaming,
    DspamUserDeletion {
    private final EmbeddedDspam engine;
    private final AtomicBoolean down = new AtomicBoolean();

    SwitchableBackend() {
        this(EngineSettings.defaults());
    }

    /** The engine with {@code settings}, e.g. with a group file. */
    SwitchableBackend(EngineSettings settings) {
        this.engine = EmbeddedDspam.create(settings, new InMemoryDspamStore());
    }

    void takeDown() {
        down.set(true);
    }

    void bringUp() {
        down.set(false);
    }

    private void checkUp() {
        if (down.get()) {
            throw new DspamException(DspamException.Kind.UNREACHABLE, "DSPAM taken down by the test");
        }
    }

    @Override
    public DspamResponse execute(DspamRequest request) {
        checkUp();
        return engine.execute(request);
    }

    @Override
    public void ping() {
        checkUp();
        engine.ping();
    }

    @Override
    public String name() {
        return "embedded";
    }

    /** As the engine's store (in memory: yes), so that corrections are named as on SQL storage. */
    @Override
    public boolean appliesOperationsOnce() {
        return engine.appliesOperationsOnce();
    }

    @Override
    public DspamTotals totals(DspamUser user) {
        return engine.totals(user);
    }

    @Override
    public List<DspamUser> users() {
        return engine.users();
    }

    @Override
    public PurgeReport purge(Duration signatureAge, TokenPurgeLimits tokenLimits, Optional<DspamUser> only,
                             Consumer<PurgeReport> progress) {
        checkUp();
        return engine.purge(signatureAge, tokenLimits, only, progress);
    }

    @Override
    public Duration configuredSignatureAge() {
        return engine.configuredSignatureAge();
    }

    @Override
    public MoveReport moveUser(DspamUser from, DspamUser to) {
        checkUp();
        return engine.moveUser(from, to);
    }

    @Override
    public DeletionReport deleteUser(DspamUser user) {
        checkUp();
        return engine.deleteUser(user);
    }
}

package io.jamesdspam.engine;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.api.DspamExplaining;
import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.api.DspamStatistics;
import io.jamesdspam.engine.explain.Explanation;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.StaleTokenRule;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.UserOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pure-Java DSPAM engine as a {@link DspamBackend}: executes every request operation per user,
 * in request order, one user's message at a time (a per-user lock) and applied to the store in one
 * atomic write, so a message is learned completely or not at all. Different users run in parallel.
 *
 * <p>A user the engine cannot give a result for (no tokens, unknown signature, unreadable data,
 * store failure) gets a "not classified" outcome with the reason; nothing escapes as an exception
 * except a null request.
 */
public final class EmbeddedDspam implements DspamBackend, DspamStatistics, DspamMaintenance, DspamExplaining {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedDspam.class);

    private final EngineSettings settings;
    private final DspamStore store;
    private final Clock clock;
    private final MessageProcessor processor;
    private final ConcurrentHashMap<DspamUser, ReentrantLock> locks = new ConcurrentHashMap<>();

    private EmbeddedDspam(EngineSettings settings, DspamStore store, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.processor = new MessageProcessor(settings, store, clock);
    }

    public static EmbeddedDspam create(EngineSettings settings, DspamStore store) {
        return new EmbeddedDspam(settings, store, Clock.systemDefaultZone());
    }

    /** With a clock for {@code last_hit}, signature dates and ids (tests). */
    public static EmbeddedDspam create(EngineSettings settings, DspamStore store, Clock clock) {
        return new EmbeddedDspam(settings, store, clock);
    }

    public EngineSettings settings() {
        return settings;
    }

    @Override
    public DspamResponse execute(DspamRequest request) {
        if (request == null) {
            throw new DspamException(DspamException.Kind.INVALID_REQUEST, "No request");
        }
        UserCall call = UserCall.of(request);
        List<UserOutcome> outcomes = new ArrayList<>(request.users().size());
        for (DspamUser user : request.users()) {
            outcomes.add(executeFor(user, call));
        }
        return DspamResponse.of(outcomes);
    }

    private UserOutcome executeFor(DspamUser user, UserCall call) {
        ReentrantLock lock = locks.computeIfAbsent(user, u -> new ReentrantLock());
        lock.lock();
        try {
            return processor.execute(user, call);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            LOGGER.error("DSPAM engine failed for user {} on {}", user, call.operation, e);
            return UserOutcome.notClassified(user, "engine failure: " + e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * "Why was this spam?": the verdict {@code --classify} would give {@code message} for
     * {@code user} now, with the tokens that decide it and the words they came from. Read-only.
     *
     * @throws DspamException {@code INVALID_REQUEST} when the message gets no verdict (no tokens, too many)
     */
    @Override
    public Explanation explain(DspamUser user, byte[] message) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(message, "message");
        return explainLocked(user, () -> processor.explain(user, message));
    }

    /**
     * The verdict the tokens of {@code user}'s stored signature get now, with the tokens that
     * decide it (ids and counts: a signature keeps no names). Read-only.
     *
     * @throws DspamException {@code INVALID_REQUEST} for a signature the user does not have
     */
    @Override
    public Explanation explain(DspamUser user, Signature signature) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(signature, "signature");
        return explainLocked(user, () -> processor.explain(user, signature));
    }

    private Explanation explainLocked(DspamUser user, Supplier<Explanation> explanation) {
        ReentrantLock lock = locks.computeIfAbsent(user, u -> new ReentrantLock());
        lock.lock();
        try {
            return explanation.get();
        } catch (DspamException e) {
            throw e;
        } catch (RuntimeException e) {
            LOGGER.error("DSPAM engine failed to explain for user {}", user, e);
            throw new DspamException(DspamException.Kind.INTERNAL, "engine failure: " + e, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void ping() {
        try {
            store.totals(DspamUser.of("ping"));
        } catch (RuntimeException e) {
            throw new DspamException(DspamException.Kind.STORAGE, "The DSPAM store does not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public DspamTotals totals(DspamUser user) {
        return store.totals(user);
    }

    @Override
    public List<DspamUser> users() {
        return store.users();
    }

    /**
     * Deletes signatures older than {@code signatureAge} (whole days, strictly older; 0 deletes all,
     * §8.6) and stale tokens per {@link StaleTokenRule}, user by user under each user's lock.
     */
    @Override
    public PurgeReport purge(Duration signatureAge) {
        long days = signatureAge.toDays();
        LocalDate today = LocalDate.now(clock);
        StaleTokenRule staleTokens = new StaleTokenRule(today, settings.trainingMode());
        long signatures = 0;
        long tokens = 0;
        for (DspamUser user : store.users()) {
            ReentrantLock lock = locks.computeIfAbsent(user, u -> new ReentrantLock());
            lock.lock();
            try {
                signatures += store.purgeSignatures(user, days == 0 ? LocalDate.MAX : today.minusDays(days));
                tokens += store.purgeTokens(user, staleTokens);
            } finally {
                lock.unlock();
            }
        }
        return new PurgeReport(signatures, tokens);
    }

    @Override
    public void close() {
        store.close();
    }
}

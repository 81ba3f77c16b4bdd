package io.jamesdspam.engine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.api.DspamExplaining;
import io.jamesdspam.api.DspamGroups;
import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.api.DspamPreferences;
import io.jamesdspam.api.DspamStatistics;
import io.jamesdspam.api.DspamUserDeletion;
import io.jamesdspam.api.DspamUserRenaming;
import io.jamesdspam.api.GroupFileListing;
import io.jamesdspam.api.PreferenceDefaults;
import io.jamesdspam.api.PreferenceRefusedException;
import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.api.UserGroupListing;
import io.jamesdspam.api.UserPreferences;
import io.jamesdspam.engine.explain.Explanation;
import io.jamesdspam.engine.group.Group;
import io.jamesdspam.engine.group.GroupConfig;
import io.jamesdspam.engine.group.GroupMember;
import io.jamesdspam.engine.group.MergedDspamStore;
import io.jamesdspam.engine.group.UserGroups;
import io.jamesdspam.engine.preference.InvalidPreferenceException;
import io.jamesdspam.engine.preference.KnownPreference;
import io.jamesdspam.engine.preference.PreferenceNotOverridableException;
import io.jamesdspam.engine.preference.PreferenceStore;
import io.jamesdspam.engine.preference.Preferences;
import io.jamesdspam.engine.preference.StoredPreferences;
import io.jamesdspam.engine.purge.PurgeLimits;
import io.jamesdspam.engine.purge.StaleTokenRule;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.DspamStoreException;
import io.jamesdspam.engine.storage.MoveUnfinishedException;
import io.jamesdspam.engine.storage.OperationAlreadyAppliedException;
import io.jamesdspam.engine.storage.SignatureIdTakenException;
import io.jamesdspam.engine.storage.StoreCopy;
import io.jamesdspam.logging.RepeatedFailures;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.UserOutcome;

/**
 * The pure-Java DSPAM engine as a {@link DspamBackend}: executes every request operation per user,
 * in request order, one user's message at a time (a per-user lock) and applied to the store in one
 * atomic write, so a message is learned completely or not at all. Different users run in parallel.
 * On a store that writes batches (SQL storage), the calls of a user that pile up behind that lock
 * are written together, in one transaction ({@link WaitingCalls}).
 *
 * <p>Around the engine, as DSPAM's agent: each user's preferences ({@link PreferenceStore} of the
 * store, if it keeps them), opt-in/opt-out and the groups of dspam.conf's {@code GroupConfig}
 * ({@link UserExecution}).
 *
 * <p>A user the engine cannot give a result for (no tokens, unknown signature, unreadable data,
 * store failure) gets a "not classified" outcome with the reason; nothing escapes as an exception
 * except a null request.
 */
public final class EmbeddedDspam implements DspamBackend, DspamStatistics, DspamMaintenance, DspamExplaining,
    DspamPreferences, DspamGroups, DspamUserRenaming, DspamUserDeletion {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedDspam.class);
    /** How a user's outcome names a failure of the store (a full disk, an unreadable file), not of the engine. */
    public static final String STORE_FAILURE = "store failure";
    /**
     * Messages of a user written together where the store can ({@link #trainingBatchSize()}, and at
     * most as many of the calls waiting for the user's lock): on SQL storage 1.2–1.6× the one-by-one
     * training rate with one thread (SqlStoreHarness); larger batches gained no more.
     */
    public static final int TRAINING_BATCH = 10;

    private final EngineSettings settings;
    private final DspamStore store;
    private final Clock clock;
    private final ConcurrentHashMap<DspamUser, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final UserExecution execution;
    private final WaitingCalls waiting = new WaitingCalls();
    private final RepeatedFailures failures = RepeatedFailures.everyMinute();

    private EmbeddedDspam(EngineSettings settings, DspamStore store, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.execution = new UserExecution(settings, store, clock, locks);
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

    /**
     * No: an interrupt during a store read or write closes the user's journal channel, and the
     * store keeps that user's files open, so every later message of the user would fail until
     * James restarts (seen in the soak run: one slow call cancelled at start-up). A call its
     * caller gave up on finishes on its own, holding only its user's lock.
     */
    @Override
    public boolean interruptible() {
        return false;
    }

    /** As the store: SQL and in-memory stores keep operation keys in the training's transaction, the journal store does not. */
    @Override
    public boolean appliesOperationsOnce() {
        return store.appliesOperationsOnce();
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

    /**
     * {@value #TRAINING_BATCH} where the store writes a user's messages together (SQL storage), else 1:
     * the journal store writes each message on its own anyway, and a caller sending one at a time
     * can stop between any two (a cancelled task).
     */
    @Override
    public int trainingBatchSize() {
        return store.writesBatches() ? TRAINING_BATCH : 1;
    }

    /**
     * Executes {@code requests}, each for {@code user} alone, in order: the outcomes are those of
     * {@link #execute} called for each one after the other, but where the store can (a database
     * server, {@link DspamStore#startBatch}) they are written together, in one transaction, so that
     * a row many of them change is written once — what corpus training of a folder needs. Either
     * every message that got a result is written, or, when that write fails, none is (each outcome
     * then says why; a signature id the database refuses, or a keyed training applied before, sends
     * them one by one instead). Where they cannot be written together (the journal store, a user in a
     * group, two trainings under one key), each is written on its own, as {@link #execute} does. {@value #TRAINING_BATCH}
     * or so at a time ({@link #trainingBatchSize()}): larger batches save no more (a corpus message's
     * rows are mostly its own) and make one long statement (50 at a time halved PostgreSQL's rate
     * with four threads in SqlStoreHarness).
     *
     * @throws IllegalArgumentException when a request is not for {@code user} alone
     */
    @Override
    public List<UserOutcome> executeTogether(DspamUser user, List<DspamRequest> requests) {
        Objects.requireNonNull(user, "user");
        List<UserCall> calls = new ArrayList<>(requests.size());
        for (DspamRequest request : requests) {
            if (!request.users().equals(List.of(user))) {
                throw new IllegalArgumentException("Requests executed together are for " + user + " alone, not "
                    + request.users());
            }
            calls.add(UserCall.of(request));
        }
        List<UserOutcome> written = execution.locked(user, () -> {
            Optional<UserExecution.Together> together = together(user, calls);
            if (together.isEmpty()) {
                return null;
            }
            try {
                return writeTogether(together.get(), user, calls);
            } catch (SignatureIdTakenException | OperationAlreadyAppliedException e) {
                // Nothing was written: one by one, each message draws its id again if refused, and only
                // the training applied before is refused
                return null;
            } catch (DspamStoreException e) {
                logFailure(user, calls.get(0), e);
                String reason = STORE_FAILURE + ": " + e.getMessage();
                return together.get().outcomes.stream()
                    .map(outcome -> outcome.isClassified() ? UserOutcome.notClassified(user, reason) : outcome)
                    .collect(Collectors.toList());
            }
        });
        if (written != null) {
            return written;
        }
        // Outside the user's lock: a group's data has a lock of its own
        return calls.stream().map(call -> executeAlone(user, call)).collect(Collectors.toList());
    }

    /** A batch for {@code calls} ({@link UserExecution#together}); empty when they are to run one by one. */
    private Optional<UserExecution.Together> together(DspamUser user, List<UserCall> calls) {
        try {
            return execution.together(user, calls);
        } catch (RuntimeException e) {
            // The user's preferences could not be read: each call on its own says why
            return Optional.empty();
        }
    }

    /**
     * Runs {@code calls} on the batch, then commits it: their outcomes ({@code together.outcomes}
     * holds them also when the commit fails, with {@link DspamStoreException}).
     */
    private List<UserOutcome> writeTogether(UserExecution.Together together, DspamUser user, List<UserCall> calls) {
        for (UserCall call : calls) {
            together.outcomes.add(outcomeOf(user, call, () -> together.processor.execute(user, call)));
        }
        together.batch.commit();
        return together.outcomes;
    }

    /**
     * One user's call, written together with the calls of the same user that wait for the user's
     * lock meanwhile, where the store writes batches ({@link WaitingCalls}). Concurrent calls of one
     * user are applied in the order they take the lock, with or without this, and a batch leaves
     * what applying its calls one after the other leaves: only the number of transactions changes.
     * A call that cannot share a batch (explaining) runs alone; so do calls that no other call
     * waited with, and the calls of a batch whose commit failed (each then tries on its own, so that
     * no message fails for another's sake, and a keyed training applied before is the only one
     * refused as such).
     */
    private UserOutcome executeFor(DspamUser user, UserCall call) {
        if (!store.writesBatches() || call.explanation.isPresent()) {
            return executeAlone(user, call);
        }
        WaitingCalls.Waiting mine = waiting.enqueue(user, call);
        execution.locked(user, () -> {
            while (!mine.isTaken()) {
                List<WaitingCalls.Waiting> taken = waiting.take(user, TRAINING_BATCH);
                if (taken.isEmpty()) {
                    // Cannot happen (every call taken is marked below), but a mail must never wait forever
                    mine.runAlone();
                }
                writeWaiting(user, taken);
            }
            return null;
        });
        return mine.mustRunAlone() ? executeAlone(user, call) : mine.outcome();
    }

    /**
     * Writes calls taken from the queue together; each one not written so (alone, not to be batched,
     * or the batch failed in any way) is told to run on its own. Under the user's lock.
     */
    private void writeWaiting(DspamUser user, List<WaitingCalls.Waiting> taken) {
        try {
            List<UserCall> calls = taken.stream().map(each -> each.call).collect(Collectors.toList());
            Optional<UserExecution.Together> together = calls.size() > 1 ? together(user, calls) : Optional.empty();
            if (together.isPresent()) {
                List<UserOutcome> outcomes = writeTogether(together.get(), user, calls);
                for (int i = 0; i < taken.size(); i++) {
                    taken.get(i).written(outcomes.get(i));
                }
            }
        } catch (OperationAlreadyAppliedException e) {
            // A redelivered keyed training among them: alone, only that one is refused
            LOGGER.debug("{}: the {} messages of user {} are tried one by one", e.getMessage(), taken.size(), user);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            LOGGER.warn("DSPAM could not write {} messages of user {} together, each is tried on its own: {}",
                taken.size(), user, e.toString());
        } finally {
            // Also after an Error: the callers whose calls were taken wait for this mark
            taken.stream().filter(each -> !each.isTaken()).forEach(WaitingCalls.Waiting::runAlone);
        }
    }

    private UserOutcome executeAlone(DspamUser user, UserCall call) {
        return outcomeOf(user, call, () -> execution.execute(user, call));
    }

    /** The outcome of {@code work}, or, when it fails, a "not classified" outcome naming the failure. */
    private UserOutcome outcomeOf(DspamUser user, UserCall call, Supplier<UserOutcome> work) {
        try {
            return work.get();
        } catch (OperationAlreadyAppliedException e) {
            return UserOutcome.alreadyApplied(user, call.operationKey.orElse("?"));
        } catch (DspamStoreException e) {
            logFailure(user, call, e);
            return UserOutcome.notClassified(user, STORE_FAILURE + ": " + e.getMessage());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            logFailure(user, call, e);
            return UserOutcome.notClassified(user, "engine failure: " + e);
        }
    }

    /**
     * A full disk fails every mail the same way: its first failure is logged with the stack trace,
     * the next ones of the minute are counted into one line.
     */
    private void logFailure(DspamUser user, UserCall call, Throwable e) {
        RepeatedFailures.Decision decision = failures.record(e.getClass().getName());
        switch (decision.kind()) {
            case FULL:
                LOGGER.error("DSPAM engine failed for user {} on {}", user, call.operation, e);
                break;
            case SUMMARY:
                LOGGER.error("DSPAM engine failed {} times in the last {} s (stack trace logged before), latest for user {} on {}: {}",
                    decision.failures(), decision.since().toSeconds(), user, call.operation, e.toString());
                break;
            default:
                break;
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
        return explainLocked(user, () -> execution.processorFor(user).explain(user, message));
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
        return explainLocked(user, () -> execution.processorFor(user).explain(user, signature));
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

    // ---- preferences and groups (docs/ENGINE-SPEC.md §11), for administration ----

    /** The settings a user's mail is processed with: the configuration with the user's preferences. */
    public EngineSettings settingsFor(DspamUser user) {
        return execution.settingsFor(user);
    }

    /** The user's own preferences, as stored (also those AllowOverride makes DSPAM ignore). */
    public Preferences preferences(DspamUser user) {
        return preferenceStore().preferences(user);
    }

    /** The system defaults in force: the stored defaults, or dspam.conf's {@code Preference} lines. */
    public Preferences defaultPreferences() {
        return settings.preferencePolicy().defaults(preferenceStore().defaultPreferences());
    }

    /** {@code dspam_admin aggregate preference}: the defaults with the user's honoured values on top. */
    public Preferences aggregatePreferences(DspamUser user) {
        StoredPreferences stored = preferenceStore().storedPreferences(user);
        return settings.preferencePolicy().aggregate(stored.defaults(), stored.own());
    }

    /**
     * Stores a user's preference (an empty value deletes it) after checking it: an unknown name or a
     * bad value is an {@link InvalidPreferenceException}, a name AllowOverride does not list a
     * {@link PreferenceNotOverridableException}. Returns DSPAM's spelling of the name.
     */
    public String setPreference(DspamUser user, String name, String value) {
        String spelling = settings.preferencePolicy().checkUserPreference(name, value);
        preferenceStore().storePreference(user, spelling, value.trim());
        return spelling;
    }

    /** Deletes a user's preference; whether it was set. */
    public boolean deletePreference(DspamUser user, String name) {
        return preferenceStore().deletePreference(user, name);
    }

    /** The group file as it is now (empty without {@code GroupConfig}), with its errors per line. */
    public GroupConfig groupConfig() {
        return execution.groupConfig();
    }

    /** The groups that apply to a user in process mode, and how. */
    public UserGroups groupsOf(DspamUser user) {
        return execution.groupsOf(user);
    }

    // ---- the same for the James side (dspam-api capabilities) ----

    @Override
    public PreferenceDefaults preferenceDefaults() {
        return stored(this::listDefaults);
    }

    private PreferenceDefaults listDefaults() {
        boolean stored = !preferenceStore().defaultPreferences().isEmpty();
        List<PreferenceDefaults.Definition> known = new ArrayList<>();
        for (KnownPreference preference : KnownPreference.values()) {
            known.add(new PreferenceDefaults.Definition(preference.spelling(), preference.acceptedValues(),
                preference.effect() == KnownPreference.Effect.CLASSIFICATION));
        }
        return new PreferenceDefaults(defaultPreferences().asMap(), stored ? "stored" : "dspam.conf",
            List.copyOf(new TreeSet<>(settings.preferencePolicy().overridable())), known);
    }

    @Override
    public UserPreferences userPreferences(DspamUser user) {
        return stored(() -> listPreferences(user));
    }

    private UserPreferences listPreferences(DspamUser user) {
        Preferences own = preferences(user);
        Map<String, String> ignored = new LinkedHashMap<>(own.asMap());
        ignored.keySet().removeIf(settings.preferencePolicy()::isOverridable);
        return new UserPreferences(user.asString(), own.asMap(), ignored, aggregatePreferences(user).asMap());
    }

    @Override
    public String changePreference(DspamUser user, String name, String value) {
        try {
            return stored(() -> setPreference(user, name, value));
        } catch (PreferenceNotOverridableException e) {
            throw new PreferenceRefusedException(PreferenceRefusedException.Reason.NOT_OVERRIDABLE, e.getMessage(), e);
        } catch (InvalidPreferenceException e) {
            PreferenceRefusedException.Reason reason = KnownPreference.find(name).isPresent()
                ? PreferenceRefusedException.Reason.BAD_VALUE : PreferenceRefusedException.Reason.UNKNOWN_NAME;
            throw new PreferenceRefusedException(reason, e.getMessage(), e);
        }
    }

    @Override
    public boolean removePreference(DspamUser user, String name) {
        return stored(() -> deletePreference(user, name));
    }

    /** A store failure as the backend's {@code STORAGE} failure, as the James side expects of a backend. */
    private static <T> T stored(Supplier<T> call) {
        try {
            return call.get();
        } catch (DspamStoreException e) {
            throw new DspamException(DspamException.Kind.STORAGE, e.getMessage(), e);
        }
    }

    @Override
    public GroupFileListing groupFile() {
        GroupConfig config = groupConfig();
        List<GroupFileListing.GroupLine> groups = new ArrayList<>();
        for (Group group : config.groups()) {
            groups.add(new GroupFileListing.GroupLine(group.name(), typeOf(group),
                group.members().stream().map(GroupMember::written).collect(Collectors.toList()), group.line()));
        }
        List<GroupFileListing.LineError> errors = new ArrayList<>();
        for (GroupConfig.LineError error : config.errors()) {
            errors.add(new GroupFileListing.LineError(error.line(), error.text(), error.message()));
        }
        return new GroupFileListing(settings.groupConfig().map(Path::toString), groups, errors);
    }

    @Override
    public UserGroupListing userGroups(DspamUser user) {
        boolean ignored = settingsFor(user).ignoreGroups();
        UserGroups groups = ignored ? UserGroups.none(user) : groupsOf(user);
        List<UserGroupListing.AppliedGroup> applied = new ArrayList<>();
        for (UserGroups.AppliedGroup group : groups.applied()) {
            applied.add(new UserGroupListing.AppliedGroup(group.getName(), group.getType(), group.getHow(), group.getLine()));
        }
        return new UserGroupListing(user.asString(), ignored, groups.dataUser().asString(),
            groups.mergedGroup().map(DspamUser::asString), applied);
    }

    private static String typeOf(Group group) {
        return group.type().name().toLowerCase(Locale.ROOT) + (group.managed() ? ",managed" : "");
    }

    private PreferenceStore preferenceStore() {
        if (store instanceof PreferenceStore) {
            return (PreferenceStore) store;
        }
        throw new DspamException(DspamException.Kind.STORAGE, "The " + store.getClass().getSimpleName()
            + " store keeps no preferences");
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

    /**
     * The totals the user's mail reads in process mode: a shared group's, or the user's summed
     * with its merged group's (nothing of the groups with {@code ignoreGroups=on}).
     */
    @Override
    public DspamTotals readableTotals(DspamUser user) {
        if (settingsFor(user).ignoreGroups()) {
            return store.totals(user);
        }
        UserGroups groups = groupsOf(user);
        DspamStore view = groups.mergedGroup().<DspamStore>map(group -> new MergedDspamStore(store, group)).orElse(store);
        return view.totals(groups.dataUser());
    }

    @Override
    public List<DspamUser> users() {
        return store.users();
    }

    /** dspam.conf's {@code PurgeSignatures} ({@link PurgeLimits#signatureAge()}). */
    @Override
    public Duration configuredSignatureAge() {
        return settings.purgeLimits().signatureAge();
    }

    /**
     * Deletes signatures older than {@code signatureAge} (whole days, strictly older; 0 deletes all,
     * §8.6) and stale tokens by dspam.conf's other {@code Purge*} limits, or those given
     * ({@link #purge(PurgeLimits)}). An age beyond {@link PurgeLimits#MAX_DAYS} keeps every
     * signature, as that limit does; a negative one is refused (it would delete every signature,
     * which 0 says plainly).
     */
    @Override
    public PurgeReport purge(Duration signatureAge, TokenPurgeLimits tokenLimits, Optional<DspamUser> only,
                             Consumer<PurgeReport> progress) {
        PurgeLimits limits = limitsFor(signatureAge, tokenLimits);
        return only.isPresent() ? purge(limits, List.of(only.get()), progress) : purgeEach(limits, store.users(), progress);
    }

    @Override
    public Optional<String> limitsOf(Duration signatureAge, TokenPurgeLimits tokenLimits) {
        return Optional.of(limitsFor(signatureAge, tokenLimits).toString());
    }

    /** dspam.conf's limits with the signature age and the token limits a purge is given. */
    private PurgeLimits limitsFor(Duration signatureAge, TokenPurgeLimits tokenLimits) {
        if (signatureAge.isNegative()) {
            throw new IllegalArgumentException("A purge's signature age cannot be negative: " + signatureAge);
        }
        long days = Math.min(signatureAge.toDays(), PurgeLimits.MAX_DAYS);
        return settings.purgeLimits().withSignatureDays((int) days).with(tokenLimits);
    }

    /**
     * What DSPAM's nightly {@code dspam_clean} and {@code purge-4.1.sql} delete, with these limits:
     * old signatures, and the tokens {@link StaleTokenRule} selects, user by user under each user's
     * lock. A user's training mode and PValue are the ones its messages are trained with (its own
     * preference, else the stored defaults', else dspam.conf's), as the script reads the mode per
     * user: a TOE user's old tokens stay in a TEFT installation, and the other way round.
     */
    public PurgeReport purge(PurgeLimits limits) {
        return purgeEach(limits, store.users(), report -> { });
    }

    /**
     * {@link #purge(PurgeLimits)} for these users only, as {@code dspam_clean} given user names
     * does (a name the store does not hold is left alone: nothing is created for it), telling
     * {@code progress} the running totals after each user.
     */
    public PurgeReport purge(PurgeLimits limits, Collection<DspamUser> users, Consumer<PurgeReport> progress) {
        Set<DspamUser> held = new HashSet<>(store.users());
        return purgeEach(limits, users.stream().filter(held::contains).collect(Collectors.toList()), progress);
    }

    /** The purge of users the store holds (the store's list read once by the caller, not again here). */
    private PurgeReport purgeEach(PurgeLimits limits, List<DspamUser> users, Consumer<PurgeReport> progress) {
        LocalDate today = LocalDate.now(clock);
        long purgedUsers = 0;
        long signatures = 0;
        long tokens = 0;
        for (DspamUser user : users) {
            ReentrantLock lock = locks.computeIfAbsent(user, u -> new ReentrantLock());
            lock.lock();
            try {
                if (limits.signatureDays().isPresent()) {
                    int days = limits.signatureDays().getAsInt();
                    signatures += store.purgeSignatures(user, days == 0 ? LocalDate.MAX : today.minusDays(days));
                }
                EngineSettings userSettings = execution.settingsFor(user);
                tokens += store.purgeTokens(user, new StaleTokenRule(today, limits, userSettings.trainingMode(),
                    userSettings.pValue(), store.totals(user)));
            } finally {
                lock.unlock();
            }
            purgedUsers++;
            progress.accept(new PurgeReport(purgedUsers, signatures, tokens));
        }
        store.refreshStatistics();
        return new PurgeReport(purgedUsers, signatures, tokens);
    }

    /**
     * Gives {@code from}'s data to an empty {@code to}, or adds it to what {@code to} holds, in one
     * step where the store can ({@link DspamStore#renameUser}, {@link DspamStore#mergeUser});
     * otherwise merges {@code from} into {@code to} in this store ({@link StoreCopy}, the store its
     * own target), then empties {@code from}. Holds both users' locks (taken in name order, so that
     * two opposite moves cannot wait for each other): none of this node's messages for either
     * user runs in between. On SQL storage other nodes' writes stay safe, being relative.
     */
    @Override
    public MoveReport moveUser(DspamUser from, DspamUser to) {
        if (from.equals(to)) {
            throw new IllegalArgumentException("Cannot move DSPAM user " + from + " onto itself");
        }
        boolean fromFirst = from.asString().compareTo(to.asString()) < 0;
        ReentrantLock first = locks.computeIfAbsent(fromFirst ? from : to, u -> new ReentrantLock());
        ReentrantLock second = locks.computeIfAbsent(fromFirst ? to : from, u -> new ReentrantLock());
        first.lock();
        second.lock();
        try {
            MoveReport report = stored(() -> moveLocked(from, to));
            if (report.found()) {
                // A whole user's rows changed hands: plan the next reads on what the tables now hold
                store.refreshStatistics();
            }
            return report;
        } finally {
            second.unlock();
            first.unlock();
        }
    }

    /**
     * Deletes what the store holds for {@code user} ({@link DspamStore#deleteUser}) under the
     * user's lock: none of this node's messages for the user runs meanwhile, and the next one
     * starts a new dictionary.
     */
    @Override
    public DeletionReport deleteUser(DspamUser user) {
        ReentrantLock lock = locks.computeIfAbsent(user, u -> new ReentrantLock());
        lock.lock();
        try {
            DeletionReport report = stored(() -> {
                boolean found = new StoreCopy(store, store).presentInTarget(user).isPresent();
                long tokens = found ? store.tokenCount(user) : 0;
                long signatures = found ? store.signatureCount(user) : 0;
                // Also when it holds nothing: a user emptied before may have left files behind
                store.deleteUser(user);
                if (!found) {
                    return DeletionReport.NOTHING_STORED;
                }
                LOGGER.info("Deleted DSPAM user {}: {} token rows, {} signatures", user, tokens, signatures);
                return new DeletionReport(tokens, signatures);
            });
            if (report.found()) {
                store.refreshStatistics();
            }
            return report;
        } finally {
            lock.unlock();
        }
    }

    /** {@link #moveUser} with both users' locks held. */
    private MoveReport moveLocked(DspamUser from, DspamUser to) {
        StoreCopy copy = new StoreCopy(store, store);
        if (copy.presentInTarget(from).isEmpty()) {
            return MoveReport.NOTHING_STORED;
        }
        boolean merging = copy.presentInTarget(to).isPresent();
        // Counted first: once moved, a failure to count would report a move that happened as failed
        long tokens = store.tokenCount(from);
        if (!merging) {
            long signatures = store.signatureCount(from);
            if (inOneStep(from, () -> store.renameUser(from, to))) {
                LOGGER.info("Moved DSPAM user {} to {} in one step: {} token rows, {} signatures", from, to, tokens,
                    signatures);
                return new MoveReport(tokens, signatures, false);
            }
        }
        OptionalLong added = inOneStep(from, () -> store.mergeUser(from, to));
        if (added.isPresent()) {
            LOGGER.info("Added DSPAM user {} to {} in one step: {} token rows, {} signatures", from, to, tokens,
                added.getAsLong());
            return new MoveReport(tokens, added.getAsLong(), merging);
        }
        StoreCopy.Copied copied;
        try {
            copied = copy.copy(from, to, StoreCopy.Existing.MERGE);
        } catch (DspamStoreException e) {
            throw new DspamStoreException(from + " is left whole, but part of it may be in " + to + " already: "
                + e.getMessage(), e);
        }
        try {
            StoreCopy.empty(store, from);
        } catch (DspamStoreException e) {
            throw new DspamStoreException(to + " holds all of " + from + ", but part of " + from
                + " is left under its name: " + e.getMessage(), e);
        }
        LOGGER.info("Moved DSPAM user {} to {}: {} token rows, {} signatures{}", from, to, copied.tokens(),
            copied.signatures(), copied.merged() ? ", added to what it held" : "");
        return new MoveReport(copied.tokens(), copied.signatures(), copied.merged());
    }

    /**
     * {@link DspamStore#renameUser} or {@link DspamStore#mergeUser}, whose failure changed nothing
     * (unless it says the move was committed, {@link MoveUnfinishedException}).
     */
    private static <T> T inOneStep(DspamUser from, Supplier<T> move) {
        try {
            return move.get();
        } catch (MoveUnfinishedException e) {
            throw e;
        } catch (DspamStoreException e) {
            throw new DspamStoreException("Nothing of " + from + " moved: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}

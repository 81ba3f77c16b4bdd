package io.jamesdspam.engine;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.jamesdspam.engine.decision.Decision;
import io.jamesdspam.engine.group.GroupConfig;
import io.jamesdspam.engine.group.GroupFile;
import io.jamesdspam.engine.group.MergedDspamStore;
import io.jamesdspam.engine.group.UserGroups;
import io.jamesdspam.engine.preference.PreferenceStore;
import io.jamesdspam.engine.preference.StoredPreferences;
import io.jamesdspam.engine.signature.SignatureIds;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.OperationAlreadyAppliedException;
import io.jamesdspam.engine.storage.StoreBatch;
import io.jamesdspam.engine.storage.StoredSignature;
import io.jamesdspam.engine.tokenize.TokenizedMessage;
import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.model.Verdict;

/**
 * What DSPAM's agent does around the engine for one user (docs/ENGINE-SPEC.md §11): the user's
 * preferences make the settings of the call, an opted-out user is not filtered, and in process
 * mode the group file decides whose data is read and written (shared, merged), who is asked about
 * an uncertain result (classification and global groups) and who is inoculated with a spam
 * report (inoculation groups). Groups are ignored by {@code --classify}, as DSPAM does
 * (docs/reference/groups/README.md §4.2).
 *
 * <p>One user's data is changed under that data's lock (the shared group's name for a member of a
 * shared group); inoculations of other members run after it is released, one member at a time,
 * so two members reporting to each other cannot deadlock.
 */
final class UserExecution {
    private static final double PEER_CONFIDENCE = 0.65;
    private static final double GLOBAL_DEFERRED_CONFIDENCE = 0.60;
    private static final long GLOBAL_INNOCENT_MATURITY = 1000;
    private static final long GLOBAL_SPAM_MATURITY = 250;

    private final EngineSettings settings;
    private final DspamStore store;
    private final Optional<PreferenceStore> preferenceStore;
    private final Optional<GroupFile> groupFile;
    private final Clock clock;
    private final SignatureIds signatureIds;
    private final ConcurrentHashMap<DspamUser, ReentrantLock> locks;

    UserExecution(EngineSettings settings, DspamStore store, Clock clock, ConcurrentHashMap<DspamUser, ReentrantLock> locks) {
        this.settings = settings;
        this.store = store;
        this.preferenceStore = store instanceof PreferenceStore ? Optional.of((PreferenceStore) store) : Optional.empty();
        this.groupFile = settings.groupConfig().map(GroupFile::new);
        this.clock = clock;
        this.signatureIds = new SignatureIds(clock);
        this.locks = locks;
    }

    UserOutcome execute(DspamUser user, UserCall call) {
        EngineSettings userSettings = settingsFor(user);
        if (isOptedOut(call, userSettings)) {
            return UserOutcome.notFiltered(user, "the user opted out of filtering ("
                + (userSettings.optIn() ? "Opt in, optIn is not on" : "optOut=on") + ")");
        }
        UserGroups groups = groupsApply(call, userSettings) ? groupsOf(user) : UserGroups.none(user);
        DspamUser dataUser = groups.dataUser();
        DspamStore view = groups.mergedGroup().<DspamStore>map(group -> new MergedDspamStore(store, group)).orElse(store);
        MessageProcessor processor = new MessageProcessor(userSettings, view, clock, signatureIds);
        Optional<TokenizedMessage> tokenized = processor.tokenizeAhead(call);
        UserOutcome outcome = locked(dataUser, () -> {
            // Only a global group's deferral reads them (§11: peers answer while the user is still
            // learning): a read of the totals per message for nothing, a round trip with SQL storage
            DspamTotals before = groups.globalPeers().isEmpty() ? DspamTotals.EMPTY : view.totals(dataUser);
            UserOutcome own = processor.execute(dataUser, call, tokenized);
            return own.result().isPresent() && !call.classification.isPresent()
                ? askPeers(dataUser, groups, processor, view, userSettings, before, own.result().get()) : own;
        });
        outcome = asMember(outcome, user);
        if (outcome.isClassified() && isSpamReport(call)) {
            inoculatePeers(groups, dataUser, reportedSignature(view, dataUser, call), call.message);
        }
        return outcome;
    }

    /**
     * A processor on a batch of the user's own data ({@link DspamStore#startBatch}), when {@code calls}
     * can be written together: the store offers batches, no group applies to the user, every call
     * trains, retrains or classifies the user's own data, and no two calls share an operation key.
     * Empty otherwise: the caller executes them one by one. A keyed training applied before fails
     * the commit of its batch ({@link OperationAlreadyAppliedException}),
     * whose calls the caller then executes one by one, so that only that one is refused. The caller
     * holds the user's lock from the first call to the commit.
     */
    Optional<Together> together(DspamUser user, List<UserCall> calls) {
        if (calls.stream().anyMatch(call -> call.explanation.isPresent()) || sharesAnOperationKey(calls)) {
            return Optional.empty();
        }
        EngineSettings userSettings = settingsFor(user);
        if (calls.stream().anyMatch(call -> isOptedOut(call, userSettings))
            || calls.stream().anyMatch(call -> groupsApply(call, userSettings)) && !groupsOf(user).isEmpty()) {
            return Optional.empty();
        }
        return store.startBatch(user)
            .map(batch -> new Together(batch, new MessageProcessor(userSettings, batch, clock, signatureIds)));
    }

    /** Two calls with one key (a redelivered event): the second must find the first applied. */
    private static boolean sharesAnOperationKey(List<UserCall> calls) {
        List<String> keys = calls.stream().flatMap(call -> call.operationKey.stream()).collect(Collectors.toList());
        return keys.size() != new HashSet<>(keys).size();
    }

    /** An opted-out user's mail is not filtered; trainings of it still are (DSPAM's agent). */
    private static boolean isOptedOut(UserCall call, EngineSettings userSettings) {
        return call.classification.isEmpty() && !userSettings.filters();
    }

    /** The group file applies in process mode, unless the user's {@code ignoreGroups} says otherwise. */
    private static boolean groupsApply(UserCall call, EngineSettings userSettings) {
        return call.isProcess() && !userSettings.ignoreGroups();
    }

    /** A batch of the user's data, the processor that runs the calls on it, and their outcomes so far. */
    static final class Together {
        final StoreBatch batch;
        final MessageProcessor processor;
        final List<UserOutcome> outcomes = new ArrayList<>();

        private Together(StoreBatch batch, MessageProcessor processor) {
            this.batch = batch;
            this.processor = processor;
        }
    }

    /** The user's settings: the directives with the defaults in force and the user's honoured preferences. */
    EngineSettings settingsFor(DspamUser user) {
        if (preferenceStore.isEmpty()) {
            return settings;
        }
        StoredPreferences stored = preferenceStore.get().storedPreferences(user);
        if (stored.defaults().isEmpty() && stored.own().isEmpty()) {
            return settings;
        }
        return settings.forPreferences(settings.preferencePolicy().aggregate(stored.defaults(), stored.own()));
    }

    /** A processor with the user's settings on the user's own data (explain: no groups, as {@code --classify}). */
    MessageProcessor processorFor(DspamUser user) {
        return new MessageProcessor(settingsFor(user), store, clock, signatureIds);
    }

    GroupConfig groupConfig() {
        return groupFile.map(GroupFile::current).orElse(GroupConfig.NONE);
    }

    UserGroups groupsOf(DspamUser user) {
        return groupConfig().groupsOf(user);
    }

    /**
     * §11.3 classification and global groups: an uncertain innocent result (and, while the user
     * is immature, every result of a global group's member) is put to the peers by signature; the
     * first spam answer makes it spam and retrains the user as a spam miss that is not counted as
     * one. The summary keeps the user's own probability (and confidence, 0.60 when deferred).
     */
    private UserOutcome askPeers(DspamUser user, UserGroups groups, MessageProcessor processor, DspamStore view,
                                 EngineSettings userSettings, DspamTotals before, DspamResult own) {
        List<DspamUser> peers = new ArrayList<>(groups.classificationPeers());
        peers.addAll(groups.globalPeers());
        if (peers.isEmpty() || !(own.dspamClass().equals(DspamClass.SPAM) || own.dspamClass().equals(DspamClass.INNOCENT))
            || own.signature().isEmpty()) {
            return UserOutcome.classified(own);
        }
        boolean deferred = !groups.globalPeers().isEmpty()
            && (before.innocentLearned() + before.innocentCorpusfed() < GLOBAL_INNOCENT_MATURITY
                || before.spamLearned() + before.spamCorpusfed() < GLOBAL_SPAM_MATURITY
                || userSettings.trainingMode() == TrainingMode.NOTRAIN);
        boolean downgraded = deferred && own.verdict() == Verdict.SPAM;
        double confidence = deferred ? GLOBAL_DEFERRED_CONFIDENCE : own.confidence();
        if (!deferred && (own.verdict() == Verdict.SPAM || own.confidence() >= PEER_CONFIDENCE)) {
            return UserOutcome.classified(own);
        }
        Optional<StoredSignature> signature = view.signature(user, own.signature().get().asString());
        if (signature.isEmpty()) {
            return UserOutcome.classified(own);
        }
        for (DspamUser peer : peers) {
            MessageProcessor peerProcessor = new MessageProcessor(settingsFor(peer), store, clock, signatureIds);
            Optional<Decision> answer = peerProcessor.classifySignature(peer, signature.get().data());
            if (answer.isPresent() && answer.get().verdict() == Verdict.SPAM) {
                if (!downgraded) {
                    retrainUncounted(user, processor, view, own, TrainingClass.SPAM);
                }
                return UserOutcome.classified(own.toBuilder().verdict(Verdict.SPAM).dspamClass(DspamClass.SPAM)
                    .confidence(confidence).build());
            }
        }
        if (downgraded) {
            retrainUncounted(user, processor, view, own, TrainingClass.INNOCENT);
        }
        return UserOutcome.classified(own.toBuilder().verdict(Verdict.INNOCENT).dspamClass(DspamClass.INNOCENT)
            .confidence(confidence).build());
    }

    /** Retrains the user's signature as an error of the given class, then takes the error back out of the counters. */
    private void retrainUncounted(DspamUser user, MessageProcessor processor, DspamStore view, DspamResult own,
                                  TrainingClass trainingClass) {
        UserOutcome retrained = processor.execute(user,
            UserCall.of(DspamRequest.retrain(List.of(user), trainingClass, own.signature().get())));
        if (!retrained.isClassified()) {
            return;
        }
        DspamTotals loaded = view.totals(user);
        long[] t = loaded.asArray();
        if (trainingClass == TrainingClass.SPAM) {
            t[2] = Math.max(0, t[2] - 1);
        } else {
            t[3] = Math.max(0, t[3] - 1);
        }
        view.apply(user, new MessageUpdate(loaded, new DspamTotals(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]),
            List.of(), Optional.empty(), LocalDate.now(clock)));
    }

    /** A member's report of a spam (class spam, source error or inoculation) inoculates the other members (§11.3). */
    private static boolean isSpamReport(UserCall call) {
        return call.classification.isPresent() && call.classification.get() == TrainingClass.SPAM
            && call.source.isPresent() && call.source.get() != TrainingSource.CORPUS && !call.unlearn;
    }

    /** The signature data of a report by signature; empty for a report with the whole message. */
    private static Optional<byte[]> reportedSignature(DspamStore view, DspamUser dataUser, UserCall call) {
        return call.signature.flatMap(signature -> view.signature(dataUser, signature.asString()))
            .map(StoredSignature::data);
    }

    /**
     * Inoculates every other member of the reporter's inoculation groups, one at a time under that
     * member's own lock: with the reporter's signature data when the report was by signature
     * (§6.5), else with the reported message itself (§6.4, see
     * {@link MessageProcessor#inoculateWithMessage}). A member whose data is the reporter's (the
     * reporter's shared group named as a member) is not trained a second time.
     */
    private void inoculatePeers(UserGroups groups, DspamUser dataUser, Optional<byte[]> signatureData, byte[] message) {
        if (signatureData.isEmpty() && message.length == 0) {
            return;
        }
        String reporterData = dataUser.asString().toLowerCase(Locale.ROOT);
        for (DspamUser member : groups.inoculationPeers()) {
            if (member.asString().toLowerCase(Locale.ROOT).equals(reporterData)) {
                continue;
            }
            MessageProcessor memberProcessor = new MessageProcessor(settingsFor(member), store, clock, signatureIds);
            locked(member, () -> signatureData.isPresent()
                ? memberProcessor.inoculate(member, signatureData.get()).orElse(null)
                : memberProcessor.inoculateWithMessage(member, message).orElse(null));
        }
    }

    /** The outcome under the member's name (a shared group's data is the group's; the summary names the member). */
    private static UserOutcome asMember(UserOutcome outcome, DspamUser user) {
        if (outcome.user().equals(user)) {
            return outcome;
        }
        return outcome.result()
            .map(result -> UserOutcome.classified(result.toBuilder().user(user).build()))
            .orElseGet(() -> UserOutcome.notClassified(user, outcome.reason().orElse("no result")));
    }

    <T> T locked(DspamUser user, Supplier<T> call) {
        ReentrantLock lock = locks.computeIfAbsent(user, u -> new ReentrantLock());
        lock.lock();
        try {
            return call.get();
        } finally {
            lock.unlock();
        }
    }
}

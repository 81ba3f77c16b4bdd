package io.jamesdspam.engine;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.engine.bnr.NoiseReduction;
import io.jamesdspam.engine.combine.Algorithm;
import io.jamesdspam.engine.combine.Combination;
import io.jamesdspam.engine.decision.Decision;
import io.jamesdspam.engine.decision.FactorsHeader;
import io.jamesdspam.engine.decision.Whitelist;
import io.jamesdspam.engine.explain.Explanation;
import io.jamesdspam.engine.message.DegeneratedMessage;
import io.jamesdspam.engine.signature.SignatureIds;
import io.jamesdspam.engine.signature.SignatureRecords;
import io.jamesdspam.engine.statistics.MessageTokens;
import io.jamesdspam.engine.statistics.PValue;
import io.jamesdspam.engine.statistics.ProbabilityContext;
import io.jamesdspam.engine.statistics.SignificantTokens;
import io.jamesdspam.engine.statistics.TokenProbability;
import io.jamesdspam.engine.storage.ControlDelta;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.SignatureIdTakenException;
import io.jamesdspam.engine.storage.StoredSignature;
import io.jamesdspam.engine.storage.TokenRows;
import io.jamesdspam.engine.storage.TokenUpdate;
import io.jamesdspam.engine.storage.TotalsAndTokens;
import io.jamesdspam.engine.tokenize.Diction;
import io.jamesdspam.engine.tokenize.DspamCrc64;
import io.jamesdspam.engine.tokenize.MessageTokenizer;
import io.jamesdspam.engine.tokenize.TokenWords;
import io.jamesdspam.engine.tokenize.TokenizedMessage;
import io.jamesdspam.engine.tokenize.TokenizerKind;
import io.jamesdspam.engine.tokenize.TokenizerSettings;
import io.jamesdspam.engine.training.ControlToken;
import io.jamesdspam.engine.training.FullTraining;
import io.jamesdspam.engine.training.MutableTotals;
import io.jamesdspam.engine.training.SignatureTraining;
import io.jamesdspam.engine.training.TrainingCall;
import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.model.Verdict;

/**
 * One call for one user, from the message to the store (docs/ENGINE-SPEC.md §6.2): resolves the training
 * mode, then either retrains from a signature (§6.5) or runs the full path — tokenize, load,
 * BNR, score, decide, whitelist, train, write (§3–§7) — ending in one {@link DspamStore#apply}.
 * The caller holds the user's lock.
 */
final class MessageProcessor {
    /** Hash-driver counters are capped at 28 bits (§6.7). */
    private static final long MAX_HITS = TokenUpdate.MAX_HITS;
    private static final int TOE_WARM_UP = 100;
    /** Ids a message's write tries before giving up (in case a store mistook another failure for a taken id). */
    private static final int SIGNATURE_ID_ATTEMPTS = 10;
    private static final long BNR_LEARN_THRESHOLD = 1000;
    private static final long BNR_WRITE_THRESHOLD = 500;
    private static final long BNR_ELIMINATE_THRESHOLD = 2500;
    private static final long TUM_MATURITY = 50;
    private static final double TUM_CONFIDENCE = 0.70;

    private final EngineSettings settings;
    private final DspamStore store;
    private final Clock clock;
    private final SignatureIds signatureIds;

    MessageProcessor(EngineSettings settings, DspamStore store, Clock clock) {
        this(settings, store, clock, new SignatureIds(clock));
    }

    /** A processor for one user's settings (preferences) and store view (groups), sharing the engine's signature ids. */
    MessageProcessor(EngineSettings settings, DspamStore store, Clock clock, SignatureIds signatureIds) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.signatureIds = signatureIds;
    }

    UserOutcome execute(DspamUser user, UserCall call) {
        return execute(user, call, Optional.empty());
    }

    /** {@link #execute(DspamUser, UserCall)} with the message tokenized already ({@link #tokenizeAhead}), when it was. */
    UserOutcome execute(DspamUser user, UserCall call, Optional<TokenizedMessage> tokenizedAhead) {
        if (retrainsFromSignature(call)) {
            DspamTotals loaded = store.totals(user);
            return retrainFromSignature(user, call, loaded, effectiveMode(call, loaded));
        }
        if (needsSignature(call)) {
            return UserOutcome.notClassified(user, "no valid signature: source=error needs a signature");
        }
        TokenizedMessage tokenized = tokenizedAhead.orElseGet(() -> tokenize(call));
        if (tokenized.truncated()) {
            // The tokenizer stopped at its diction limit: scoring or learning part of a message would be
            // a half-trained message, so this one is neither classified nor learned.
            return UserOutcome.notClassified(user, "the message yields more distinct tokens than the tokenizer keeps ("
                + tokenized.diction().size() + "); not classified, nothing learned");
        }
        return fullPath(user, call, tokenized);
    }

    private static boolean retrainsFromSignature(UserCall call) {
        return call.isProcess() && call.classification.isPresent() && call.signature.isPresent();
    }

    private boolean needsSignature(UserCall call) {
        return call.source.orElse(null) == TrainingSource.ERROR && !settings.trainPristine();
    }

    /**
     * The message {@link #execute} would tokenize for this call, tokenized now: the caller does it
     * before taking the user's lock, so that calls of a busy user wait for each other only for
     * scoring and writing. Empty when the call tokenizes nothing, or when tokenizing failed (the
     * call then tokenizes again under the lock and its outcome says why).
     */
    Optional<TokenizedMessage> tokenizeAhead(UserCall call) {
        if (retrainsFromSignature(call) || needsSignature(call)) {
            return Optional.empty();
        }
        try {
            return Optional.of(tokenize(call));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return Optional.empty();
        }
    }

    /** The call's message tokenized with this user's settings: once per request for the users whose settings are equal. */
    private TokenizedMessage tokenize(UserCall call) {
        TokenizerSettings tokenizerSettings = settings.tokenizerSettings(call.features);
        boolean classGiven = call.classification.isPresent();
        return call.tokenizations.map(shared -> shared.tokenize(tokenizerSettings, call.message, classGiven))
            .orElseGet(() -> new MessageTokenizer(tokenizerSettings).tokenize(call.message, classGiven));
    }

    /** HEADERS + 0x01 + BODY of an SBPH signature, tokenized as the message was. */
    private TokenizedMessage degenerated(byte[] text, UserCall call) {
        return new MessageTokenizer(settings.tokenizerSettings(call.features))
            .tokenizeDegenerated(DegeneratedMessage.fromSignatureText(text));
    }

    /** §6.2 step 1: the configured or overridden mode; TOE runs as TEFT until both learned totals exceed 100. */
    private TrainingMode effectiveMode(UserCall call, DspamTotals totals) {
        TrainingMode mode = call.modeOverride.orElse(settings.trainingMode());
        if (mode == TrainingMode.TOE && settings.pValue() != PValue.MARKOV
            && (totals.innocentLearned() <= TOE_WARM_UP || totals.spamLearned() <= TOE_WARM_UP)) {
            return TrainingMode.TEFT;
        }
        return mode;
    }

    private UserOutcome retrainFromSignature(DspamUser user, UserCall call, DspamTotals loaded, TrainingMode mode) {
        String signatureId = call.signature.get().asString();
        Optional<StoredSignature> stored = store.signature(user, signatureId);
        if (stored.isEmpty()) {
            return UserOutcome.notClassified(user, "signature " + signatureId + " not found");
        }
        if (settings.tokenizer() == TokenizerKind.SBPH) {
            // An SBPH signature holds the degenerated text: it goes through the full path again (§8.1)
            UserOutcome outcome = fullPath(user, call, loaded, mode, degenerated(stored.get().data(), call));
            return outcome.result()
                .map(result -> UserOutcome.classified(result.toBuilder().signature(call.signature).build()))
                .orElse(outcome);
        }
        List<SignatureRecords.Record> records;
        try {
            records = SignatureRecords.decode(stored.get().data());
        } catch (IllegalArgumentException e) {
            return UserOutcome.notClassified(user, "signature " + signatureId + " is unreadable: " + e.getMessage());
        }
        return retrainFromRecords(user, call, loaded, mode, records);
    }

    /**
     * §11.3 inoculation of a group member with another member's signature data: classified by
     * signature first (§8.5), and trained as a spam inoculation (§6.5) only when this user does
     * not already rate it spam. Empty when the member was skipped or the data is unreadable.
     */
    Optional<UserOutcome> inoculate(DspamUser user, byte[] signatureData) {
        List<SignatureRecords.Record> records;
        try {
            records = SignatureRecords.decode(signatureData);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        DspamTotals loaded = store.totals(user);
        if (classifyRecords(user, records, loaded).verdict() == Verdict.SPAM) {
            return Optional.empty();
        }
        UserCall call = UserCall.internalRetrain(TrainingClass.SPAM, TrainingSource.INOCULATION);
        return Optional.of(retrainFromRecords(user, call, loaded, effectiveMode(call, loaded), records));
    }

    /**
     * §11.3 inoculation of a group member with another member's whole message (a report without a
     * signature: TrainPristine, or {@code --source=inoculation}/{@code error} with the message).
     * "Unless a classification for that member already says spam" is read as: the verdict
     * {@code --classify} would give the member for this message now (after whitelisting), taken
     * on the explain path, so nothing at all is persisted, not even TOE's From*{@code /bnr.*}
     * tokens (§6.3). A member it rates spam is skipped; otherwise the message is trained for the
     * member as class spam, source inoculation, on the full path (§6.4, §6.3: SL and SCF +1; the
     * tokens get the inoculation rule +5/+2 of §6.3 in this store, +1 on SQL by quirk 14). Empty
     * when the member was skipped or the message gives no verdict (no tokens, too many tokens).
     */
    Optional<UserOutcome> inoculateWithMessage(DspamUser user, byte[] message) {
        ExplanationCapture capture = new ExplanationCapture();
        execute(user, UserCall.explaining(DspamRequest.classify(List.of(user), message), capture));
        if (!capture.isScored() || capture.verdict() == Verdict.SPAM) {
            return Optional.empty();
        }
        return Optional.of(execute(user, UserCall.of(
            DspamRequest.train(List.of(user), TrainingClass.SPAM, TrainingSource.INOCULATION, message))));
    }

    /** §8.5 classification by signature data, persisting nothing; empty when the data is unreadable. */
    Optional<Decision> classifySignature(DspamUser user, byte[] signatureData) {
        try {
            return Optional.of(classifyRecords(user, SignatureRecords.decode(signatureData), store.totals(user)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** §8.5: the records are the diction (type D, no whitelist token, no BNR); scored as a message is. */
    private Decision classifyRecords(DspamUser user, List<SignatureRecords.Record> records, DspamTotals loaded) {
        Diction diction = Diction.ofExpectedSize(records.size());
        for (SignatureRecords.Record record : records) {
            diction.emit(record.tokenId(), "", Diction.TYPE_TOKEN).setFrequency(record.frequency());
        }
        UserCall call = UserCall.of(DspamRequest.classify(List.of(user), new byte[0]));
        MessageTokens tokens = load(user, diction);
        scoreTokens(loaded, effectiveMode(call, loaded), call, tokens);
        SignificantTokens heap = significantTokens(tokens);
        return Decision.decide(settings.algorithms(), settings.pValue(), factors(heap, Optional.empty()), tokens,
            Optional.empty());
    }

    private UserOutcome retrainFromRecords(DspamUser user, UserCall call, DspamTotals loaded, TrainingMode mode,
                                           List<SignatureRecords.Record> records) {
        Diction diction = Diction.ofExpectedSize(records.size());
        for (SignatureRecords.Record record : records) {
            diction.emit(record.tokenId(), "-", Diction.TYPE_TOKEN).setFrequency(record.frequency());
        }
        TrainingCall training = new TrainingCall(mode, false, false, call.classification, call.source,
            call.unlearn, settings.wordFrequencyOccurrence());
        MessageTokens tokens = load(user, diction);
        MutableTotals totals = new MutableTotals(loaded);
        SignatureTraining.updateTotals(totals, training);
        DspamTotals newTotals = totals.toTotals();
        List<TokenUpdate> updates = new ArrayList<>(mode != TrainingMode.NOTRAIN ? tokens.size() : 0);
        for (int token = 0; token < tokens.size(); token++) {
            SignatureTraining.updateToken(tokens, token, training);
            if (mode != TrainingMode.NOTRAIN) {
                updates.add(update(tokens, token, newTotals));
            }
        }
        store.apply(user, new MessageUpdate(loaded, newTotals, updates, Optional.empty(), today())
            .withControlDelta(ControlToken.afterSignatureTraining(training)).withOperationKey(call.operationKey));
        Verdict verdict = call.classification.get().asVerdict();
        return UserOutcome.classified(DspamResult.builder()
            .user(user)
            .verdict(verdict)
            .dspamClass(DspamClass.of(verdict))
            .probability(verdict == Verdict.SPAM ? 1.0 : 0.0)
            .confidence(0.0)
            .signature(call.signature)
            .build());
    }

    /** A message's full path when nothing was read yet: the totals and its tokens come in one store read. */
    private UserOutcome fullPath(DspamUser user, UserCall call, TokenizedMessage message) {
        Diction diction = message.diction();
        if (diction.isEmpty()) {
            return UserOutcome.notClassified(user, "the message has no tokens");
        }
        MessageTokens tokens = MessageTokens.of(diction);
        TotalsAndTokens stored = store.loadWithTotals(user, tokens.ids());
        tokens.stored(stored.rows());
        // The totals decide the effective mode (TOE's warm-up)
        return fullPath(user, call, stored.totals(), effectiveMode(call, stored.totals()), message, tokens);
    }

    private UserOutcome fullPath(DspamUser user, UserCall call, DspamTotals loaded, TrainingMode mode,
                                 TokenizedMessage message) {
        if (message.diction().isEmpty()) {
            return UserOutcome.notClassified(user, "the message has no tokens");
        }
        return fullPath(user, call, loaded, mode, message, load(user, message.diction()));
    }

    private UserOutcome fullPath(DspamUser user, UserCall call, DspamTotals loaded, TrainingMode mode,
                                 TokenizedMessage message, MessageTokens tokens) {
        boolean hasClass = call.classification.isPresent();
        boolean bnr = settings.bnrEnabled(call.features);
        boolean whitelisting = settings.whitelistEnabled(call.features);
        Diction diction = message.diction();
        boolean classifyOnly = !call.isProcess()
            || (!hasClass && (mode == TrainingMode.TOE || mode == TrainingMode.NOTRAIN));
        TrainingCall training = new TrainingCall(mode, classifyOnly, call.isProcess() && classifyOnly,
            call.classification, call.source, call.unlearn, settings.wordFrequencyOccurrence());

        ProbabilityContext context = scoreTokens(loaded, mode, call, tokens);
        long innocentSeen = loaded.innocentLearned() + loaded.innocentClassified();
        if (bnr) {
            applyNoiseReduction(user, diction, tokens, context, !hasClass && innocentSeen > BNR_ELIMINATE_THRESHOLD,
                innocentSeen > BNR_LEARN_THRESHOLD);
        }

        SignificantTokens heap = significantTokens(tokens);
        boolean showFactors = showFactors(user);
        Decision decision = Decision.decide(settings.algorithms(), settings.pValue(), factors(heap, call.classification),
            tokens, call.classification, showFactors || call.explanation.isPresent());

        Verdict result = decision.verdict();
        DspamClass resultClass = DspamClass.of(result);
        // The From* token's id as a primitive (with a flag for none): the training loop compares it with every token
        boolean hasWhitelistId = whitelisting && message.whitelistToken().isPresent();
        long whitelistId = hasWhitelistId ? DspamCrc64.of(message.whitelistToken().get()) : 0;
        if (!hasClass && hasWhitelistId) {
            int from = tokens.indexOf(whitelistId);
            if (from >= 0 && Whitelist.isWhitelisted(tokens.loadedSpamHits(from), tokens.loadedInnocentHits(from),
                settings.whitelistThreshold())) {
                result = Verdict.INNOCENT;
                resultClass = DspamClass.WHITELISTED;
            }
        }
        if (call.explanation.isPresent()) {
            // An explanation is the verdict --classify would give; it stops before training, so nothing is written
            call.explanation.get().scored(loaded, decision, result, resultClass, message);
            return UserOutcome.notClassified(user, "explained, nothing learned");
        }

        MutableTotals totals = new MutableTotals(loaded);
        FullTraining.updateTotals(totals, result, training);
        DspamTotals trained = totals.toTotals();
        List<TokenUpdate> updates = new ArrayList<>();
        boolean storeCalled = mode != TrainingMode.NOTRAIN
            && (!classifyOnly || (mode == TrainingMode.TOE && (hasWhitelistId || bnr)));
        if (storeCalled) {
            // Only the written tokens are trained: nothing reads another token's new counters. A
            // classification (TOE) writes its From* token and patterns only, tested first.
            for (int token : tokens.inDictionOrder()) {
                if ((!classifyOnly || isToeLearned(tokens, token, hasWhitelistId, whitelistId))
                    && isDirty(tokens, token, call, mode, hasWhitelistId, whitelistId, decision, bnr, innocentSeen)) {
                    FullTraining.updateToken(tokens, token, result, training);
                    updates.add(update(tokens, token, trained));
                }
            }
        }
        DspamTotals newTotals = call.isProcess() ? trained : loaded;
        if (storeCalled && updates.isEmpty()) {
            // ⚠ DSPAM's hash driver fails a write that stores no record, and the message with it
            // (docs/reference/README.md §6.1): TOE, young store, no From* token, no BNR pattern yet. The
            // totals were still saved (the reference's SC counts those messages); no signature.
            store.apply(user, new MessageUpdate(loaded, newTotals, List.of(), Optional.empty(), today())
                .withOperationKey(call.operationKey));
            return UserOutcome.notClassified(user, "nothing to store for this message (no whitelist token and no BNR pattern)");
        }

        Optional<StoredSignature> signature = Optional.empty();
        ControlDelta control = ControlToken.afterFullTraining(result, training);
        if (call.isProcess() && !hasClass && mode != TrainingMode.NOTRAIN && !settings.trainPristine()) {
            byte[] data = signatureData(message, tokens);
            signature = Optional.of(applySigned(user, data,
                signed -> new MessageUpdate(loaded, newTotals, updates, Optional.of(signed), today()).withControlDelta(control)));
        } else {
            store.apply(user, new MessageUpdate(loaded, newTotals, updates, Optional.empty(), today()).withControlDelta(control)
                .withOperationKey(call.operationKey));
        }

        DspamResult.Builder built = DspamResult.builder()
            .user(user)
            .verdict(result)
            .dspamClass(resultClass)
            .probability(decision.probability())
            .confidence(decision.confidence())
            .signature(signature.map(s -> Signature.of(s.id())));
        if (showFactors) {
            built.returnedHeader(FactorsHeader.NAME, FactorsHeader.value(decision.factors()));
        }
        return UserOutcome.classified(built.build());
    }

    /**
     * Applies a message with its new signature under an id free for the user (§8.2); returns the
     * signature. A store that refuses a taken id itself is not asked first: a refused id (the ids
     * carry the second, the process and ten random digits, so in practice never) is drawn again,
     * nothing of the refused write having been applied.
     */
    private StoredSignature applySigned(DspamUser user, byte[] data, Function<StoredSignature, MessageUpdate> update) {
        Set<String> refused = new HashSet<>();
        String prefix = store.signatureIdPrefix(user);
        Predicate<String> taken = store.refusesTakenSignatureIds() ? id -> refused.contains(prefix + id)
            : id -> refused.contains(prefix + id) || store.hasSignature(user, prefix + id);
        for (int attempt = 1; ; attempt++) {
            StoredSignature signature = new StoredSignature(prefix + signatureIds.next(taken,
                store.maximumSignatureIdLength() - prefix.length()), data, today());
            try {
                store.apply(user, update.apply(signature));
                return signature;
            } catch (SignatureIdTakenException e) {
                if (attempt == SIGNATURE_ID_ATTEMPTS) {
                    throw e;
                }
                refused.add(signature.id());
            }
        }
    }

    /**
     * Preference {@code showFactors}: whether this user's results carry {@code X-DSPAM-Factors}.
     * The system-wide setting for now; the one place per-user preferences decide it.
     */
    private boolean showFactors(DspamUser user) {
        return settings.showFactors();
    }

    /** The heap of §3.4 over the diction in DSPAM's order (BNR patterns never enter it). */
    private SignificantTokens significantTokens(MessageTokens tokens) {
        SignificantTokens heap = new SignificantTokens(heapCapacity());
        for (int token : tokens.inDictionOrder()) {
            if (!tokens.isPattern(token) && tokens.frequency(token) > 0) {
                heap.offer(tokens, token);
            }
        }
        return heap;
    }

    /** Each token's probability (§3.3) from the loaded counters; returns the context for BNR. */
    private ProbabilityContext scoreTokens(DspamTotals loaded, TrainingMode mode, UserCall call, MessageTokens tokens) {
        ProbabilityContext context = new ProbabilityContext(loaded, settings.processorBias(),
            settings.trainingBuffer(call.features), mode == TrainingMode.TUM, settings.pValue(), call.classification);
        // Only Markov reads a token's name; building it for every token cost a twentieth of a classification.
        // A signature's tokens have no name (empty): Markov then gives 0.5, as DSPAM's tools without names.
        boolean markov = settings.pValue() == PValue.MARKOV;
        for (int token = 0; token < tokens.size(); token++) {
            String name = markov ? tokens.entry(token).name() : null;
            tokens.probability(token, TokenProbability.of(context, false, name == null || name.isEmpty() ? null : name,
                tokens.loadedSpamHits(token), tokens.loadedInnocentHits(token)));
        }
        return context;
    }

    /**
     * The verdict {@code --classify} would give {@code message} now and the tokens that decide it;
     * nothing is trained or written.
     *
     * @throws DspamException {@code INVALID_REQUEST} when the message gets no verdict (no tokens, too many)
     */
    Explanation explain(DspamUser user, byte[] message) {
        ExplanationCapture capture = new ExplanationCapture();
        UserOutcome outcome = execute(user, UserCall.explaining(DspamRequest.classify(List.of(user), message), capture));
        return explanation(user, Explanation.Basis.MESSAGE, Optional.empty(), capture, outcome);
    }

    /**
     * The verdict the tokens of a stored signature get from the dictionary as it is now, and the
     * tokens that decide it. A signature keeps token ids and frequencies only (SBPH: its text), so
     * the tokens have no names and no words, and no whitelisting applies (the From* token is not
     * known among them). Nothing is written.
     *
     * @throws DspamException {@code INVALID_REQUEST} for an unknown or unreadable signature
     */
    Explanation explain(DspamUser user, Signature signature) {
        String id = signature.asString();
        StoredSignature stored = store.signature(user, id)
            .orElseThrow(() -> invalid("signature " + id + " not found for user " + user.asString()));
        ExplanationCapture capture = new ExplanationCapture();
        UserCall call = UserCall.explaining(DspamRequest.classify(List.of(user), new byte[0]), capture);
        DspamTotals loaded = store.totals(user);
        TrainingMode mode = effectiveMode(call, loaded);
        Optional<String> explained = Optional.of(id);
        if (settings.tokenizer() == TokenizerKind.SBPH) {
            UserOutcome outcome = fullPath(user, call, loaded, mode, degenerated(stored.data(), call));
            return explanation(user, Explanation.Basis.SIGNATURE, explained, capture, outcome);
        }
        List<SignatureRecords.Record> records;
        try {
            records = SignatureRecords.decode(stored.data());
        } catch (IllegalArgumentException e) {
            throw invalid("signature " + id + " is unreadable: " + e.getMessage());
        }
        Diction diction = Diction.ofExpectedSize(records.size());
        for (SignatureRecords.Record record : records) {
            diction.emit(record.tokenId(), "", Diction.TYPE_TOKEN).setFrequency(record.frequency());
        }
        MessageTokens tokens = load(user, diction);
        scoreTokens(loaded, mode, call, tokens);
        SignificantTokens heap = significantTokens(tokens);
        Decision decision = Decision.decide(settings.algorithms(), settings.pValue(), factors(heap, Optional.empty()),
            tokens, Optional.empty(), true);
        capture.scored(loaded, decision, decision.verdict(), DspamClass.of(decision.verdict()), null);
        return explanation(user, Explanation.Basis.SIGNATURE, explained, capture, UserOutcome.notClassified(user, "explained"));
    }

    private Explanation explanation(DspamUser user, Explanation.Basis basis, Optional<String> signature,
                                    ExplanationCapture capture, UserOutcome outcome) {
        if (!capture.isScored()) {
            throw invalid("no verdict to explain: " + outcome.reason().orElse("the engine gave no result"));
        }
        Function<String, Optional<String>> words = capture.message()
            .map(message -> TokenWords.of(message.degenerated(), settings.tokenizerSettings(List.of())))
            .<Function<String, Optional<String>>>map(found -> found::wordsOf)
            .orElse(name -> Optional.empty());
        return Explanation.of(user, basis, signature, capture.verdict(), capture.dspamClass(), capture.decision(),
            capture.totals(), words);
    }

    private static DspamException invalid(String reason) {
        return new DspamException(DspamException.Kind.INVALID_REQUEST, reason);
    }

    private void applyNoiseReduction(DspamUser user, Diction diction, MessageTokens tokens,
                                     ProbabilityContext context, boolean eliminate, boolean learn) {
        NoiseReduction.Patterns patterns = NoiseReduction.instantiate(diction, tokens);
        long[] ids = patterns.ids();
        TokenRows stored = store.loadAsOf(user, ids, context.totals());
        int totalsPattern = ids.length - 1;
        if (stored.found(totalsPattern)) {
            context.bnrTotals(stored.spamHits(totalsPattern), stored.innocentHits(totalsPattern));
        }
        if (eliminate) {
            double[] probabilities = new double[ids.length];
            for (int i = 0; i < ids.length; i++) {
                // No name: a pattern's probability never reads it (Markov gives a pattern 0.5 whatever its name)
                probabilities[i] = TokenProbability.of(context, true, null, stored.spamHits(i), stored.innocentHits(i));
            }
            NoiseReduction.eliminate(patterns, probabilities);
        }
        if (learn) {
            for (int i = 0; i < ids.length; i++) {
                Diction.Entry entry = diction.emitIfAbsent(ids[i], patterns.name(i), Diction.TYPE_BNR);
                if (entry != null) {
                    tokens.add(entry, stored.found(i), stored.spamHits(i), stored.innocentHits(i));
                }
            }
        }
    }

    private int heapCapacity() {
        if (settings.algorithms().contains(Algorithm.BURTON)) {
            return SignificantTokens.BURTON_CAPACITY;
        }
        if (settings.algorithms().contains(Algorithm.ROBINSON)) {
            return SignificantTokens.ROBINSON_CAPACITY;
        }
        return SignificantTokens.DEFAULT_CAPACITY;
    }

    private static List<Combination.Factor> factors(SignificantTokens heap, Optional<TrainingClass> classification) {
        List<Combination.Factor> factors = new ArrayList<>(heap.size());
        boolean forced = classification.isPresent();
        double forcedProbability = forced && classification.get() == TrainingClass.SPAM ? 1.0 : 0.0;
        for (SignificantTokens.Item item : heap.mostSignificantFirst()) {
            double p = forced ? forcedProbability : item.probability();
            factors.add(new Combination.Factor(p, item.frequency(), item.token()));
        }
        return factors;
    }

    /** §6.3 "which entries are written": the TUM maturity rule for tokens, the age rule for patterns. */
    private static boolean isDirty(MessageTokens tokens, int token, UserCall call, TrainingMode mode,
                                   boolean hasWhitelistId, long whitelistId, Decision decision, boolean bnr,
                                   long innocentSeen) {
        if (tokens.isPattern(token)) {
            return innocentSeen > BNR_WRITE_THRESHOLD && bnr && call.signature.isEmpty();
        }
        TrainingSource source = call.source.orElse(null);
        return mode != TrainingMode.TUM
            || source == TrainingSource.ERROR || source == TrainingSource.INOCULATION
            || tokens.loadedSpamHits(token) + tokens.loadedInnocentHits(token) < TUM_MATURITY
            || (hasWhitelistId && whitelistId == tokens.id(token))
            || decision.confidence() < TUM_CONFIDENCE;
    }

    /**
     * TOE's classify-only exception: the From* token and the BNR patterns (by name, as DSPAM: a message's
     * own token named {@code bnr.…} counts too) learn from every message; a pattern entry has that name by its type.
     */
    private static boolean isToeLearned(MessageTokens tokens, int token, boolean hasWhitelistId, long whitelistId) {
        return tokens.hasPatternName(token) || (hasWhitelistId && whitelistId == tokens.id(token));
    }

    /** The stored counters of every diction entry, in one batched read. */
    private MessageTokens load(DspamUser user, Diction diction) {
        MessageTokens tokens = MessageTokens.of(diction);
        tokens.stored(store.load(user, tokens.ids()));
        return tokens;
    }

    /**
     * The hash driver's absolute write of a trained token: 0 ≤ sh ≤ SL, 0 ≤ ih ≤ IL (totals after
     * this call), capped at 28 bits.
     */
    private static TokenUpdate update(MessageTokens tokens, int token, DspamTotals totals) {
        long sh = Math.min(Math.min(Math.max(0, tokens.spamHits(token)), totals.spamLearned()), MAX_HITS);
        long ih = Math.min(Math.min(Math.max(0, tokens.innocentHits(token)), totals.innocentLearned()), MAX_HITS);
        return new TokenUpdate(tokens.id(token), tokens.existed(token), tokens.loadedSpamHits(token),
            tokens.loadedInnocentHits(token), sh, ih);
    }

    private byte[] signatureData(TokenizedMessage message, MessageTokens tokens) {
        if (settings.tokenizer() == TokenizerKind.SBPH) {
            return message.degeneratedText();
        }
        SignatureRecords.Writer signature = new SignatureRecords.Writer(tokens.size());
        for (int token : tokens.inDictionOrder()) {
            signature.add(tokens.id(token), tokens.frequency(token));
        }
        return signature.bytes();
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}

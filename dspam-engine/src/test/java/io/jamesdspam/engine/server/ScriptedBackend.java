package io.jamesdspam.engine.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.model.Verdict;

/**
 * A small deterministic backend for protocol tests, shaped like DSPAM where the transcripts
 * depend on it: a message without two adjacent words yields no result (OSB's "no tokens"), a
 * message with {@code FREE} is spam for a trained user, untrained users say innocent, a retrain
 * needs a stored signature and is remembered per user, {@code --mode=notrain} reports a
 * signature it does not store, corpus training has no signature. Users in {@code factorsUsers}
 * get the headers of their {@code --stdout} copy from here, with {@code X-DSPAM-Factors}.
 */
final class ScriptedBackend implements DspamBackend {
    private static final Pattern ADJACENT_WORDS = Pattern.compile("[A-Za-z0-9]+[^A-Za-z0-9\\n]+[A-Za-z0-9]+");
    private static final Pattern HEADER_NAME = Pattern.compile("^[!-9;-~]+:");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(\\S+)");

    private final Set<String> untrainedUsers;
    private final Set<String> factorsUsers;
    private final Map<String, String> signatures = new ConcurrentHashMap<>();
    private final Map<String, TrainingClass> learned = new ConcurrentHashMap<>();
    private final AtomicLong nextSignature = new AtomicLong(0x6b061620295431L);
    private final AtomicInteger executed = new AtomicInteger();
    private volatile boolean singleWordsCount;

    ScriptedBackend(Set<String> untrainedUsers, Set<String> factorsUsers) {
        this.untrainedUsers = untrainedUsers;
        this.factorsUsers = factorsUsers;
    }

    static ScriptedBackend likeTheTranscripts() {
        return new ScriptedBackend(Set.of("alice"), Set.of("fred"));
    }

    /** A signature stored earlier (outside the test) for {@code user}. */
    ScriptedBackend withStoredSignature(String user, String signature) {
        signatures.put(user + "/" + signature, "seeded-" + signature);
        return this;
    }

    /** Lets a one-word message be classified (the recording of transcript 21 got a result for one). */
    ScriptedBackend classifyingSingleWords() {
        singleWordsCount = true;
        return this;
    }

    int executedRequests() {
        return executed.get();
    }

    @Override
    public DspamResponse execute(DspamRequest request) {
        executed.incrementAndGet();
        List<UserOutcome> outcomes = new ArrayList<>();
        for (DspamUser user : request.users()) {
            outcomes.add(outcome(request, user));
        }
        return DspamResponse.of(outcomes);
    }

    private UserOutcome outcome(DspamRequest request, DspamUser user) {
        switch (request.operation()) {
            case CLASSIFY:
            case PROCESS:
                if (!hasTokens(request.message()) && !(singleWordsCount && hasWord(request.message()))) {
                    return UserOutcome.notClassified(user, "no tokens found in the message");
                }
                return UserOutcome.classified(inbound(request, user));
            case TRAIN:
                if (!hasTokens(request.message())) {
                    return UserOutcome.notClassified(user, "no tokens found in the message");
                }
                learned.put(user + "/" + messageKey(request.message()), request.trainingClass().get());
                return UserOutcome.classified(forced(user, request.trainingClass().get(), 1.0, Optional.empty()));
            case RETRAIN:
            case UNLEARN:
                String key = signatures.get(user + "/" + request.signature().map(Signature::asString).orElse(""));
                if (key == null) {
                    return UserOutcome.notClassified(user, "unknown signature");
                }
                TrainingClass trainingClass = request.trainingClass().get();
                learned.put(user + "/" + key, request.operation() == DspamRequest.Operation.UNLEARN
                    ? trainingClass.opposite() : trainingClass);
                return UserOutcome.classified(forced(user, trainingClass, 0.0, request.signature()));
            default:
                throw new IllegalStateException("Unhandled " + request.operation());
        }
    }

    private DspamResult inbound(DspamRequest request, DspamUser user) {
        String text = new String(request.message(), StandardCharsets.ISO_8859_1);
        String key = messageKey(request.message());
        TrainingClass known = learned.get(user + "/" + key);
        boolean spam = known != null ? known == TrainingClass.SPAM
            : !untrainedUsers.contains(user.asString()) && text.contains("FREE");
        Optional<Signature> signature = Optional.empty();
        if (request.operation() == DspamRequest.Operation.PROCESS) {
            signature = Optional.of(Signature.of(Long.toHexString(nextSignature.incrementAndGet())));
            if (!request.modeOverride().equals(Optional.of(TrainingMode.NOTRAIN))) {
                signatures.put(user + "/" + signature.get().asString(), key);
            }
        }
        DspamResult.Builder result = DspamResult.builder()
            .user(user)
            .verdict(spam ? Verdict.SPAM : Verdict.INNOCENT)
            .probability(spam ? 1.0 : 0.0)
            .confidence(0.99)
            .signature(signature);
        if (factorsUsers.contains(user.asString())) {
            result.returnedHeader("X-DSPAM-Result", spam ? "Spam" : "Innocent")
                .returnedHeader("X-DSPAM-Processed", "Wed Nov 25 00:00:00 2026")
                .returnedHeader("X-DSPAM-Confidence", "0.9900")
                .returnedHeader("X-DSPAM-Improbability", "1 in 9901 chance of being " + (spam ? "ham" : "spam"))
                .returnedHeader("X-DSPAM-Probability", spam ? "1.0000" : "0.0000");
            signature.ifPresent(s -> result.returnedHeader("X-DSPAM-Signature", s.asString()));
            result.returnedHeader("X-DSPAM-Factors", factors());
        }
        return result.build();
    }

    private static String factors() {
        StringBuilder factors = new StringBuilder("15,");
        for (int i = 0; i < 15; i++) {
            factors.append("\n\tFREE+#+token").append(i).append(", 0.99000").append(i < 14 ? "," : "");
        }
        return factors.toString();
    }

    private static DspamResult forced(DspamUser user, TrainingClass trainingClass, double confidence,
                                      Optional<Signature> signature) {
        return DspamResult.builder()
            .user(user)
            .verdict(trainingClass.asVerdict())
            .dspamClass(DspamClass.of(trainingClass.asVerdict()))
            .probability(trainingClass == TrainingClass.SPAM ? 1.0 : 0.0)
            .confidence(confidence)
            .signature(signature)
            .build();
    }

    /** Like OSB: at least two adjacent words somewhere, header names not counting as words. */
    static boolean hasTokens(byte[] message) {
        for (String line : new String(message, StandardCharsets.ISO_8859_1).split("\n")) {
            Matcher name = HEADER_NAME.matcher(line);
            String content = name.find() ? line.substring(name.end()) : line;
            if (ADJACENT_WORDS.matcher(content).find()) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasWord(byte[] message) {
        return new String(message, StandardCharsets.ISO_8859_1).chars().anyMatch(Character::isLetterOrDigit);
    }

    private static String messageKey(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        Matcher id = MESSAGE_ID.matcher(text);
        return id.find() ? id.group(1) : Integer.toHexString(text.hashCode());
    }

    @Override
    public void ping() {
    }

    @Override
    public String name() {
        return "scripted";
    }
}

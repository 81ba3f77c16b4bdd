package io.jamesdspam.mailet.route;

import static org.eclipse.jetty.http.HttpStatus.BAD_REQUEST_400;
import static org.eclipse.jetty.http.HttpStatus.NOT_FOUND_404;
import static org.eclipse.jetty.http.HttpStatus.NOT_IMPLEMENTED_501;
import static org.eclipse.jetty.http.HttpStatus.SERVICE_UNAVAILABLE_503;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.task.Task;
import org.apache.james.task.TaskManager;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.tasks.TaskFromRequest;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.eclipse.jetty.http.BadMessageException;
import spark.Request;
import spark.Response;
import spark.Service;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.api.DspamExplaining;
import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.api.DspamStatistics;
import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.config.SettingValues;
import io.jamesdspam.mailet.lifecycle.DspamUserErasure;
import io.jamesdspam.mailet.lifecycle.DspamUserMove;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.readiness.DspamReadiness;
import io.jamesdspam.mailet.task.DspamCorpusTrainingTask;
import io.jamesdspam.mailet.task.DspamPurgeTask;
import io.jamesdspam.mailet.task.DspamTrainingTask;
import io.jamesdspam.mailet.task.TrainingRunningOptions;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.WholeMessageTraining;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;

/**
 * WebAdmin routes for DSPAM operations. Parameters are parsed and validated here (bad ones: 400
 * with a message naming them); work that walks mailboxes runs as a James task.
 *
 * <ul>
 *   <li>{@code POST /dspam/training} — periodic training task ({@code user}, {@code period} or
 *       {@code sinceLastRun=true}, {@code messagesPerSecond}, {@code samplingProbability},
 *       {@code gracePeriod}, {@code dryRun});</li>
 *   <li>{@code POST /dspam/purge?signatureAge=14d[&neutralAge=90d][&unusedAges=90d,30d,15d,15d][&user=U]} —
 *       purge task (embedded engine only; without an age, the engine's {@code Purge*} limits; with a
 *       user, that user's data only);</li>
 *   <li>{@code POST /dspam/users/{user}/messages?class=spam|innocent[&source=corpus|inoculation]}
 *       — train the message in the body;</li>
 *   <li>{@code POST /dspam/users/{user}/corpus?class=...} — a task training every message of an mbox
 *       body (spooled to a temporary file, trained one message at a time);</li>
 *   <li>{@code POST /dspam/users/{user}/retrain?class=...&signature=ID} — retrain by signature;</li>
 *   <li>{@code GET /dspam/users/{user}/statistics} — totals, corrections, accuracy, readiness
 *       (embedded engine only);</li>
 *   <li>{@code POST /dspam/users/{user}/explain[?signature=ID]} — "why was this spam?": the verdict
 *       and deciding tokens of the message in the body, or of a stored signature (embedded engine only);</li>
 *   <li>preferences and groups ({@link PreferenceRoutes}): {@code GET /dspam/preferences},
 *       {@code GET /dspam/users/{user}/preferences}, {@code GET|PUT|DELETE /dspam/users/{user}/preferences/{name}},
 *       {@code GET /dspam/groups}, {@code GET /dspam/users/{user}/groups} (embedded engine only).</li>
 * </ul>
 * {@code {user}} is a James user; its dictionary is the one the shared user mapping names. Query
 * parameters are read from the raw query string ({@link QueryParameters}: unknown ones are refused),
 * bodies as bytes with a size limit, whatever their content type ({@link BodyGuard}, {@link RequestBodies},
 * {@link RouteLimits}).
 */
public class DspamRoutes implements Routes {
    public static final String BASE_PATH = "/dspam";
    static final String USERS = BASE_PATH + "/users/:user";

    private final TaskManager taskManager;
    private final JsonTransformer jsonTransformer;
    private final MailboxManager mailboxManager;
    private final UsersRepository usersRepository;
    private final DspamBackend backend;
    private final DspamUserMapping userMapping;
    private final SpecialMailboxes specialMailboxes;
    private final CorrectionTrainer trainer;
    private final DspamReadiness readiness;
    private final Clock clock;
    private final RouteLimits limits;
    private final RequestBodies bodies;
    private final BodyGuard guard;
    private final DspamUserMove userMove;
    private final DspamUserErasure erasure;

    @Inject
    public DspamRoutes(TaskManager taskManager, JsonTransformer jsonTransformer, MailboxManager mailboxManager,
                       UsersRepository usersRepository, DspamBackend backend, DspamUserMapping userMapping,
                       SpecialMailboxes specialMailboxes, CorrectionTrainer trainer, DspamReadiness readiness, Clock clock,
                       RouteLimits limits, AuthenticationFilter authentication) {
        this.taskManager = taskManager;
        this.jsonTransformer = jsonTransformer;
        this.mailboxManager = mailboxManager;
        this.usersRepository = usersRepository;
        this.backend = backend;
        this.userMapping = userMapping;
        this.specialMailboxes = specialMailboxes;
        this.trainer = trainer;
        this.readiness = readiness;
        this.clock = clock;
        this.limits = limits;
        this.bodies = new RequestBodies(limits);
        this.guard = new BodyGuard(limits, authentication);
        this.userMove = new DspamUserMove(backend, userMapping, trainer.ledger());
        this.erasure = new DspamUserErasure(backend, userMapping, trainer.ledger());
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        guard.install(service, BASE_PATH);
        TaskFromRequest training = this::trainingTask;
        TaskFromRequest purge = this::purgeTask;
        TaskFromRequest corpus = this::corpusTask;
        service.post(BASE_PATH + "/training", training.asRoute(taskManager), jsonTransformer);
        service.post(BASE_PATH + "/purge", purge.asRoute(taskManager), jsonTransformer);
        service.post(USERS + "/messages", this::trainMessage, jsonTransformer);
        service.post(USERS + "/corpus", corpus.asRoute(taskManager), jsonTransformer);
        service.post(USERS + "/retrain", this::retrain, jsonTransformer);
        service.get(USERS + "/statistics", this::statistics, jsonTransformer);
        service.post(USERS + "/explain", this::explain, jsonTransformer);
        new UserLifecycleRoutes(usersRepository, userMapping, jsonTransformer, this::dspamUserOf, userMove, erasure)
            .define(service);
        new PreferenceRoutes(backend, jsonTransformer, request -> dspamUserOf(userParameter(request)), bodies).define(service);
        service.exception(BadMessageException.class, this::badMessage);
    }

    /**
     * Jetty's refusal of a request it cannot parse (an undecodable query; a form body with 8-bit
     * bytes or over 200,000 bytes where {@link BodyGuard} could not read it first)
     * surfaces in James's request logger, before any route, and James answers it 500: it is the
     * client's error, with Jetty's own status (400).
     */
    private void badMessage(BadMessageException e, Request request, Response response) {
        boolean form = RequestBodies.isForm(request.contentType()) && request.pathInfo().startsWith(BASE_PATH + "/");
        if (form) {
            RequestBodies.discardRest(request.raw(), limits.maxMessageSize());
        }
        String message = form ? RequestBodies.FORM_ADVICE : "The request cannot be parsed: " + e.getReason();
        response.status(e.getCode());
        response.type("application/json");
        response.body(ErrorResponder.builder()
            .statusCode(e.getCode())
            .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message(message)
            .asString());
    }

    Task trainingTask(Request request) {
        QueryParameters parameters = QueryParameters.of(request, Set.of("user", "period", "sinceLastRun",
            "messagesPerSecond", "samplingProbability", "gracePeriod", "dryRun"));
        Optional<String> user = parameters.optional("user");
        user.ifPresent(name -> dspamUserOf(username(name)));
        TrainingRunningOptions options = new TrainingRunningOptions(
            user,
            parameters.optional("period", value -> duration(value).toSeconds()),
            parameters.optional("sinceLastRun", DspamRoutes::bool).orElse(false),
            parameters.optional("messagesPerSecond", DspamRoutes::integer)
                .orElse(TrainingRunningOptions.DEFAULT_MESSAGES_PER_SECOND),
            parameters.optional("samplingProbability", DspamRoutes::decimal)
                .orElse(TrainingRunningOptions.DEFAULT_SAMPLING_PROBABILITY),
            parameters.optional("gracePeriod", value -> duration(value).toSeconds())
                .orElse(TrainingRunningOptions.DEFAULT_GRACE_PERIOD.toSeconds()),
            parameters.optional("dryRun", DspamRoutes::bool).orElse(false));
        return new DspamTrainingTask(mailboxManager, usersRepository, userMapping, specialMailboxes, trainer, clock, options);
    }

    Task purgeTask(Request request) {
        QueryParameters parameters = QueryParameters.of(request, Set.of("signatureAge", "neutralAge", "unusedAges", "user"));
        Optional<Duration> age = parameters.optional("signatureAge", DspamRoutes::purgeAge);
        Optional<Integer> neutralDays = parameters.optional("neutralAge", value -> Math.toIntExact(purgeAge(value).toDays()));
        Optional<TokenPurgeLimits.Unused> unused = parameters.optional("unusedAges", DspamRoutes::unusedAges);
        TokenPurgeLimits tokenLimits = new TokenPurgeLimits(neutralDays.map(OptionalInt::of).orElse(OptionalInt.empty()),
            unused);
        Optional<DspamUser> user = parameters.optional("user").map(name -> dspamUserOf(username(name)));
        if (!(backend instanceof DspamMaintenance)) {
            throw halt(NOT_IMPLEMENTED_501, ErrorResponder.ErrorType.WRONG_STATE,
                "The DSPAM backend '" + backend.name() + "' offers no maintenance here: run dspam_clean on the dspamd host");
        }
        DspamMaintenance maintenance = (DspamMaintenance) backend;
        return new DspamPurgeTask(maintenance, trainer.ledger(), age.orElseGet(maintenance::configuredSignatureAge),
            tokenLimits, user, clock);
    }

    private Object trainMessage(Request request, Response response) {
        QueryParameters parameters = QueryParameters.of(request, Set.of("class", "source"));
        DspamUser user = dspamUserOf(userParameter(request));
        TrainingClass trainingClass = trainingClass(parameters);
        TrainingSource source = parameters.optional("source", WholeMessageSource::parse).orElse(TrainingSource.CORPUS);
        byte[] message = bodies.message(request);
        boolean trained = call(() -> WholeMessageTraining.train(backend, user, trainingClass, source, message));
        return trainingAnswer(user, trainingClass, Map.of("trained", trained));
    }

    /** Spools the mbox body to a temporary file the task reads and deletes: any size, bounded memory. */
    Task corpusTask(Request request) {
        QueryParameters parameters = QueryParameters.of(request, Set.of("class"));
        DspamUser user = dspamUserOf(userParameter(request));
        TrainingClass trainingClass = trainingClass(parameters);
        return new DspamCorpusTrainingTask(backend, user, trainingClass, bodies.spool(request), limits.maxMessageSize(), clock);
    }

    private Object retrain(Request request, Response response) {
        QueryParameters parameters = QueryParameters.of(request, Set.of("class", "signature"));
        DspamUser user = dspamUserOf(userParameter(request));
        TrainingClass trainingClass = trainingClass(parameters);
        Signature signature = parameters.required("signature", DspamRoutes::signature, "a DSPAM signature id");
        DspamResponse answer = call(() -> backend.execute(DspamRequest.retrain(List.of(user), trainingClass, signature)));
        Optional<UserOutcome> outcome = answer.outcomeFor(user);
        if (outcome.map(UserOutcome::isClassified).orElse(false)) {
            return trainingAnswer(user, trainingClass, Map.of("signature", signature.asString(), "retrained", true));
        }
        throw halt(NOT_FOUND_404, ErrorResponder.ErrorType.NOT_FOUND, "DSPAM does not know signature '" + signature
            + "' for " + user + " (" + outcome.flatMap(UserOutcome::reason).orElse("no outcome") + "); train the message instead");
    }

    private Object statistics(Request request, Response response) {
        QueryParameters.of(request, Set.of());
        Username username = userParameter(request);
        DspamUser user = dspamUserOf(username);
        if (!(backend instanceof DspamStatistics)) {
            throw halt(NOT_IMPLEMENTED_501, ErrorResponder.ErrorType.WRONG_STATE,
                "The DSPAM backend '" + backend.name() + "' keeps no statistics here: use dspam_stats on the dspamd host");
        }
        return new UserStatistics(username.asString(), user.asString(), ((DspamStatistics) backend).totals(user),
            trainer.ledger().undoneCorrections(user), readiness.isReady(user));
    }

    /**
     * The message in the body, or with no body {@code ?signature=ID}: exactly one of them. DSPAM's
     * refusals become client errors (unknown signature 404, a message without a verdict 400).
     */
    private Object explain(Request request, Response response) {
        QueryParameters parameters = QueryParameters.of(request, Set.of("signature"));
        DspamUser user = dspamUserOf(userParameter(request));
        if (!(backend instanceof DspamExplaining)) {
            throw halt(NOT_IMPLEMENTED_501, ErrorResponder.ErrorType.WRONG_STATE,
                "The DSPAM backend '" + backend.name() + "' cannot explain verdicts here: DLMTP has no such command;"
                    + " use the embedded engine, or DSPAM's X-DSPAM-Factors (showFactors) on the dspamd host");
        }
        DspamExplaining explaining = (DspamExplaining) backend;
        Optional<Signature> signature = parameters.optional("signature", DspamRoutes::signature);
        Optional<byte[]> message = bodies.optionalMessage(request);
        if (signature.isPresent() == message.isPresent()) {
            throw halt(BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT, signature.isPresent()
                ? "Give either a message in the body or '?signature=', not both"
                : "The request body must hold the message to explain (or give '?signature=' and no body)");
        }
        try {
            return signature.isPresent()
                ? explaining.explain(user, signature.get())
                : explaining.explain(user, message.get());
        } catch (DspamException e) {
            if (e.kind() != DspamException.Kind.INVALID_REQUEST) {
                throw halt(SERVICE_UNAVAILABLE_503, ErrorResponder.ErrorType.SERVER_ERROR,
                    "DSPAM could not explain (" + e.kind() + "): " + e.getMessage());
            }
            throw signature.isPresent()
                ? halt(NOT_FOUND_404, ErrorResponder.ErrorType.NOT_FOUND, "DSPAM cannot explain signature '"
                    + signature.get() + "' for " + user + ": " + e.getMessage())
                : halt(BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT, "DSPAM gives this message no verdict: " + e.getMessage());
        }
    }

    private static Map<String, Object> trainingAnswer(DspamUser user, TrainingClass trainingClass, Map<String, Object> details) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("dspamUser", user.asString());
        answer.put("class", trainingClass.optionValue());
        answer.putAll(details);
        return answer;
    }

    static Username userParameter(Request request) {
        return username(request.params("user"));
    }

    static Username username(String name) {
        try {
            return Username.of(name);
        } catch (IllegalArgumentException e) {
            throw halt(BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT, "Invalid user '" + name + "'");
        }
    }

    /** The DSPAM user of an existing James user; 404 for an unknown user, 400 when it maps to none. */
    private DspamUser dspamUserOf(Username username) {
        try {
            if (!usersRepository.contains(username)) {
                throw halt(NOT_FOUND_404, ErrorResponder.ErrorType.NOT_FOUND, "User '" + username.asString() + "' does not exist");
            }
        } catch (UsersRepositoryException e) {
            throw halt(SERVICE_UNAVAILABLE_503, ErrorResponder.ErrorType.SERVER_ERROR, "Cannot look up user '" + username.asString() + "'");
        }
        return userMapping.userFor(username).orElseThrow(() -> halt(BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT,
            "User '" + username.asString() + "' maps to no valid DSPAM user under mapping '" + userMapping + "'"));
    }

    private static TrainingClass trainingClass(QueryParameters parameters) {
        return parameters.required("class", TrainingClass::parse, "spam or innocent");
    }

    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (DspamException e) {
            throw halt(SERVICE_UNAVAILABLE_503, ErrorResponder.ErrorType.SERVER_ERROR,
                "DSPAM could not train (" + e.kind() + "): " + e.getMessage());
        }
    }

    /** A signature id as DSPAM writes it (the query parser names the parameter in its 400). */
    private static Signature signature(String value) {
        if (!Signature.isValid(value.trim())) {
            throw new IllegalArgumentException("not a DSPAM signature id: 1 to " + Signature.MAX_LENGTH + " letters, digits or commas");
        }
        return Signature.of(value.trim());
    }

    private static Duration duration(String value) {
        try {
            return SettingValues.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a duration: " + e.getMessage(), e);
        }
    }

    /**
     * A purge's age, in whole days as DSPAM counts them: a bare number is seconds in James's forms,
     * so {@code 14} meant as dspam_clean's days would purge everything. A negative age would delete
     * every signature and the whole training ledger, a huge one overflow the calendar.
     */
    private static Duration purgeAge(String value) {
        Duration age = duration(value);
        if (age.isNegative() || age.compareTo(DspamMaintenance.MAX_SIGNATURE_AGE) > 0
            || !age.equals(Duration.ofDays(age.toDays()))) {
            throw new IllegalArgumentException("expected whole days from 0 to " + DspamMaintenance.MAX_SIGNATURE_AGE.toDays()
                + "d such as 14d (a number alone is seconds), not '" + value + "'");
        }
        return age;
    }

    /** {@code dspam_clean -u}'s four limits, each an age in days: {@code 90d,30d,15d,15d}. */
    private static TokenPurgeLimits.Unused unusedAges(String value) {
        List<String> parts = List.of(value.split(",", -1));
        if (parts.size() != 4) {
            throw new IllegalArgumentException("expected four ages ANY,HAPAX,HITS1S,HITS1I such as 90d,30d,15d,15d, not '"
                + value + "'");
        }
        return TokenPurgeLimits.Unused.of(parts.stream().map(part -> Math.toIntExact(purgeAge(part).toDays()))
            .collect(Collectors.toList()));
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, not '" + value + "'", e);
        }
    }

    private static double decimal(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, not '" + value + "'", e);
        }
    }

    static boolean bool(String value) {
        try {
            return SettingValues.parseBoolean(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected true or false: " + e.getMessage(), e);
        }
    }

    static RuntimeException halt(int status, ErrorResponder.ErrorType type, String message) {
        return ErrorResponder.builder().statusCode(status).type(type).message(message).haltError();
    }

    /** Parses {@code source}: whole-message training is corpus or inoculation, never error. */
    private static final class WholeMessageSource {
        static TrainingSource parse(String value) {
            TrainingSource source = TrainingSource.parse(value);
            if (source == TrainingSource.ERROR) {
                throw new IllegalArgumentException("error needs a signature: use /retrain");
            }
            return source;
        }
    }
}

package io.jamesdspam.engine.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.api.DspamUserDeletion;
import io.jamesdspam.api.DspamUserRenaming;
import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.config.ConfValues;
import io.jamesdspam.engine.decision.FactorsHeader;
import io.jamesdspam.engine.explain.Explanation;
import io.jamesdspam.engine.preference.InvalidPreferenceException;
import io.jamesdspam.engine.preference.PreferenceNotOverridableException;
import io.jamesdspam.engine.purge.PurgeLimits;
import io.jamesdspam.engine.server.DlmtpServerMain;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.DspamStoreException;
import io.jamesdspam.engine.storage.StoreCopy;
import io.jamesdspam.engine.storage.StoreInUseException;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.engine.tokenize.DspamCrc64;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.InvalidDspamUserException;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;

/**
 * The command-line tool of the embedded engine, in the spirit of dspam_train, dspam_stats,
 * dspam_dump and dspam_crc; {@code java -jar dspam-tool.jar VERB [options] [FILE...]}. Verbs:
 * {@code train}, {@code online}, {@code process}, {@code classify}, {@code explain}, {@code retrain},
 * {@code stats}, {@code dump}, {@code crc}, {@code clean}, {@code rename}, {@code delete}, {@code copy}, {@code admin},
 * {@code serve}. Every verb accepts the engine settings of {@link EngineOptions}.
 * Errors print one line on stderr; exit code 2 for a usage or input mistake, 1 for a failure of
 * the engine or the store.
 */
public final class DspamTool {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    private static final String STORE = ToolStore.STORE;
    private static final String USER = "--user";
    private static final String CLASS = "--class";
    private static final String SOURCE = "--source";
    private static final String LIST = "--list";
    private static final String SIGNATURE = "--signature";
    private static final String HUMAN = "-H";
    private static final String JSON = "--json";
    private static final String REPLACE = "--replace";
    private static final String MERGE = "--merge";
    private static final String SIGNATURE_AGE = "--signature-age";
    private static final String NEUTRAL_AGE = "--neutral-age";
    private static final String UNUSED_AGES = "--unused-ages";
    private static final String NEW_USER = "--new-user";

    static final String USAGE = String.join("\n",
        "usage: java -jar dspam-tool.jar VERB [options] [FILE...]",
        "  train    --store DIR --user U --class spam|innocent [--source corpus|inoculation|error] FILE...",
        "  train    --store DIR --user U --list LISTFILE [--source corpus|inoculation]",
        "           (LISTFILE lines: spam<TAB>path or innocent<TAB>path, trained in order)",
        "  online   --store DIR --user U --list LISTFILE   process each message, retrain errors by signature",
        "  process  --store DIR --user U FILE...           classify and learn as the training mode says",
        "  classify --store DIR --user U FILE...           classify only",
        "           (one line per message: file,result,class,probability,confidence,signature[,retrained];",
        "           process/classify --factors: each followed by X-DSPAM-Factors as DSPAM writes it)",
        "  explain  --store DIR --user U [--json] FILE      why: the deciding tokens, their counts and words",
        "  explain  --store DIR --user U [--json] --signature ID   the same for a stored signature, now",
        "  retrain  --store DIR --user U --class spam|innocent --signature ID",
        "  stats    --store DIR [--user U] [-H]             dspam_stats layout",
        "  dump     --store DIR --user U                    token,spam_hits,innocent_hits by ascending id",
        "  crc      TOKEN...                                DSPAM token ids",
        "  copy     --store DIR|--config dspam.conf  --to-store DIR|--to-config dspam.conf  [--user U]...",
        "           [--replace|--merge]  every user (or those named) into another store: totals, token rows with",
        "           their last-hit days, signatures, preferences (and the stored defaults); a user already there",
        "           is refused, or emptied first (--replace), or added to: counters and totals summed (--merge)",
        "  clean    --store DIR [--user U]... [--signature-age DAYS] [--neutral-age DAYS] [--unused-ages A,H,S,I]",
        "           dspam_clean -s -p -u and DSPAM's purge script, every user (or those named); days from",
        "           dspam.conf's Purge* keys, else 14, 90 and 90,30,15,15 (0: always): signatures; neutral tokens",
        "           (p 0.35-0.65 without bias, under 5 hits); unused tokens: hapaxes, one-hit tokens, any (not for",
        "           TOE/NOTRAIN users)",
        "  rename   --store DIR --user OLD --new-user NEW   what OLD learned moves to NEW (added to what NEW holds)",
        "  delete   --store DIR --user U                    everything of U: totals, tokens, signatures, preferences",
        "  admin    change|list|delete|aggregate preference USER [NAME [VALUE]] --store DIR [--config dspam.conf]",
        "           (dspam_admin's words: per-user preferences; AllowOverride of dspam.conf decides what a user may set)",
        "  serve    --config dspam.conf [--store DIR]       a dspamd-compatible DLMTP server on the engine",
        "           (store: --store, else dspam.conf's SQL storage, else its Home; runs until stopped;",
        "           ServerPurgeInterval N in dspam.conf: it cleans its store every N seconds, as clean does)",
        "store (every verb but crc): --store DIR, the embedded journal store; or --config dspam.conf whose",
        "  StorageDriver is mysql_drv (MySQLServer/Port/User/Pass/Db/Socket) or pgsql_drv (PgSQLServer/",
        "  Port/User/Pass/Db): DSPAM's own database, shared live with other nodes and dspamd; or hash_drv",
        "  (Home's data/<user>/<user>.css and .prefs): read only, to copy into one of the others",
        "engine settings (every verb; DSPAM's defaults otherwise):",
        "  --config dspam.conf (alias --conf)  --tokenizer word|chain|sbph|osb  --algorithm \"graham burton\"",
        "  --pvalue bcr|robinson|markov  --training-mode teft|toe|tum|notrain",
        "  --feature noise,whitelist,tb=N  --preference name=value (enableBNR, enableWhitelist,",
        "  whitelistThreshold, statisticalSedation, processorBias, trainPristine, signatureLocation, ...)");

    /** The options that ask for {@link #USAGE}: in the verb's place (as does {@code help}), or among a verb's options for its own. */
    private static final Set<String> HELP_OPTIONS = Set.of("--help", "-h");
    /** How a verb's usage line continues on the next lines of {@link #USAGE}. */
    private static final String USAGE_CONTINUATION = "           ";

    private final PrintStream out;
    private final PrintStream err;

    private DspamTool(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // The tool jar's binding (slf4j-simple) would print the engine's INFO notes between result lines.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        int code = run(args, System.out, System.err);
        System.out.flush();
        if (code != EXIT_OK) {
            System.exit(code);
        }
    }

    /** Runs one command; returns its exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        DspamTool tool = new DspamTool(out, err);
        if (args.length == 0) {
            err.println(USAGE);
            return EXIT_USAGE;
        }
        if (args[0].equals("help") || HELP_OPTIONS.contains(args[0])) {
            out.println(args.length > 1 ? usageOf(args[1]).orElse(USAGE) : USAGE);
            return EXIT_OK;
        }
        List<String> verbArguments = Arrays.asList(args).subList(1, args.length);
        // An unknown verb asking for help falls through to dispatch, which names it
        Optional<String> verbUsage = asksForHelp(verbArguments) ? usageOf(args[0]) : Optional.empty();
        if (verbUsage.isPresent()) {
            out.println(verbUsage.get());
            return EXIT_OK;
        }
        try {
            return tool.dispatch(args[0], EngineOptions.canonical(verbArguments));
        } catch (ToolException | InvalidDspamUserException | InvalidPreferenceException
                 | PreferenceNotOverridableException e) {
            err.println("dspam-tool: " + e.getMessage());
            return EXIT_USAGE;
        } catch (DspamStoreException | DspamException e) {
            err.println("dspam-tool: " + e.getMessage());
            return EXIT_FAILURE;
        } catch (RuntimeException e) {
            err.println("dspam-tool: " + args[0] + " failed: " + e);
            return EXIT_FAILURE;
        }
    }

    /** Whether {@code --help} or {@code -h} stands among a verb's options (before a {@code --}). */
    private static boolean asksForHelp(List<String> verbArguments) {
        for (String argument : verbArguments) {
            if (argument.equals("--")) {
                return false;
            }
            if (HELP_OPTIONS.contains(argument)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #USAGE} for one verb: its lines (with their continuation lines), then what every verb
     * shares (the store, the engine settings); empty for a word that is no verb.
     */
    static Optional<String> usageOf(String verb) {
        List<String> lines = USAGE.lines().collect(Collectors.toList());
        List<String> selected = new ArrayList<>();
        String block = null;
        int shared = 1;
        for (; shared < lines.size() && lines.get(shared).startsWith(" "); shared++) {
            String line = lines.get(shared);
            if (!line.startsWith(USAGE_CONTINUATION)) {
                block = line.trim().split(" ", 2)[0];
            }
            if (verb.equals(block)) {
                selected.add(line);
            }
        }
        if (selected.isEmpty()) {
            return Optional.empty();
        }
        selected.add(0, lines.get(0).replace("VERB", verb));
        selected.addAll(lines.subList(shared, lines.size()));
        return Optional.of(String.join("\n", selected));
    }

    private int dispatch(String verb, List<String> args) {
        switch (verb) {
            case "train":
                return train(parse(verb, args, Set.of(STORE, USER, CLASS, SOURCE, LIST)));
            case "online":
                return online(parse(verb, args, Set.of(STORE, USER, LIST)));
            case "process":
                return classifyOrProcess(parse(verb, args, Set.of(STORE, USER), Set.of(EngineOptions.FACTORS)), true);
            case "classify":
                return classifyOrProcess(parse(verb, args, Set.of(STORE, USER), Set.of(EngineOptions.FACTORS)), false);
            case "explain":
                return explain(parse(verb, args, Set.of(STORE, USER, SIGNATURE), Set.of(JSON)));
            case "retrain":
                return retrain(parse(verb, args, Set.of(STORE, USER, CLASS, SIGNATURE)));
            case "stats":
                return stats(parse(verb, args, Set.of(STORE, USER), Set.of(HUMAN, "--human")));
            case "dump":
                return dump(parse(verb, args, Set.of(STORE, USER)));
            case "crc":
                return crc(parse(verb, args, Set.of()));
            case "clean":
                return clean(parse(verb, args, Set.of(STORE, USER, SIGNATURE_AGE, NEUTRAL_AGE, UNUSED_AGES)));
            case "rename":
                return rename(parse(verb, args, Set.of(STORE, USER, NEW_USER)));
            case "delete":
                return delete(parse(verb, args, Set.of(STORE, USER)));
            case "copy":
                return copy(parse(verb, args, Set.of(STORE, USER, ToolStore.TO_STORE, ToolStore.TO_CONFIG), Set.of(REPLACE, MERGE)));
            case "serve":
                return serve(args);
            case "admin":
                return admin(args);
            default:
                throw new ToolException("unknown verb '" + verb + "' (try --help)");
        }
    }

    /**
     * {@code serve --config dspam.conf [--store DIR]}: the DLMTP server of the engine, with the
     * engine settings of the same dspam.conf and the store of {@link ToolStore#forServer}.
     */
    private int serve(List<String> args) {
        List<String> serverArgs = new ArrayList<>();
        Path explicitStore = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(STORE) && i + 1 < args.size()) {
                explicitStore = Paths.get(args.get(++i));
            } else {
                serverArgs.add(args.get(i));
            }
        }
        Path storeOption = explicitStore;
        DlmtpServerMain main = new DlmtpServerMain(conf -> {
            EngineSettings settings = EngineSettings.from(conf);
            DspamStore store = ToolStore.forServer(conf, storeOption);
            try {
                return EmbeddedDspam.create(settings, store);
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }, out, err);
        return main.run(serverArgs.toArray(new String[0]));
    }

    /**
     * {@code admin change|list|delete|aggregate preference USER [NAME [VALUE]]}, as
     * {@code dspam_admin}: {@code list} prints the user's own {@code name=value} lines,
     * {@code aggregate} the defaults with the user's honoured values on top, {@code change} and
     * {@code delete} print nothing on success.
     */
    private int admin(List<String> args) {
        ToolArguments arguments = parse("admin", args, Set.of(STORE));
        List<String> words = arguments.positional();
        if (words.size() < 3 || !words.get(1).equals("preference")) {
            throw new ToolException("admin: expected change|list|delete|aggregate preference USER [NAME [VALUE]]");
        }
        String operation = words.get(0);
        DspamUser user = DspamUser.of(words.get(2));
        int expected = operation.equals("change") ? 5 : operation.equals("delete") ? 4 : 3;
        if (!Set.of("change", "list", "delete", "aggregate").contains(operation)) {
            throw new ToolException("admin: unknown operation '" + operation + "' (change, list, delete, aggregate)");
        }
        if (words.size() != expected) {
            throw new ToolException("admin " + operation + " preference: expected " + (expected - 2) + " argument(s) after"
                + " 'preference', got " + (words.size() - 2));
        }
        try (Engine engine = Engine.open(arguments)) {
            EmbeddedDspam dspam = engine.engine;
            switch (operation) {
                case "change":
                    dspam.setPreference(user, words.get(3), words.get(4));
                    return EXIT_OK;
                case "delete":
                    if (!dspam.deletePreference(user, words.get(3))) {
                        err.println("dspam-tool: admin: " + user + " has no preference " + words.get(3));
                        return EXIT_FAILURE;
                    }
                    return EXIT_OK;
                case "list":
                    out.print(dspam.preferences(user).format());
                    return EXIT_OK;
                default:
                    out.print(dspam.aggregatePreferences(user).format());
                    return EXIT_OK;
            }
        }
    }

    private static ToolArguments parse(String verb, List<String> args, Set<String> valued) {
        return parse(verb, args, valued, Set.of());
    }

    /** Parses the verb's options plus the engine settings, which are checked even where no engine runs. */
    private static ToolArguments parse(String verb, List<String> args, Set<String> valued, Set<String> flags) {
        Set<String> all = new HashSet<>(valued);
        all.addAll(EngineOptions.OPTIONS);
        ToolArguments arguments = ToolArguments.parse(verb, args, all, flags);
        EngineOptions.settings(arguments);
        return arguments;
    }

    // ---- verbs that run the engine ----

    private int train(ToolArguments arguments) {
        DspamUser user = user(arguments);
        TrainingSource source = arguments.single(SOURCE).map(DspamTool::trainingSource).orElse(TrainingSource.CORPUS);
        List<TrainingList.Item> items = new ArrayList<>();
        if (arguments.has(LIST)) {
            if (arguments.has(CLASS) || !arguments.positional().isEmpty()) {
                throw new ToolException("train: --list takes the class from each line; give no --class and no FILE");
            }
            if (source == TrainingSource.ERROR) {
                throw new ToolException("train: --list trains whole messages; --source error needs signatures");
            }
            items.addAll(TrainingList.read(Paths.get(arguments.required(LIST))));
        } else {
            TrainingClass trainingClass = trainingClass(arguments.required(CLASS), CLASS);
            if (arguments.positional().isEmpty()) {
                throw new ToolException("train: no message FILE given (or use --list)");
            }
            for (String name : arguments.positional()) {
                items.add(new TrainingList.Item(trainingClass, existingFile(name), name));
            }
        }
        // Messages are read a batch at a time as they are trained, so that a whole folder (start-james.sh
        // --train-*) fits in a small heap; only the signatures of --source error are read first,
        // so that a file without one stops the run before anything is learned.
        List<Signature> signatures = new ArrayList<>();
        if (source == TrainingSource.ERROR) {
            for (TrainingList.Item item : items) {
                signatures.add(MessageSignature.find(read(item.file())).orElseThrow(() ->
                    new ToolException("train: " + item.name() + ": no valid signature (--source error retrains by"
                        + " the X-DSPAM-Signature header or !DSPAM: tag)")));
            }
        }
        int failures = 0;
        try (Engine engine = Engine.open(arguments)) {
            // Up to trainingBatchSize() messages (DspamBackend.TRAINING_BATCH_BYTES) at a time, written
            // together where the store is a database server
            int batch = engine.trainingBatchSize();
            for (int from = 0, to; from < items.size(); from = to) {
                List<DspamRequest> requests = new ArrayList<>();
                long bytes = 0;
                for (to = from; to < items.size() && to - from < batch && bytes < DspamBackend.TRAINING_BATCH_BYTES; to++) {
                    TrainingList.Item item = items.get(to);
                    DspamRequest request = source == TrainingSource.ERROR
                        ? DspamRequest.retrain(List.of(user), item.trainingClass(), signatures.get(to))
                        : DspamRequest.train(List.of(user), item.trainingClass(), source, read(item.file()));
                    bytes += request.message().length;
                    requests.add(request);
                }
                List<UserOutcome> outcomes = engine.executeTogether(requests, user);
                for (int i = from; i < to; i++) {
                    UserOutcome outcome = outcomes.get(i - from);
                    if (!outcome.isClassified()) {
                        failures++;
                        err.println("dspam-tool: " + items.get(i).name() + ": not learned: "
                            + outcome.reason().orElse("no result"));
                    }
                }
            }
        }
        return failures == 0 ? EXIT_OK : EXIT_FAILURE;
    }

    private int online(ToolArguments arguments) {
        DspamUser user = user(arguments);
        arguments.refusePositional();
        List<TrainingList.Item> items = TrainingList.read(Paths.get(arguments.required(LIST)));
        try (Engine engine = Engine.open(arguments)) {
            for (TrainingList.Item item : items) {
                UserOutcome outcome = engine.execute(DspamRequest.process(List.of(user), read(item.file())), user);
                boolean retrained = false;
                if (outcome.result().isPresent()) {
                    DspamResult result = outcome.result().get();
                    boolean wrong = result.verdict().asTrainingClass() != item.trainingClass();
                    if (wrong && result.signature().isPresent()) {
                        UserOutcome retrain = engine.execute(DspamRequest.retrain(List.of(user), item.trainingClass(),
                            result.signature().get()), user);
                        if (!retrain.isClassified()) {
                            throw new ToolException("online: " + item.name() + ": retraining failed: "
                                + retrain.reason().orElse("no result"));
                        }
                        retrained = true;
                    }
                }
                out.println(ResultLine.of(item.name(), outcome) + "," + (retrained ? 1 : 0));
            }
        }
        return EXIT_OK;
    }

    private int classifyOrProcess(ToolArguments arguments, boolean process) {
        DspamUser user = user(arguments);
        if (arguments.positional().isEmpty()) {
            throw new ToolException(arguments.verb() + ": no message FILE given");
        }
        List<Path> files = new ArrayList<>();
        for (String name : arguments.positional()) {
            files.add(existingFile(name));
        }
        try (Engine engine = Engine.open(arguments)) {
            for (int i = 0; i < files.size(); i++) {
                byte[] message = read(files.get(i));
                DspamRequest request = process ? DspamRequest.process(List.of(user), message)
                    : DspamRequest.classify(List.of(user), message);
                UserOutcome outcome = engine.execute(request, user);
                out.println(ResultLine.of(arguments.positional().get(i), outcome));
                outcome.result().map(result -> result.returnedHeaders().get(FactorsHeader.NAME))
                    .ifPresent(factors -> out.println(FactorsHeader.NAME + ": " + factors));
            }
        }
        return EXIT_OK;
    }

    /** {@code explain}: a message FILE, or {@code --signature ID}; text, or the explanation as JSON. */
    private int explain(ToolArguments arguments) {
        DspamUser user = user(arguments);
        Optional<String> signature = arguments.single(SIGNATURE);
        List<String> files = arguments.positional();
        if (signature.isPresent() == !files.isEmpty() || files.size() > 1) {
            throw new ToolException("explain: give one message FILE or --signature ID");
        }
        if (signature.isPresent() && !Signature.isValid(signature.get())) {
            throw new ToolException("explain: invalid signature id '" + signature.get() + "'");
        }
        byte[] message = signature.isPresent() ? null : read(existingFile(files.get(0)));
        Explanation explanation;
        try (Engine engine = Engine.open(arguments)) {
            explanation = signature.isPresent()
                ? engine.engine.explain(user, Signature.of(signature.get()))
                : engine.engine.explain(user, message);
        } catch (DspamException e) {
            if (e.kind() == DspamException.Kind.INVALID_REQUEST) {
                throw new ToolException("explain: " + e.getMessage(), e);
            }
            throw e;
        }
        if (arguments.has(JSON)) {
            out.println(ExplanationJson.of(explanation));
        } else {
            out.print(ExplanationText.of(signature.map(id -> "signature " + id).orElseGet(() -> files.get(0)), explanation));
        }
        return EXIT_OK;
    }

    private int retrain(ToolArguments arguments) {
        DspamUser user = user(arguments);
        arguments.refusePositional();
        TrainingClass trainingClass = trainingClass(arguments.required(CLASS), CLASS);
        String id = arguments.required(SIGNATURE);
        if (!Signature.isValid(id)) {
            throw new ToolException("retrain: invalid signature id '" + id + "'");
        }
        try (Engine engine = Engine.open(arguments)) {
            UserOutcome outcome = engine.execute(DspamRequest.retrain(List.of(user), trainingClass, Signature.of(id)), user);
            if (!outcome.isClassified()) {
                err.println("dspam-tool: retrain: " + outcome.reason().orElse("signature " + id + " was not retrained"));
                return EXIT_FAILURE;
            }
        }
        return EXIT_OK;
    }

    // ---- verbs on the store alone ----

    private int stats(ToolArguments arguments) {
        arguments.refusePositional();
        boolean human = arguments.has(HUMAN) || arguments.has("--human");
        try (DspamStore store = ToolStore.open(arguments, true)) {
            List<DspamUser> users = arguments.has(USER) ? List.of(user(arguments)) : store.users();
            for (DspamUser user : users) {
                StatsReport report = new StatsReport(user, store.totals(user));
                if (human) {
                    out.print(report.longForm());
                } else {
                    out.println(report.summaryLine());
                }
            }
        }
        return EXIT_OK;
    }

    /**
     * {@code clean}: what DSPAM's nightly {@code dspam_clean} / {@code purge-4.1.sql} does, for every
     * user of the store or those {@code --user} names ({@link EmbeddedDspam#purge(PurgeLimits)}), with
     * dspam.conf's limits unless an option gives one, as {@code dspam_clean -s -p -u} does. On SQL
     * storage it may run while James and dspamd use the database; a journal store is one process's,
     * so its server (James, {@code serve}) must be stopped first, or use James's
     * {@code POST /dspam/purge}.
     */
    private int clean(ToolArguments arguments) {
        arguments.refusePositional();
        Optional<Integer> signatureDays = arguments.single(SIGNATURE_AGE).map(value -> days(SIGNATURE_AGE, value));
        Optional<Integer> neutralDays = arguments.single(NEUTRAL_AGE).map(value -> days(NEUTRAL_AGE, value));
        Optional<TokenPurgeLimits.Unused> unused = arguments.single(UNUSED_AGES).map(value -> {
            try {
                return PurgeLimits.parseUnused(UNUSED_AGES, value);
            } catch (IllegalArgumentException e) {
                throw new ToolException(e.getMessage(), e);
            }
        });
        List<DspamUser> named = new ArrayList<>();
        for (String name : arguments.all(USER)) {
            named.add(DspamUser.of(name));
        }
        try (Engine engine = Engine.open(arguments)) {
            PurgeLimits limits = engine.engine.settings().purgeLimits();
            limits = signatureDays.map(limits::withSignatureDays).orElse(limits);
            limits = neutralDays.map(limits::withNeutralDays).orElse(limits);
            limits = unused.map(limits::withUnused).orElse(limits);
            List<DspamUser> absent = new ArrayList<>(named);
            absent.removeAll(engine.store.users());
            if (!absent.isEmpty()) {
                err.println("dspam-tool: clean: the store holds nothing for " + absent.stream().map(DspamUser::toString)
                    .collect(Collectors.joining(", ")) + ": nothing purged");
                return EXIT_FAILURE;
            }
            DspamMaintenance.PurgeReport report = named.isEmpty() ? engine.engine.purge(limits)
                : engine.engine.purge(limits, named, progress -> { });
            out.println("purged " + report.signaturesPurged() + " signatures and " + report.tokensPurged()
                + " stale tokens (limits in days: " + limits + ")");
        }
        return EXIT_OK;
    }

    /**
     * {@code rename}: the move James's {@code POST /dspam/users/OLD/rename/NEW} makes
     * ({@link EmbeddedDspam#moveUser}), for a store no James uses (a database another node or dspamd
     * shares may take it live); the James node's training ledger is not the tool's to move.
     */
    private int rename(ToolArguments arguments) {
        arguments.refusePositional();
        DspamUser from = user(arguments);
        DspamUser to = DspamUser.of(arguments.required(NEW_USER));
        if (from.equals(to)) {
            throw new ToolException("rename: " + USER + " and " + NEW_USER + " are one user");
        }
        try (Engine engine = Engine.open(arguments)) {
            DspamUserRenaming.MoveReport moved = engine.engine.moveUser(from, to);
            if (!moved.found()) {
                err.println("dspam-tool: rename: the store holds nothing for " + from + ": nothing moved");
                return EXIT_FAILURE;
            }
            out.println("moved " + from + " to " + to + ": " + moved.tokens() + " tokens, " + moved.signatures()
                + " signatures" + (moved.merged() ? " (added to what " + to + " held)" : ""));
        }
        return EXIT_OK;
    }

    /** {@code delete}: what James's {@code DELETE /dspam/users/USER} deletes in the store ({@link EmbeddedDspam#deleteUser}). */
    private int delete(ToolArguments arguments) {
        arguments.refusePositional();
        DspamUser user = user(arguments);
        try (Engine engine = Engine.open(arguments)) {
            DspamUserDeletion.DeletionReport deleted = engine.engine.deleteUser(user);
            if (!deleted.found()) {
                err.println("dspam-tool: delete: the store holds nothing for " + user + ": nothing deleted");
                return EXIT_FAILURE;
            }
            out.println("deleted " + user + ": " + deleted.tokens() + " tokens, " + deleted.signatures() + " signatures");
        }
        return EXIT_OK;
    }

    /** An option's whole number of days, 0 to {@link PurgeLimits#MAX_DAYS}. */
    private static int days(String option, String value) {
        try {
            return ConfValues.integer(option, value, 0, PurgeLimits.MAX_DAYS);
        } catch (IllegalArgumentException e) {
            throw new ToolException(e.getMessage(), e);
        }
    }

    /** Every row as {@code id,spam_hits,innocent_hits}, ascending unsigned id: the reference's canonical lines. */
    private int dump(ToolArguments arguments) {
        arguments.refusePositional();
        DspamUser user = user(arguments);
        try (DspamStore store = ToolStore.open(arguments, true)) {
            long[] ids = new long[Math.toIntExact(store.tokenCount(user))];
            int[] count = {0};
            // Flipping the sign bit makes a signed sort the unsigned order.
            store.forEachToken(user, (id, statistics) -> ids[count[0]++] = id ^ Long.MIN_VALUE);
            Arrays.sort(ids, 0, count[0]);
            StringBuilder lines = new StringBuilder();
            int batch = 8192;
            for (int from = 0; from < count[0]; from += batch) {
                List<Long> chunk = new ArrayList<>();
                for (int i = from; i < Math.min(count[0], from + batch); i++) {
                    chunk.add(ids[i] ^ Long.MIN_VALUE);
                }
                Map<Long, TokenStatistics> rows = store.tokens(user, chunk);
                for (Long id : chunk) {
                    TokenStatistics row = rows.get(id);
                    lines.append(Long.toUnsignedString(id)).append(',').append(row.spamHits()).append(',')
                        .append(row.innocentHits()).append('\n');
                }
                out.print(lines);
                lines.setLength(0);
            }
        }
        return EXIT_OK;
    }

    /**
     * {@code copy}: users from the store of {@code --store}/{@code --config} into that of
     * {@code --to-store}/{@code --to-config} (see {@link StoreCopy}). Without {@code --replace} or
     * {@code --merge}, every user is checked first and nothing is written when one is in the
     * target already; a store failure stops the copy naming the user, which may then be partly copied.
     */
    private int copy(ToolArguments arguments) {
        arguments.refusePositional();
        if (arguments.has(REPLACE) && arguments.has(MERGE)) {
            throw new ToolException("copy: " + REPLACE + " or " + MERGE + ", not both");
        }
        StoreCopy.Existing existing = arguments.has(REPLACE) ? StoreCopy.Existing.REPLACE
            : arguments.has(MERGE) ? StoreCopy.Existing.MERGE : StoreCopy.Existing.REFUSE;
        try (DspamStore source = ToolStore.open(arguments, true); DspamStore target = ToolStore.openTarget(arguments)) {
            List<DspamUser> users = new ArrayList<>();
            for (String name : arguments.all(USER)) {
                users.add(DspamUser.of(name));
            }
            if (users.isEmpty()) {
                users.addAll(source.users());
            }
            StoreCopy copy = new StoreCopy(source, target);
            List<String> refused = existing == StoreCopy.Existing.REFUSE ? copy.refusals(users) : List.of();
            if (!refused.isEmpty()) {
                refused.forEach(why -> err.println("dspam-tool: copy: " + why));
                err.println("dspam-tool: copy: nothing copied; --replace empties such users in the target first,"
                    + " --merge adds to them");
                return EXIT_FAILURE;
            }
            StoreCopy.Summary summary;
            try {
                summary = copy.copyAll(users, existing, copied -> out.println(copied.user() + ": " + copied.tokens()
                    + " tokens, " + copied.signatures() + " signatures, " + copied.preferences() + " preferences"
                    + (copied.replaced() ? " (replaced)" : copied.merged() ? " (merged)" : "")));
            } catch (DspamStoreException e) {
                err.println("dspam-tool: copy: " + e.getMessage() + " (--replace --user names it"
                    + (existing == StoreCopy.Existing.MERGE ? "; after a failed merge, copy it again from its first"
                    + " source with --replace, then merge it again" : "") + ")");
                return EXIT_FAILURE;
            }
            out.println("copied " + summary.users() + " users: " + summary.tokens() + " tokens, " + summary.signatures()
                + " signatures, " + summary.defaultPreferences() + " default preferences");
        }
        return EXIT_OK;
    }

    /** {@code dspam_crc}: the token is taken as the bytes the shell passed. */
    private int crc(ToolArguments arguments) {
        if (arguments.positional().isEmpty()) {
            throw new ToolException("crc: no TOKEN given");
        }
        Charset argumentCharset = argumentCharset();
        for (String token : arguments.positional()) {
            out.println("TOKEN: '" + token + "' CRC: "
                + DspamCrc64.toUnsignedString(DspamCrc64.of(token.getBytes(argumentCharset))));
        }
        return EXIT_OK;
    }

    // ---- helpers ----

    /** The charset the JVM decoded the command line with, to get the shell's bytes back. */
    private static Charset argumentCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    private static DspamUser user(ToolArguments arguments) {
        return DspamUser.of(arguments.required(USER));
    }

    static TrainingClass trainingClass(String value, String where) {
        try {
            return TrainingClass.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ToolException(where + ": expected spam or innocent, got '" + value + "'", e);
        }
    }

    private static TrainingSource trainingSource(String value) {
        try {
            return TrainingSource.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ToolException(SOURCE + ": expected corpus, inoculation or error, got '" + value + "'", e);
        }
    }

    private static Path existingFile(String name) {
        Path file = Paths.get(name);
        if (!Files.isRegularFile(file)) {
            throw new ToolException("no such file " + name);
        }
        return file;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ToolException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The engine on the store of {@code --store} or {@code --config}, closed together. */
    private static final class Engine implements AutoCloseable {
        private final DspamStore store;
        private final EmbeddedDspam engine;

        private Engine(DspamStore store, EmbeddedDspam engine) {
            this.store = store;
            this.engine = engine;
        }

        static Engine open(ToolArguments arguments) {
            EngineSettings settings = EngineOptions.settings(arguments);
            DspamStore store;
            try {
                store = ToolStore.open(arguments, false);
            } catch (StoreInUseException e) {
                throw new StoreInUseException(e.getMessage() + ": a journal store has one process at a time; stop its"
                    + " server (James, dspam-tool serve) first, or do it through James's WebAdmin", e);
            }
            try {
                return new Engine(store, EmbeddedDspam.create(settings, store));
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }

        /** {@link EmbeddedDspam#executeTogether}: one transaction for them all on SQL storage. */
        List<UserOutcome> executeTogether(List<DspamRequest> requests, DspamUser user) {
            return engine.executeTogether(user, requests);
        }

        int trainingBatchSize() {
            return engine.trainingBatchSize();
        }

        UserOutcome execute(DspamRequest request, DspamUser user) {
            return engine.execute(request).outcomeFor(user)
                .orElseThrow(() -> new DspamException(DspamException.Kind.PROTOCOL, "no outcome for " + user));
        }

        @Override
        public void close() {
            try {
                engine.close();
            } finally {
                store.close();
            }
        }
    }
}

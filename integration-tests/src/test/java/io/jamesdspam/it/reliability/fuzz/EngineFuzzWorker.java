package io.jamesdspam.it.reliability.fuzz;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.testing.Corpus;

/**
 * The engine fuzzer's child JVM ({@link EngineFuzzIT} starts it with a bounded heap): runs inputs
 * {@code first} .. {@code first + count - 1} of a {@link FuzzedMessages} seed through the embedded
 * engine on a journal store — train as the source's class, process (classify, learn, store a
 * signature), retrain one in five from that signature, classify — and prints one line per input:
 *
 * <pre>
 * FUZZ OK index millis classified notClassified      the engine answered every call
 * FUZZ CRASH index text                               an exception, an "engine failure" or an impossible result
 * FUZZ HANG index millis                              over the time limit: the JVM halts (a stuck thread cannot be stopped)
 * FUZZ END                                            all inputs done
 * </pre>
 *
 * A JVM that dies without {@code END} (OutOfMemoryError outside the engine, a crash) is counted by
 * the parent as a crash of the input after the last one reported.
 */
public final class EngineFuzzWorker {
    static final String PREFIX = "FUZZ ";
    /**
     * Each run of {@value #INPUTS_PER_USER} consecutive inputs goes to a user of its own, and the
     * store keeps at most {@value #LOADED_USERS} dictionaries in memory: garbage grows a dictionary
     * by hundreds of thousands of tokens, and a few users taking all 10,000 inputs would hold more
     * than the 256 MB heap — a test of the heap's size, not of the engine's handling of hostile input.
     */
    private static final int INPUTS_PER_USER = 500;
    private static final int LOADED_USERS = 1;

    private EngineFuzzWorker() {
    }

    /** Arguments: store directory, seed, first index, count, base time limit (ms), extra limit per MB (ms). */
    public static void main(String[] args) throws Exception {
        Path storeDirectory = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int first = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        long baseLimit = Long.parseLong(args[4]);
        long perMegabyte = Long.parseLong(args[5]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        FuzzedMessages generator = new FuzzedMessages(Corpus.load().all(), seed);
        ExecutorService engineThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fuzzed-engine");
            thread.setDaemon(true);
            return thread;
        });
        JournalDspamStore.Options storeOptions = JournalDspamStore.Options.defaults().withMaximumLoadedUsers(LOADED_USERS);
        try (EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(),
            JournalDspamStore.open(storeDirectory, storeOptions))) {
            for (int index = first; index < first + count; index++) {
                FuzzedInput input = generator.input(index);
                long limit = baseLimit + perMegabyte * (input.bytes().length >> 20);
                long start = System.nanoTime();
                Future<Tally> run = engineThread.submit(() -> run(engine, input));
                try {
                    Tally tally = run.get(limit, TimeUnit.MILLISECONDS);
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    if (tally.crash.isPresent()) {
                        out.println(PREFIX + "CRASH " + index + " " + input.describe() + ": " + tally.crash.get());
                    } else {
                        out.println(PREFIX + "OK " + index + " " + millis + " " + tally.classified + " " + tally.notClassified);
                    }
                } catch (TimeoutException e) {
                    out.println(PREFIX + "HANG " + index + " " + limit + " " + input.describe());
                    Runtime.getRuntime().halt(3);
                } catch (ExecutionException e) {
                    out.println(PREFIX + "CRASH " + index + " " + input.describe() + ": " + oneLine(e.getCause()));
                }
            }
        }
        out.println(PREFIX + "END");
        engineThread.shutdownNow();
    }

    /** Counts of one input's calls; {@code crash} set at the first answer the engine must never give. */
    private static final class Tally {
        int classified;
        int notClassified;
        Optional<String> crash = Optional.empty();

        Optional<UserOutcome> check(DspamResponse response, String call) {
            UserOutcome outcome = response.outcomes().get(0);
            if (outcome.isClassified()) {
                classified++;
                DspamResult result = outcome.result().get();
                if (!(result.probability() >= 0 && result.probability() <= 1) || !Double.isFinite(result.confidence())) {
                    crash = Optional.of(call + " gave an impossible result " + result);
                }
            } else {
                notClassified++;
                String reason = outcome.reason().orElse("");
                if (reason.startsWith("engine failure") || reason.startsWith(EmbeddedDspam.STORE_FAILURE)) {
                    crash = Optional.of(call + ": " + reason);
                }
            }
            return crash.isPresent() ? Optional.empty() : Optional.of(outcome);
        }
    }

    private static Tally run(EmbeddedDspam engine, FuzzedInput input) {
        Tally tally = new Tally();
        List<DspamUser> user = List.of(DspamUser.of("fuzz-" + input.index() / INPUTS_PER_USER));
        byte[] message = input.bytes();
        TrainingClass learnedAs = input.source().isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT;
        if (tally.check(engine.execute(DspamRequest.train(user, learnedAs, TrainingSource.CORPUS, message)), "train").isEmpty()) {
            return tally;
        }
        Optional<UserOutcome> processed = tally.check(engine.execute(DspamRequest.process(user, message)), "process");
        if (processed.isEmpty()) {
            return tally;
        }
        Optional<Signature> signature = processed.get().result().flatMap(DspamResult::signature);
        if (signature.isPresent() && input.index() % 5 == 0) {
            TrainingClass opposite = learnedAs == TrainingClass.SPAM ? TrainingClass.INNOCENT : TrainingClass.SPAM;
            if (tally.check(engine.execute(DspamRequest.retrain(user, opposite, signature.get())), "retrain").isEmpty()) {
                return tally;
            }
        }
        tally.check(engine.execute(DspamRequest.classify(user, message)), "classify");
        return tally;
    }

    private static String oneLine(Throwable failure) {
        StackTraceElement[] trace = failure.getStackTrace();
        return failure + (trace.length > 0 ? " at " + trace[0] : "");
    }
}

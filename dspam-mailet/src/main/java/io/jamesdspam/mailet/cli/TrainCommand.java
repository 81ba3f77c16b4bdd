package io.jamesdspam.mailet.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import io.jamesdspam.model.TrainingClass;

/**
 * {@code train USER --spam DIR|MBOX --innocent DIR|MBOX}: {@code dspam_train} for a James user. A
 * directory's messages are posted one by one to {@code /messages} (spam and innocent alternating,
 * so that neither class is all learned first); an mbox is uploaded to {@code /corpus}, whose task
 * trains it on the server, and followed to its end. Every input is checked before anything is
 * sent. Ends with one summary line per class; any message left untrained makes the exit status
 * {@link ExitCode#REFUSED}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a user's dictionary on a corpus, like dspam_train.",
        "A directory holds one message per file (any depth); a file is an mbox, trained by a task on the server.",
        "Progress is shown on a terminal."})
final class TrainCommand implements Callable<Integer> {
    private static final int HTTP_PAYLOAD_TOO_LARGE = 413;

    @ParentCommand
    private DspamAdmin admin;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "USER", description = "the James user whose dictionary learns")
    private String user;

    @Option(names = "--spam", paramLabel = "DIR|MBOX", description = "spam: a directory of messages or an mbox file")
    private Path spam;

    @Option(names = "--innocent", paramLabel = "DIR|MBOX", description = "innocent mail: a directory of messages or an mbox file")
    private Path innocent;

    private final Map<TrainingClass, Tally> tallies = new EnumMap<>(TrainingClass.class);

    @Override
    public Integer call() {
        if (spam == null && innocent == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Give --spam DIR|MBOX, --innocent DIR|MBOX, or both");
        }
        List<TrainingInput> inputs = new ArrayList<>();
        if (spam != null) {
            inputs.add(TrainingInput.of(TrainingClass.SPAM, spam));
        }
        if (innocent != null) {
            inputs.add(TrainingInput.of(TrainingClass.INNOCENT, innocent));
        }
        inputs.forEach(input -> tallies.put(input.trainingClass(), new Tally()));
        WebAdminClient client = admin.client();
        trainDirectories(client, inputs);
        for (TrainingInput input : inputs) {
            if (input.messages().isEmpty()) {
                trainMbox(client, input);
            }
        }
        tallies.forEach((trainingClass, tally) -> admin.out().println(trainingClass.optionValue() + ": " + tally));
        long untrained = tallies.values().stream().mapToLong(Tally::untrained).sum();
        if (untrained > 0) {
            admin.err().println("train: " + untrained + " message(s) not trained");
            return ExitCode.REFUSED;
        }
        return ExitCode.OK;
    }

    private void trainDirectories(WebAdminClient client, List<TrainingInput> inputs) {
        List<TrainingInput> directories = new ArrayList<>();
        inputs.stream().filter(input -> input.messages().isPresent()).forEach(directories::add);
        long total = directories.stream().mapToLong(input -> input.messages().get().size()).sum();
        int longest = directories.stream().mapToInt(input -> input.messages().get().size()).max().orElse(0);
        Progress progress = admin.progress();
        long done = 0;
        for (int index = 0; index < longest; index++) {
            for (TrainingInput input : directories) {
                List<Path> messages = input.messages().get();
                if (index < messages.size()) {
                    progress.show("training " + Progress.bar(done, total));
                    trainMessage(client, input.trainingClass(), messages.get(index), progress);
                    done++;
                }
            }
        }
        if (total > 0) {
            progress.show("training " + Progress.bar(done, total));
        }
        progress.finish();
    }

    private void trainMessage(WebAdminClient client, TrainingClass trainingClass, Path message, Progress progress) {
        Tally tally = tallies.get(trainingClass);
        tally.messages++;
        try {
            JsonNode answer = client.upload(WebAdminClient.userPath(user) + "/messages",
                Map.of("class", trainingClass.optionValue()), message, "message/rfc822");
            if (answer.path("trained").asBoolean(false)) {
                tally.trained++;
            } else {
                tally.failed++;
            }
        } catch (AdminFailure failure) {
            if (failure.httpStatus().orElse(0) != HTTP_PAYLOAD_TOO_LARGE) {
                throw failure;
            }
            tally.tooLarge++;
            progress.finish();
            admin.err().println("train: " + message + ": skipped, " + failure.getMessage());
        }
    }

    private void trainMbox(WebAdminClient client, TrainingInput input) {
        String what = input.trainingClass().optionValue() + " from " + input.path();
        JsonNode submitted = client.upload(WebAdminClient.userPath(user) + "/corpus",
            Map.of("class", input.trainingClass().optionValue()), input.path(), "application/mbox");
        JsonNode details = new TaskFollower(client, admin.progress()).follow(submitted, what);
        JsonNode counters = details.path("additionalInformation");
        Tally tally = tallies.get(input.trainingClass());
        tally.messages += counters.path("messages").asLong();
        tally.trained += counters.path("trained").asLong();
        tally.failed += counters.path("failed").asLong();
        tally.tooLarge += counters.path("tooLarge").asLong();
        if (!TaskFollower.completed(details)) {
            admin.err().println("train: " + what + ": the corpus task ended " + details.path("status").asText());
            tally.taskFailures++;
        }
    }

    /** One class's counts, over every input of that class. */
    private static final class Tally {
        long messages;
        long trained;
        long failed;
        long tooLarge;
        long taskFailures;

        long untrained() {
            return messages - trained + taskFailures;
        }

        @Override
        public String toString() {
            return messages + " messages, " + trained + " trained, " + failed + " not trained, " + tooLarge + " too large";
        }
    }
}

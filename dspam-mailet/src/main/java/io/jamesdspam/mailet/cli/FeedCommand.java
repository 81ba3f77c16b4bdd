package io.jamesdspam.mailet.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code feed}: starts the periodic mailbox training task ({@code POST /dspam/training}) with the
 * route's parameters as options; {@code --wait} follows it to its end.
 */
@Command(name = "feed", mixinStandardHelpOptions = true,
    description = {"Start the periodic mailbox training task.",
        "Mail in Spam/Junk trains spam; read mail elsewhere (not Trash) older than the grace period trains innocent.",
        "Prints the task id, or with --wait follows the task to its end."})
final class FeedCommand implements Callable<Integer> {
    @ParentCommand
    private DspamAdmin admin;

    @Option(names = "--user", paramLabel = "USER", description = "only this James user (default: every user)")
    private String user;

    @Option(names = "--period", paramLabel = "DURATION", description = "only mail received within this period, e.g. 1d")
    private String period;

    @Option(names = "--since-last-run", description = "only mail received since the last run")
    private boolean sinceLastRun;

    @Option(names = "--messages-per-second", paramLabel = "N", description = "throttle (server default 10)")
    private String messagesPerSecond;

    @Option(names = "--sampling-probability", paramLabel = "P", description = "train each message with this probability (default 1.0)")
    private String samplingProbability;

    @Option(names = "--grace-period", paramLabel = "DURATION", description = "read mail younger than this is not trained innocent (default 1d)")
    private String gracePeriod;

    @Option(names = "--dry-run", description = "count what would be trained, train nothing")
    private boolean dryRun;

    @Option(names = "--wait", description = "follow the task to its end (progress on a terminal)")
    private boolean await;

    @Override
    public Integer call() {
        WebAdminClient client = admin.client();
        JsonNode submitted = client.post("/dspam/training", query());
        if (!await) {
            String taskId = TaskFollower.taskId(submitted);
            admin.out().println("training task " + taskId + " started; follow it with GET " + client.baseUrl() + "/tasks/" + taskId);
            return ExitCode.OK;
        }
        JsonNode details = new TaskFollower(client, admin.progress()).follow(submitted, "training");
        admin.out().println(TaskFollower.summary(details, "training"));
        return TaskFollower.completed(details) ? ExitCode.OK : ExitCode.REFUSED;
    }

    private Map<String, String> query() {
        Map<String, String> query = new LinkedHashMap<>();
        put(query, "user", user);
        put(query, "period", period);
        put(query, "sinceLastRun", sinceLastRun ? "true" : null);
        put(query, "messagesPerSecond", messagesPerSecond);
        put(query, "samplingProbability", samplingProbability);
        put(query, "gracePeriod", gracePeriod);
        put(query, "dryRun", dryRun ? "true" : null);
        return query;
    }

    private static void put(Map<String, String> query, String name, String value) {
        if (value != null) {
            query.put(name, value);
        }
    }
}

package io.jamesdspam.mailet.cli;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Follows a James task to its end: waits on {@code GET /tasks/{id}/await} a second at a time and,
 * between waits, shows the counters of the task's details as progress. James reports a task
 * whose result was partial (some items failed) as {@code failed}.
 */
final class TaskFollower {
    private static final Duration POLL = Duration.ofSeconds(1);

    private final WebAdminClient client;
    private final Progress progress;

    TaskFollower(WebAdminClient client, Progress progress) {
        this.client = client;
        this.progress = progress;
    }

    /** The task's {@code 201} answer → its details once it has ended, whatever its status. */
    JsonNode follow(JsonNode submitted, String what) {
        String taskId = taskId(submitted);
        Optional<JsonNode> ended = client.awaitTask(taskId, POLL);
        while (ended.isEmpty()) {
            JsonNode running = client.get("/tasks/" + taskId);
            progress.show(what + ": " + counters(running.path("additionalInformation")));
            ended = client.awaitTask(taskId, POLL);
        }
        progress.finish();
        return ended.get();
    }

    static boolean completed(JsonNode details) {
        return details.path("status").asText().equals("completed");
    }

    /**
     * {@code purge task 42 completed: signaturesPurged 3, tokensPurged 10}, and the limits a task
     * applied when its details name them ({@code (limits in days: signatures 14, …)}).
     */
    static String summary(JsonNode details, String what) {
        JsonNode additionalInformation = details.path("additionalInformation");
        JsonNode limits = additionalInformation.path("limits");
        return what + " task " + details.path("taskId").asText() + " " + details.path("status").asText("ended")
            + ": " + counters(additionalInformation) + (limits.isTextual() ? " (limits in days: " + limits.asText() + ")" : "");
    }

    static String taskId(JsonNode submitted) {
        JsonNode taskId = submitted.path("taskId");
        if (!taskId.isTextual()) {
            throw AdminFailure.failed("James answered without a task id: " + submitted);
        }
        return taskId.asText();
    }

    /** The numeric fields of a task's details, in James's order: {@code examined 3, failed 0}. */
    static String counters(JsonNode additionalInformation) {
        StringJoiner line = new StringJoiner(", ");
        Iterator<Map.Entry<String, JsonNode>> fields = additionalInformation.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNumber() && !field.getKey().equals("timestamp")) {
                line.add(field.getKey() + " " + field.getValue().asText());
            }
        }
        return line.length() == 0 ? "no details" : line.toString();
    }
}

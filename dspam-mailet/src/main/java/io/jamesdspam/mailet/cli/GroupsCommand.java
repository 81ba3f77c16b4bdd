package io.jamesdspam.mailet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code groups [USER]}: the DSPAM group file as James's engine reads it now
 * ({@code GET /dspam/groups}, one {@code name:type:members} line each, then the lines left out), or
 * the groups that apply to one user and how ({@code GET /dspam/users/{user}/groups}).
 */
@Command(name = "groups", mixinStandardHelpOptions = true,
    description = {"DSPAM's groups: the group file as read now, with the lines left out and why;",
        "with USER, the groups that apply to that user and how."})
final class GroupsCommand implements Callable<Integer> {
    @ParentCommand
    private DspamAdmin admin;

    @Parameters(index = "0", arity = "0..1", paramLabel = "USER", description = "a James user")
    private String user;

    @Override
    public Integer call() {
        if (user == null) {
            printFile(admin.client().get("/dspam/groups"));
        } else {
            printUser(admin.client().get(WebAdminClient.userPath(user) + "/groups"));
        }
        return ExitCode.OK;
    }

    private void printFile(JsonNode answer) {
        if (!answer.path("configured").asBoolean()) {
            admin.out().println("no group file (GroupConfig in dspam.conf, or embedded.groups in dspam.properties)");
            return;
        }
        admin.out().println("# " + answer.path("path").asText());
        for (JsonNode group : answer.path("groups")) {
            List<String> members = new ArrayList<>();
            group.path("members").forEach(member -> members.add(member.asText()));
            admin.out().println(group.path("name").asText() + ":" + group.path("type").asText() + ":"
                + String.join(",", members));
        }
        for (JsonNode error : answer.path("errors")) {
            admin.out().println("# left out, line " + error.path("line").asInt() + ": " + error.path("message").asText()
                + " (" + error.path("text").asText() + ")");
        }
    }

    private void printUser(JsonNode answer) {
        String name = answer.path("user").asText(user);
        if (answer.path("ignoreGroups").asBoolean()) {
            admin.out().println(name + ": no group applies (ignoreGroups=on)");
            return;
        }
        if (answer.path("groups").isEmpty()) {
            admin.out().println(name + ": no group applies");
            return;
        }
        admin.out().println(name + " reads and writes the dictionary of " + answer.path("dataUser").asText()
            + (answer.hasNonNull("mergedWith") ? ", merged with " + answer.get("mergedWith").asText() : ""));
        for (JsonNode group : answer.path("groups")) {
            admin.out().println(group.path("name").asText() + " (" + group.path("type").asText() + ", line "
                + group.path("line").asInt() + "): " + group.path("how").asText());
        }
    }
}

package io.jamesdspam.mailet.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code delete USER}: after James deleted the user, what DSPAM learned for it goes. */
@Command(name = "delete", mixinStandardHelpOptions = true,
    description = {"Delete what DSPAM learned for a user, with its training ledger.",
        "Run it after James deleted the user; a user James still has needs --force."})
final class DeleteCommand implements Callable<Integer> {
    @ParentCommand
    private DspamAdmin admin;

    @Parameters(index = "0", paramLabel = "USER", description = "the user")
    private String user;

    @Option(names = "--force", description = "also for a user James still has: its mail is then filtered by a new, empty dictionary")
    private boolean force;

    @Option(names = "--ledger-only", description = {"with a dspamd backend, once the user's rows are deleted in DSPAM's database:",
        "delete only the plugin's training ledger of the user"})
    private boolean ledgerOnly;

    @Override
    public Integer call() {
        Map<String, String> query = new LinkedHashMap<>();
        if (force) {
            query.put("force", "true");
        }
        if (ledgerOnly) {
            query.put("ledgerOnly", "true");
        }
        JsonNode deleted = admin.client().delete(WebAdminClient.userPath(user), query);
        admin.out().println("deleted " + (ledgerOnly ? "the training ledger of " : "") + "DSPAM user "
            + deleted.path("user").asText() + ": " + (ledgerOnly ? "" : deleted.path("tokens").asLong() + " token rows, "
            + deleted.path("signatures").asLong() + " signatures, ") + deleted.path("ledgerEntries").asLong()
            + " trained messages");
        return ExitCode.OK;
    }
}

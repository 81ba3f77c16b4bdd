package io.jamesdspam.mailet.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code rename OLD NEW}: after James's own rename, what DSPAM learned for OLD moves to NEW. */
@Command(name = "rename", mixinStandardHelpOptions = true,
    description = {"Move what DSPAM learned for a user to the user's new name.",
        "Run it after James's rename (POST /users/OLD/rename/NEW?action=rename); NEW must exist in James."})
final class RenameCommand implements Callable<Integer> {
    @ParentCommand
    private DspamAdmin admin;

    @Parameters(index = "0", paramLabel = "OLD", description = "the user's old name")
    private String oldUser;

    @Parameters(index = "1", paramLabel = "NEW", description = "the user's new name")
    private String newUser;

    @Option(names = "--ledger-only", description = {"with a dspamd backend, once the user is renamed in DSPAM's database:",
        "move only the plugin's training ledger"})
    private boolean ledgerOnly;

    @Override
    public Integer call() {
        String path = WebAdminClient.userPath(oldUser) + "/rename/" + WebAdminClient.encode(newUser);
        if (ledgerOnly) {
            JsonNode moved = admin.client().post(path, Map.of("ledgerOnly", "true"));
            admin.out().println("moved the training ledger of DSPAM user " + moved.path("from").asText() + " to "
                + moved.path("to").asText() + ": " + moved.path("ledgerEntries").asLong() + " trained messages");
            return ExitCode.OK;
        }
        JsonNode moved = admin.client().post(path, Map.of());
        admin.out().println("moved DSPAM user " + moved.path("from").asText() + " to " + moved.path("to").asText() + ": "
            + moved.path("tokens").asLong() + " token rows, " + moved.path("signatures").asLong() + " signatures, "
            + moved.path("ledgerEntries").asLong() + " trained messages"
            + (moved.path("merged").asBoolean() ? " (added to what it held)" : ""));
        return ExitCode.OK;
    }
}

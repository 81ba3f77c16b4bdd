package io.jamesdspam.mailet.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
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

    @Override
    public Integer call() {
        JsonNode moved = admin.client().post(WebAdminClient.userPath(oldUser) + "/rename/" + WebAdminClient.encode(newUser), Map.of());
        admin.out().println("moved DSPAM user " + moved.path("from").asText() + " to " + moved.path("to").asText() + ": "
            + moved.path("tokens").asLong() + " token rows, " + moved.path("signatures").asLong() + " signatures, "
            + moved.path("ledgerEntries").asLong() + " trained messages"
            + (moved.path("merged").asBoolean() ? " (added to what it held)" : ""));
        return ExitCode.OK;
    }
}

package io.jamesdspam.mailet.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code clean [--signature-age 14d] [--user USER]}: {@code dspam_clean} through the purge task
 * ({@code POST /dspam/purge}), followed to its end as {@code dspam_clean} runs to its end.
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
    description = {"Purge stale signatures and tokens, like dspam_clean.",
        "Embedded engine only (a dspamd is cleaned with dspam_clean on its host); also forgets the training",
        "ledger's entries older than the signature age."})
final class CleanCommand implements Callable<Integer> {
    @ParentCommand
    private DspamAdmin admin;

    @Option(names = "--signature-age", paramLabel = "AGE",
        description = "signatures older than this go (default: the server's PurgeSignatures, else 14d)")
    private String signatureAge;

    @Option(names = "--user", paramLabel = "USER", description = "this user's data only, as dspam_clean USER (default: every user)")
    private String user;

    @Override
    public Integer call() {
        WebAdminClient client = admin.client();
        Map<String, String> query = new LinkedHashMap<>();
        if (signatureAge != null) {
            query.put("signatureAge", signatureAge);
        }
        if (user != null) {
            query.put("user", user);
        }
        JsonNode details = new TaskFollower(client, admin.progress()).follow(client.post("/dspam/purge", query), "purge");
        admin.out().println(TaskFollower.summary(details, "purge"));
        return TaskFollower.completed(details) ? ExitCode.OK : ExitCode.REFUSED;
    }
}

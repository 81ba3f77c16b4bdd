package io.jamesdspam.mailet.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code clean [--signature-age 14d] [--neutral-age 90d] [--unused-ages 90d,30d,15d,15d] [--user USER]}:
 * {@code dspam_clean -s -p -u} through the purge task
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

    @Option(names = "--neutral-age", paramLabel = "AGE",
        description = "neutral tokens unused for longer go, as dspam_clean -p (default: the server's PurgeNeutral, else 90d)")
    private String neutralAge;

    @Option(names = "--unused-ages", paramLabel = "ANY,HAPAX,HITS1S,HITS1I",
        description = {"unused tokens: any, hapaxes, one spam hit, one innocent hit, as dspam_clean -u",
            "(e.g. 90d,30d,15d,15d; default: the server's PurgeUnused, PurgeHapaxes, PurgeHits1S, PurgeHits1I)"})
    private String unusedAges;

    @Option(names = "--user", paramLabel = "USER", description = "this user's data only, as dspam_clean USER (default: every user)")
    private String user;

    @Override
    public Integer call() {
        WebAdminClient client = admin.client();
        Map<String, String> query = new LinkedHashMap<>();
        if (signatureAge != null) {
            query.put("signatureAge", signatureAge);
        }
        if (neutralAge != null) {
            query.put("neutralAge", neutralAge);
        }
        if (unusedAges != null) {
            query.put("unusedAges", unusedAges);
        }
        if (user != null) {
            query.put("user", user);
        }
        JsonNode details = new TaskFollower(client, admin.progress()).follow(client.post("/dspam/purge", query), "purge");
        admin.out().println(TaskFollower.summary(details, "purge"));
        return TaskFollower.completed(details) ? ExitCode.OK : ExitCode.REFUSED;
    }
}

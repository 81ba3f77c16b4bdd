package io.jamesdspam.mailet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import io.jamesdspam.engine.tool.StatsReport;
import io.jamesdspam.model.DspamNumberFormat;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * {@code stats [USER…]}: {@code dspam_stats} for James users, from
 * {@code GET /dspam/users/{user}/statistics}. The row is DSPAM's own line (the engine's
 * {@link StatsReport}, labelled with the DSPAM user the totals belong to) followed by the accuracy
 * the route computes from users' corrections. A user James refuses is reported and the others
 * still shown; the exit status is then {@link ExitCode#REFUSED}.
 */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = {"DSPAM's figures per user, like dspam_stats.",
        "TP TN FP FN SC NC, then the accuracy of DSPAM's own classifications (users' corrections are its errors;",
        "'-' before the first one)."})
final class StatsCommand implements Callable<Integer> {
    @ParentCommand
    private DspamAdmin admin;

    @Parameters(paramLabel = "USER", arity = "0..*", description = "James users (default: every user of the server)")
    private List<String> users = new ArrayList<>();

    @Option(names = "--json", description = "print the statistics route's answers as a JSON array")
    private boolean json;

    @Option(names = {"-H", "--long"}, description = "dspam_stats -H: one labelled line per figure, with rates")
    private boolean longForm;

    @Override
    public Integer call() throws JsonProcessingException {
        WebAdminClient client = admin.client();
        List<String> names = users.isEmpty() ? everyUser(client) : users;
        List<JsonNode> statistics = new ArrayList<>();
        int exitCode = ExitCode.OK;
        for (String name : names) {
            try {
                statistics.add(client.get(WebAdminClient.userPath(name) + "/statistics"));
            } catch (AdminFailure failure) {
                if (failure.exitCode() != ExitCode.REFUSED) {
                    throw failure;
                }
                admin.err().println("stats: " + name + ": " + failure.getMessage());
                exitCode = ExitCode.REFUSED;
            }
        }
        if (json) {
            admin.out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(statistics));
        } else {
            statistics.forEach(user -> admin.out().print(row(user)));
        }
        return exitCode;
    }

    private String row(JsonNode statistics) {
        StatsReport report = new StatsReport(DspamUser.of(statistics.path("dspamUser").asText()), totals(statistics));
        String accuracy = statistics.path("accuracy").isNumber()
            ? DspamNumberFormat.twoDecimals(100 * statistics.path("accuracy").asDouble()) + "%"
            : "-";
        if (longForm) {
            // dspam_stats -H ends each user with a blank line: the accuracy goes just before it
            String form = report.longForm();
            int blank = form.lastIndexOf("        \n");
            return form.substring(0, blank) + "        \tAccuracy (corrections):  " + accuracy + "\n" + form.substring(blank);
        }
        return report.summaryLine() + " accuracy: " + accuracy + "\n";
    }

    private static DspamTotals totals(JsonNode statistics) {
        return new DspamTotals(
            statistics.path("spamLearned").asLong(),
            statistics.path("innocentLearned").asLong(),
            statistics.path("spamMisclassified").asLong(),
            statistics.path("innocentMisclassified").asLong(),
            statistics.path("spamCorpusfed").asLong(),
            statistics.path("innocentCorpusfed").asLong(),
            statistics.path("spamClassified").asLong(),
            statistics.path("innocentClassified").asLong());
    }

    /** James's {@code GET /users}: {@code [{"username": "bob@example.org"}, …]}. */
    private static List<String> everyUser(WebAdminClient client) {
        List<String> names = new ArrayList<>();
        client.get("/users").forEach(user -> names.add(user.path("username").asText()));
        return names;
    }
}

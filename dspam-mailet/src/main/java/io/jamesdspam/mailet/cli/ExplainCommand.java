package io.jamesdspam.mailet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code explain USER --file MSG | --signature SIG}: "why was this spam?" through
 * {@code POST /dspam/users/{user}/explain} — the verdict DSPAM gives the message (or now gives the
 * tokens of a stored signature) and the deciding tokens, most significant first, with their
 * probabilities, hits and, for a message, the words they came from. Reads and trains nothing.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {"Why was this spam? The verdict and the deciding tokens of a message, or of a stored signature.",
        "Nothing is trained."})
final class ExplainCommand implements Callable<Integer> {
    @ParentCommand
    private DspamAdmin admin;

    @Parameters(index = "0", paramLabel = "USER", description = "the James user whose dictionary decides")
    private String user;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Basis basis;

    @Option(names = "--json", description = "print the explain route's answer")
    private boolean json;

    /** Exactly one of a message file and a signature. */
    static final class Basis {
        @Option(names = "--file", paramLabel = "MSG", required = true, description = "a message file (RFC 822, as received)")
        private Path file;

        @Option(names = "--signature", paramLabel = "SIG", required = true, description = "the message's X-DSPAM-Signature")
        private String signature;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        String path = WebAdminClient.userPath(user) + "/explain";
        JsonNode answer = basis.file != null
            ? admin.client().upload(path, Map.of(), readableMessage(basis.file), "message/rfc822")
            : admin.client().post(path, Map.of("signature", basis.signature));
        if (json) {
            admin.out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            return ExitCode.OK;
        }
        admin.out().println(answer.path("result").asText() + " probability=" + answer.path("probabilityText").asText()
            + " confidence=" + answer.path("confidenceText").asText() + " (" + answer.path("dspamClass").asText()
            + ", decided by " + answer.path("decidedBy").asText() + ") for " + answer.path("user").asText()
            + "; learned " + answer.path("spamLearned").asLong() + " spam, " + answer.path("innocentLearned").asLong()
            + " innocent");
        admin.out().println("probability   spam innocent  token");
        for (JsonNode token : answer.path("tokens")) {
            String name = token.hasNonNull("token") ? token.get("token").asText() : "#" + token.path("id").asText();
            String words = token.hasNonNull("words") ? "  [" + token.get("words").asText() + "]" : "";
            admin.out().println(String.format("%-11s %6d %8d  %s%s", token.path("probabilityText").asText(),
                token.path("spamHits").asLong(), token.path("innocentHits").asLong(), name, words));
        }
        return ExitCode.OK;
    }

    private static Path readableMessage(Path file) {
        if (!Files.isRegularFile(file)) {
            throw AdminFailure.localFile(file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw AdminFailure.localFile(file + ": not readable");
        }
        try {
            if (Files.size(file) == 0) {
                throw AdminFailure.localFile(file + ": empty, not a message");
            }
        } catch (IOException e) {
            throw AdminFailure.localFile(file + ": " + e.getMessage());
        }
        return file;
    }
}

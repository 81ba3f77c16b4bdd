package io.jamesdspam.client.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jamesdspam.client.peer.Script;
import io.jamesdspam.client.peer.Step;

/**
 * The official client's transcripts (32*) as this command line sends the same request. The
 * only differences allowed are spelling, not meaning: dspamc writes {@code MAIL FROM: <...>} and
 * {@code RCPT TO: <...>} with a space, forwards its own argv with {@code --client} and a trailing
 * space, and leaves out {@code --process}, dspamd's default operation, which this client names.
 */
final class OfficialClientTranscripts {
    private static final Pattern MAIL_FROM = Pattern.compile("MAIL FROM: <([^>]*)> DSPAMPROCESSMODE=\"(.*)\"\r\n");
    private static final Pattern RCPT_TO = Pattern.compile("RCPT TO: <(.*)>\r\n");
    private static final Set<String> OPERATIONS = Set.of("--classify", "--process", "--source", "--class");

    private OfficialClientTranscripts() {
    }

    static Script asThisClientSendsIt(Script recorded) {
        List<Step> steps = new ArrayList<>();
        for (Step step : recorded.steps()) {
            if (step.type() != Step.Type.EXPECT) {
                steps.add(step);
                continue;
            }
            Matcher mail = MAIL_FROM.matcher(step.text());
            Matcher rcpt = RCPT_TO.matcher(step.text());
            if (mail.matches()) {
                steps.add(Step.expect("MAIL FROM:<" + mail.group(1) + "> DSPAMPROCESSMODE=\"" + options(mail.group(2)) + "\"\r\n"));
            } else if (rcpt.matches()) {
                steps.add(Step.expect("RCPT TO:<" + rcpt.group(1) + ">\r\n"));
            } else {
                steps.add(step);
            }
        }
        return new Script(steps, recorded.isStrictEnd());
    }

    private static String options(String recorded) {
        Set<String> words = new LinkedHashSet<>(List.of(recorded.trim().split(" +")));
        words.remove("--client");
        boolean namesOperation = words.stream().anyMatch(w -> OPERATIONS.contains(w.contains("=") ? w.substring(0, w.indexOf('=')) : w));
        List<String> result = new ArrayList<>();
        if (!namesOperation) {
            result.add("--process");
        }
        result.addAll(words);
        return String.join(" ", result);
    }
}

package io.jamesdspam.engine.tool;

import java.util.Locale;

import io.jamesdspam.engine.explain.DecidingToken;
import io.jamesdspam.engine.explain.Explanation;

/**
 * An {@link Explanation} for a person at a terminal: the verdict line, what decided it, then one
 * line per deciding token — probability, counts, times counted, DSPAM's name and the message's
 * words it stands for.
 */
final class ExplanationText {
    private ExplanationText() {
    }

    static String of(String subject, Explanation explanation) {
        StringBuilder text = new StringBuilder();
        text.append(subject).append(": ").append(explanation.getResult());
        if (!explanation.getDspamClass().equals(explanation.getResult())) {
            text.append(" (").append(explanation.getDspamClass()).append(')');
        }
        text.append(", probability ").append(explanation.getProbabilityText())
            .append(", confidence ").append(explanation.getConfidenceText()).append('\n');
        text.append("decided by ").append(explanation.getDecidedBy() == null ? "no rule" : explanation.getDecidedBy())
            .append(" from ").append(explanation.getTokens().size()).append(" tokens; user ")
            .append(explanation.getUser()).append(" has learned ").append(explanation.getSpamLearned())
            .append(" spam and ").append(explanation.getInnocentLearned()).append(" innocent messages\n");
        text.append(String.format(Locale.ROOT, "%-11s %8s %8s  %s%n", "probability", "spam", "innocent", "token"));
        for (DecidingToken token : explanation.getTokens()) {
            text.append(String.format(Locale.ROOT, "%-11s %8d %8d  %s", token.getProbabilityText(), token.getSpamHits(),
                token.getInnocentHits(), token.getToken() == null ? "id " + token.getId() : token.getToken()));
            if (token.getTimesCounted() > 1) {
                text.append(" (counted ").append(token.getTimesCounted()).append(" times)");
            }
            if (token.getWords() != null) {
                text.append("  \"").append(token.getWords()).append('"');
            }
            text.append('\n');
        }
        return text.toString();
    }
}

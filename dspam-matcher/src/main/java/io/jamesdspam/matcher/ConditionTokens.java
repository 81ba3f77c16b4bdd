package io.jamesdspam.matcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.mail.MessagingException;

/**
 * A matcher condition split into bare words and {@code key=value} options, comma separated:
 * {@code 0.95,Virus,agree,attribute=dspam.result}. Keys are case-insensitive.
 */
final class ConditionTokens {
    private final List<String> words;
    private final Map<String, String> options;

    private ConditionTokens(List<String> words, Map<String, String> options) {
        this.words = words;
        this.options = options;
    }

    static ConditionTokens parse(String matcherName, String condition) throws MessagingException {
        List<String> words = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (String raw : (condition == null ? "" : condition).split(",")) {
            String token = raw.trim();
            if (token.isEmpty()) {
                continue;
            }
            int equals = token.indexOf('=');
            if (equals < 0) {
                words.add(token);
                continue;
            }
            String key = token.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            String value = token.substring(equals + 1).trim();
            if (key.isEmpty() || value.isEmpty()) {
                throw new MessagingException(matcherName + ": malformed option '" + token + "' in condition '" + condition + "'");
            }
            if (options.put(key, value) != null) {
                throw new MessagingException(matcherName + ": option '" + key + "' given twice in condition '" + condition + "'");
            }
        }
        return new ConditionTokens(words, options);
    }

    List<String> words() {
        return words;
    }

    Map<String, String> options() {
        return options;
    }
}

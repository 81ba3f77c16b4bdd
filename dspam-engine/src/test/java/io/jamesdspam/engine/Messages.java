package io.jamesdspam.engine;

import java.nio.charset.StandardCharsets;

/** Small synthetic messages with a spam-like or ham-like vocabulary, varied by an index. */
final class Messages {
    private static final String[] SPAM = {"cheap", "pills", "viagra", "casino", "winner", "prize", "offer",
        "discount", "mortgage", "refinance", "free", "money", "click", "unsubscribe", "guaranteed"};
    private static final String[] HAM = {"meeting", "agenda", "project", "review", "patch", "release", "kernel",
        "build", "schedule", "minutes", "lunch", "thanks", "regards", "report", "deadline"};

    private Messages() {
    }

    static byte[] spam(int index) {
        return message("Promo Team <promo" + index % 7 + "@deals.example>", "Great offer " + index, words(SPAM, index));
    }

    static byte[] ham(int index) {
        return message("Alice Example <alice@example.org>", "Project update " + index, words(HAM, index));
    }

    static String spamBody(int index) {
        return words(SPAM, index);
    }

    static String hamBody(int index) {
        return words(HAM, index);
    }

    static byte[] message(String from, String subject, String body) {
        String text = "From: " + from + "\nTo: bob@example.org\nSubject: " + subject
            + "\nMessage-ID: <" + subject.hashCode() + "@example>\n\n" + body + "\n";
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String words(String[] vocabulary, int index) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            body.append(vocabulary[(index * 7 + i * 3) % vocabulary.length]).append(i % 9 == 8 ? "\n" : " ");
        }
        body.append("ref").append(index);
        return body.toString();
    }
}

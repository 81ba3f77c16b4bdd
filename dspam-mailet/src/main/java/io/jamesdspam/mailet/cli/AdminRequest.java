package io.jamesdspam.mailet.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One command line turned into the WebAdmin call it stands for. Parsing only: no I/O, so every
 * usage error is found before anything is sent.
 */
final class AdminRequest {
    static final String USAGE = String.join("\n",
        "usage: dspam-admin [--url http://127.0.0.1:8000] [--token JWT] COMMAND ...",
        "  train USER spam|innocent FILE [--source corpus|inoculation]   train one message (RFC 5322 file)",
        "  train USER spam|innocent --mbox FILE                          train every message of an mbox file",
        "  retrain USER spam|innocent SIGNATURE                          retrain by DSPAM signature",
        "  stats USER                                                    totals, corrections, accuracy, readiness",
        "  feed [--user USER] [--period 1d | --since-last-run] [--messages-per-second N]",
        "       [--sampling-probability P] [--grace-period 1d] [--dry-run] [--wait]   periodic mailbox training task",
        "  clean [--signature-age 14d] [--wait]                          purge stale signatures and tokens");

    final String method;
    final String path;
    final Map<String, String> query;
    final Optional<Path> body;
    final boolean awaitTask;

    private AdminRequest(String method, String path, Map<String, String> query, Optional<Path> body, boolean awaitTask) {
        this.method = method;
        this.path = path;
        this.query = query;
        this.body = body;
        this.awaitTask = awaitTask;
    }

    /** @throws IllegalArgumentException with a message for the operator */
    static AdminRequest parse(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no command given");
        }
        String command = words.get(0);
        List<String> rest = new ArrayList<>(words.subList(1, words.size()));
        switch (command) {
            case "train":
                return train(rest);
            case "retrain":
                return retrain(rest);
            case "stats":
                return new AdminRequest("GET", userPath(single(rest, "stats USER")) + "/statistics", Map.of(), Optional.empty(), false);
            case "feed":
                return feed(rest);
            case "clean":
                return clean(rest);
            default:
                throw new IllegalArgumentException("unknown command '" + command + "'");
        }
    }

    private static AdminRequest train(List<String> args) {
        Map<String, String> options = options(args, List.of("--source", "--mbox"), List.of());
        if (args.size() != (options.containsKey("--mbox") ? 2 : 3)) {
            throw new IllegalArgumentException("expected: train USER spam|innocent FILE, or train USER spam|innocent --mbox FILE");
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("class", trainingClass(args.get(1)));
        if (options.containsKey("--mbox")) {
            if (options.containsKey("--source")) {
                throw new IllegalArgumentException("--source applies to a single message, not to --mbox");
            }
            return new AdminRequest("POST", userPath(args.get(0)) + "/corpus", query, Optional.of(Path.of(options.get("--mbox"))), false);
        }
        Optional.ofNullable(options.get("--source")).ifPresent(source -> query.put("source", source));
        return new AdminRequest("POST", userPath(args.get(0)) + "/messages", query, Optional.of(Path.of(args.get(2))), false);
    }

    private static AdminRequest retrain(List<String> args) {
        options(args, List.of(), List.of());
        if (args.size() != 3) {
            throw new IllegalArgumentException("expected: retrain USER spam|innocent SIGNATURE");
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("class", trainingClass(args.get(1)));
        query.put("signature", args.get(2));
        return new AdminRequest("POST", userPath(args.get(0)) + "/retrain", query, Optional.empty(), false);
    }

    private static AdminRequest feed(List<String> args) {
        Map<String, String> options = options(args,
            List.of("--user", "--period", "--messages-per-second", "--sampling-probability", "--grace-period"),
            List.of("--since-last-run", "--dry-run", "--wait"));
        noArguments(args, "feed");
        Map<String, String> query = new LinkedHashMap<>();
        copy(options, "--user", query, "user");
        copy(options, "--period", query, "period");
        copy(options, "--since-last-run", query, "sinceLastRun");
        copy(options, "--messages-per-second", query, "messagesPerSecond");
        copy(options, "--sampling-probability", query, "samplingProbability");
        copy(options, "--grace-period", query, "gracePeriod");
        copy(options, "--dry-run", query, "dryRun");
        return new AdminRequest("POST", "/dspam/training", query, Optional.empty(), options.containsKey("--wait"));
    }

    private static AdminRequest clean(List<String> args) {
        Map<String, String> options = options(args, List.of("--signature-age"), List.of("--wait"));
        noArguments(args, "clean");
        Map<String, String> query = new LinkedHashMap<>();
        copy(options, "--signature-age", query, "signatureAge");
        return new AdminRequest("POST", "/dspam/purge", query, Optional.empty(), options.containsKey("--wait"));
    }

    /** Removes the options from {@code args} and returns them; flags map to {@code true}. */
    private static Map<String, String> options(List<String> args, List<String> valued, List<String> flags) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); ) {
            String word = args.get(i);
            if (!word.startsWith("--")) {
                i++;
            } else if (flags.contains(word)) {
                options.put(word, "true");
                args.remove(i);
            } else if (valued.contains(word)) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(word + " needs a value");
                }
                options.put(word, args.get(i + 1));
                args.remove(i);
                args.remove(i);
            } else {
                throw new IllegalArgumentException("unknown option '" + word + "'");
            }
        }
        return options;
    }

    private static void copy(Map<String, String> options, String option, Map<String, String> query, String parameter) {
        Optional.ofNullable(options.get(option)).ifPresent(value -> query.put(parameter, value));
    }

    private static void noArguments(List<String> args, String command) {
        if (!args.isEmpty()) {
            throw new IllegalArgumentException("'" + command + "' takes options only, not '" + args.get(0) + "'");
        }
    }

    private static String single(List<String> args, String expected) {
        if (args.size() != 1 || args.get(0).startsWith("--")) {
            throw new IllegalArgumentException("expected: " + expected);
        }
        return args.get(0);
    }

    private static String trainingClass(String value) {
        if (!value.equals("spam") && !value.equals("innocent")) {
            throw new IllegalArgumentException("class must be spam or innocent, not '" + value + "'");
        }
        return value;
    }

    private static String userPath(String user) {
        return "/dspam/users/" + encode(user);
    }

    String pathWithQuery() {
        if (query.isEmpty()) {
            return path;
        }
        return path + "?" + query.entrySet().stream()
            .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
            .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

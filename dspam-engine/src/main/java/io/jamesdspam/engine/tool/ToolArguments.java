package io.jamesdspam.engine.tool;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command line split into its verb, its {@code --option value} / {@code --option=value} pairs
 * (an option may repeat) and its positional arguments. Options not in the verb's set are refused,
 * so a typo never silently falls back to a default.
 */
final class ToolArguments {
    private final String verb;
    private final Map<String, List<String>> options;
    private final List<String> positional;

    private ToolArguments(String verb, Map<String, List<String>> options, List<String> positional) {
        this.verb = verb;
        this.options = options;
        this.positional = positional;
    }

    /**
     * Parses {@code args} after the verb. {@code valued} are the options taking a value, {@code flags}
     * those that take none; {@code --} ends the options.
     */
    static ToolArguments parse(String verb, List<String> args, Set<String> valued, Set<String> flags) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new ToolException(verb + ": option " + name + " takes no value");
                }
                options.computeIfAbsent(name, k -> new ArrayList<>()).add("");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new ToolException(verb + ": option " + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new ToolException(verb + ": unknown option " + name + " (" + verb + " --help lists its options)");
            }
        }
        return new ToolArguments(verb, options, positional);
    }

    String verb() {
        return verb;
    }

    boolean has(String option) {
        return options.containsKey(option);
    }

    /** The single value of an option; giving it twice is an error. */
    Optional<String> single(String option) {
        List<String> values = options.getOrDefault(option, List.of());
        if (values.size() > 1) {
            throw new ToolException(verb + ": option " + option + " is given more than once");
        }
        return values.stream().findFirst();
    }

    String required(String option) {
        return single(option).orElseThrow(() -> new ToolException(verb + ": option " + option + " is required"));
    }

    List<String> all(String option) {
        return Collections.unmodifiableList(options.getOrDefault(option, List.of()));
    }

    List<String> positional() {
        return Collections.unmodifiableList(positional);
    }

    void refusePositional() {
        if (!positional.isEmpty()) {
            throw new ToolException(verb + ": unexpected argument '" + positional.get(0) + "'");
        }
    }
}

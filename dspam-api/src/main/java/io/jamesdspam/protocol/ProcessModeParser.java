package io.jamesdspam.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.jamesdspam.model.DspamFeature;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;

/**
 * The server side of the DSPAMPROCESSMODE grammar (docs/PROTOCOL.md §5): {@link #extract} takes the
 * value out of a MAIL FROM line, {@link #parse} turns it into a {@link ProcessMode} with dspamd's
 * validation and consistency rules. Option names come from {@link ProcessModeOptions}, the same
 * constants the client writes.
 *
 * <p>Deliberate differences from dspamd, all on the safe side:
 * <ul>
 *   <li>values longer than {@value ProcessModeOptions#MAX_VALUE_BYTES} bytes are refused instead
 *       of being silently truncated (a cut {@code --class=spam} would change the meaning);</li>
 *   <li>{@code --help} and {@code --version} are refused instead of terminating the daemon;</li>
 *   <li>{@code --user} names go through {@link DspamUser} validation (no path-like names);</li>
 *   <li>{@code --profile} is refused (this server has no storage profiles), {@code --debug} is
 *       ignored instead of switching on debug logging for every connection.</li>
 * </ul>
 */
public final class ProcessModeParser {
    /** dspamd uses at most this many arguments of the value. */
    public static final int MAX_ARGUMENTS = 62;

    private static final String USER = "--user";
    private static final String RCPT_TO = "--rcpt-to";
    private static final String PROFILE = "--profile=";
    private static final Set<String> REFUSED = Set.of("--help", "--version");
    private static final Set<String> KNOWN_FEATURES = Set.of("no", "wh", "tb", "sbph", "chained", "ch");

    private final Set<String> spamAliases;
    private final Set<String> innocentAliases;

    private ProcessModeParser(Set<String> spamAliases, Set<String> innocentAliases) {
        this.spamAliases = lowerCase(spamAliases);
        this.innocentAliases = lowerCase(innocentAliases);
    }

    /** A parser that knows only DSPAM's own class names. */
    public static ProcessModeParser standard() {
        return new ProcessModeParser(Set.of(), Set.of());
    }

    /** A parser that also accepts dspam.conf's {@code ClassAliasSpam}/{@code ClassAliasNonspam} names. */
    public static ProcessModeParser withClassAliases(Set<String> spamAliases, Set<String> innocentAliases) {
        return new ProcessModeParser(spamAliases, innocentAliases);
    }

    /**
     * The raw DSPAMPROCESSMODE value of a MAIL FROM line: from the case-sensitive literal
     * {@code DSPAMPROCESSMODE="} to the next {@code "} not preceded by a backslash, each
     * {@code \"} turned into {@code "}. An unterminated value runs to the end of the line.
     */
    public static Optional<String> extract(String mailFromLine) {
        int start = mailFromLine.indexOf(ProcessModeOptions.PARAMETER);
        if (start < 0) {
            return Optional.empty();
        }
        StringBuilder value = new StringBuilder();
        for (int i = start + ProcessModeOptions.PARAMETER.length(); i < mailFromLine.length(); i++) {
            char c = mailFromLine.charAt(i);
            if (c == '\\' && i + 1 < mailFromLine.length() && mailFromLine.charAt(i + 1) == '"') {
                value.append('"');
                i++;
            } else if (c == '"') {
                break;
            } else {
                value.append(c);
            }
        }
        return Optional.of(value.toString());
    }

    /**
     * Parses a value (as returned by {@link #extract}).
     *
     * @throws ProcessModeException saying whether the value is invalid, inconsistent or refused
     */
    public ProcessMode parse(String value) {
        if (value.getBytes(StandardCharsets.UTF_8).length > ProcessModeOptions.MAX_VALUE_BYTES) {
            throw invalid("DSPAMPROCESSMODE value is longer than " + ProcessModeOptions.MAX_VALUE_BYTES + " bytes");
        }
        List<String> words = splitAtSpaces(value);
        Builder builder = new Builder();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.equals(USER) || word.equals(RCPT_TO)) {
                int next = i + 1;
                while (next < words.size() && !words.get(next).startsWith("--")) {
                    if (word.equals(USER)) {
                        builder.extraUsers.add(user(words.get(next)));
                    }
                    next++;
                }
                i = next - 1;
            } else {
                option(word, builder);
            }
        }
        return builder.build();
    }

    private void option(String word, Builder builder) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (REFUSED.contains(lower)) {
            throw new ProcessModeException(ProcessModeException.Kind.REFUSED,
                word + " is not accepted from a network client");
        } else if (word.equals(ProcessModeOptions.CLASSIFY)) {
            builder.classify = true;
        } else if (word.equals(ProcessModeOptions.PROCESS)) {
            builder.classify = false;
        } else if (word.equals(ProcessModeOptions.STDOUT)) {
            builder.stdout = true;
        } else if (word.startsWith(ProcessModeOptions.DELIVER)) {
            deliver(word.substring(ProcessModeOptions.DELIVER.length()), builder);
        } else if (word.startsWith(ProcessModeOptions.CLASS)) {
            builder.trainingClass = Optional.of(trainingClass(word.substring(ProcessModeOptions.CLASS.length())));
        } else if (word.startsWith(ProcessModeOptions.SOURCE)) {
            builder.source = Optional.of(source(word.substring(ProcessModeOptions.SOURCE.length())));
        } else if (word.startsWith(ProcessModeOptions.SIGNATURE)) {
            builder.signature = Optional.of(signature(word.substring(ProcessModeOptions.SIGNATURE.length())));
        } else if (word.startsWith(ProcessModeOptions.MODE)) {
            builder.mode = Optional.of(mode(word.substring(ProcessModeOptions.MODE.length())));
        } else if (word.startsWith(ProcessModeOptions.FEATURE)) {
            builder.features.addAll(features(word.substring(ProcessModeOptions.FEATURE.length())));
        } else if (word.startsWith(PROFILE)) {
            throw invalid("storage profiles are not supported: " + word);
        }
        // Anything else (--client, --nofork, --debug, --mail-from=..., unknown words) has no effect
        // for a network client: dspamd only hands such words to its delivery agent (transcript 16).
    }

    private static void deliver(String list, Builder builder) {
        for (String item : list.split(",", -1)) {
            switch (item.toLowerCase(Locale.ROOT)) {
                case "innocent":
                case "nonspam":
                    builder.deliverInnocent = true;
                    break;
                case "spam":
                    builder.deliverSpam = true;
                    break;
                case "summary":
                    builder.summary = true;
                    break;
                case "stdout":
                    builder.deliverInnocent = true;
                    builder.deliverSpam = true;
                    builder.stdout = true;
                    break;
                default:
                    throw invalid("unknown --deliver value '" + item + "'");
            }
        }
    }

    private TrainingClass trainingClass(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("spam") || spamAliases.contains(lower)) {
            return TrainingClass.SPAM;
        }
        if (lower.equals("innocent") || lower.equals("nonspam") || innocentAliases.contains(lower)) {
            return TrainingClass.INNOCENT;
        }
        throw invalid("unknown --class value '" + value + "'");
    }

    private static TrainingSource source(String value) {
        try {
            return TrainingSource.parse(value);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static TrainingMode mode(String value) {
        try {
            return TrainingMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static Signature signature(String value) {
        try {
            return Signature.of(value);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static DspamUser user(String name) {
        try {
            return DspamUser.of(name);
        } catch (IllegalArgumentException e) {
            throw invalid("invalid --user name: " + e.getMessage());
        }
    }

    /** Known features are kept; unknown or malformed ones are dropped, as dspamd only logs them. */
    private static List<DspamFeature> features(String list) {
        List<DspamFeature> features = new ArrayList<>();
        for (String item : list.split(",")) {
            knownFeature(item).ifPresent(features::add);
        }
        return features;
    }

    private static Optional<DspamFeature> knownFeature(String item) {
        try {
            DspamFeature feature = DspamFeature.parse(item);
            return KNOWN_FEATURES.contains(feature.name()) ? Optional.of(feature) : Optional.empty();
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** Space-separated words (runs of spaces are one separator, TAB is not one), at most 62. */
    private static List<String> splitAtSpaces(String value) {
        List<String> words = new ArrayList<>();
        for (String word : value.split(" ")) {
            if (!word.isEmpty() && words.size() < MAX_ARGUMENTS) {
                words.add(word);
            }
        }
        return words;
    }

    private static ProcessModeException invalid(String message) {
        return new ProcessModeException(ProcessModeException.Kind.INVALID_VALUE, message);
    }

    private static ProcessModeException inconsistent(String message) {
        return new ProcessModeException(ProcessModeException.Kind.INCONSISTENT, message);
    }

    private static Set<String> lowerCase(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    private static final class Builder {
        private boolean classify;
        private Optional<TrainingClass> trainingClass = Optional.empty();
        private Optional<TrainingSource> source = Optional.empty();
        private Optional<Signature> signature = Optional.empty();
        private Optional<TrainingMode> mode = Optional.empty();
        private final List<DspamFeature> features = new ArrayList<>();
        private boolean deliverInnocent;
        private boolean deliverSpam;
        private boolean summary;
        private boolean stdout;
        private final LinkedHashSet<DspamUser> extraUsers = new LinkedHashSet<>();

        /** dspamd's consistency rules (docs/PROTOCOL.md §5.2, transcript 17). */
        ProcessMode build() {
            boolean unlearn = mode.equals(Optional.of(TrainingMode.UNLEARN));
            if (classify && trainingClass.isPresent()) {
                throw inconsistent("--classify cannot be combined with --class");
            }
            if (trainingClass.isPresent() && source.isEmpty() && !unlearn) {
                throw inconsistent("--class needs --source");
            }
            if (source.isPresent() && trainingClass.isEmpty()) {
                throw inconsistent("--source needs --class");
            }
            if (unlearn && trainingClass.isEmpty()) {
                throw inconsistent("--mode=unlearn needs --class");
            }
            return new ProcessMode(classify, trainingClass, source, signature, mode, features, deliverInnocent,
                deliverSpam, summary, stdout, new ArrayList<>(extraUsers));
        }
    }
}

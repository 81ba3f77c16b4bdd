package io.jamesdspam.engine.tool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.config.DspamConf;

/**
 * The engine settings every verb accepts, spelled after dspam.conf so that they go through the
 * one parser of {@link EngineSettings#from(DspamConf)}: each option becomes the dspam.conf line it
 * stands for, after the lines of {@code --config FILE} (alias {@code --conf}) if given. Without any of them the engine runs
 * with DSPAM's defaults as {@link EngineSettings#defaults()} defines them.
 *
 * <ul>
 *   <li>{@code --tokenizer word|chain|sbph|osb} → {@code Tokenizer}</li>
 *   <li>{@code --algorithm "graham burton"} (repeatable) → {@code Algorithm}, replacing the file's</li>
 *   <li>{@code --pvalue bcr|robinson|markov} → {@code PValue}</li>
 *   <li>{@code --training-mode teft|toe|tum|notrain} → {@code TrainingMode} and the
 *   {@code trainingMode} preference (the command line wins, as DSPAM's {@code --mode} does)</li>
 *   <li>{@code --feature noise,whitelist,tb=5} (repeatable) → {@code Feature}, replacing the file's</li>
 *   <li>{@code --preference name=value} (repeatable) → {@code Preference "name=value"}</li>
 *   <li>{@code --factors} (classify, process) → {@code Preference "showFactors=on"}</li>
 * </ul>
 */
final class EngineOptions {
    static final String CONFIG = "--config";
    /** The spelling the verbs other than {@code serve} used first; still accepted. */
    static final String CONFIG_ALIAS = "--conf";
    static final String TOKENIZER = "--tokenizer";
    static final String ALGORITHM = "--algorithm";
    static final String PVALUE = "--pvalue";
    static final String TRAINING_MODE = "--training-mode";
    static final String FEATURE = "--feature";
    static final String PREFERENCE = "--preference";
    /** A flag of the verbs that classify: {@code --factors} is {@code --preference showFactors=on}. */
    static final String FACTORS = "--factors";
    static final Set<String> OPTIONS = Set.of(CONFIG, TOKENIZER, ALGORITHM, PVALUE, TRAINING_MODE, FEATURE, PREFERENCE);

    private EngineOptions() {
    }

    /** {@code args} with the alias {@code --conf} spelled {@code --config}. */
    static List<String> canonical(List<String> args) {
        List<String> canonical = new ArrayList<>(args.size());
        boolean optionsEnded = false;
        for (String arg : args) {
            optionsEnded |= arg.equals("--");
            if (!optionsEnded && arg.equals(CONFIG_ALIAS)) {
                canonical.add(CONFIG);
            } else if (!optionsEnded && arg.startsWith(CONFIG_ALIAS + "=")) {
                canonical.add(CONFIG + arg.substring(CONFIG_ALIAS.length()));
            } else {
                canonical.add(arg);
            }
        }
        return canonical;
    }

    static EngineSettings settings(ToolArguments arguments) {
        StringBuilder conf = new StringBuilder();
        if (arguments.has(CONFIG)) {
            conf.append(confFileWithout(Paths.get(arguments.required(CONFIG)), arguments));
        }
        arguments.single(TOKENIZER).ifPresent(value -> line(conf, "Tokenizer", value));
        arguments.all(ALGORITHM).forEach(value -> line(conf, "Algorithm", value));
        arguments.single(PVALUE).ifPresent(value -> line(conf, "PValue", value));
        arguments.single(TRAINING_MODE).ifPresent(value -> {
            line(conf, "TrainingMode", value);
            line(conf, "Preference", "\"trainingMode=" + value + "\"");
        });
        arguments.all(FEATURE).forEach(value -> line(conf, "Feature", value));
        for (String preference : arguments.all(PREFERENCE)) {
            if (preference.indexOf('=') <= 0) {
                throw new ToolException(PREFERENCE + ": expected name=value, got '" + preference + "'");
            }
            line(conf, "Preference", "\"" + preference + "\"");
        }
        if (arguments.has(FACTORS)) {
            line(conf, "Preference", "\"showFactors=on\"");
        }
        try {
            return EngineSettings.from(DspamConf.parse(conf.toString()));
        } catch (IllegalArgumentException e) {
            throw new ToolException("engine settings: " + e.getMessage(), e);
        }
    }

    private static void line(StringBuilder conf, String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('#') >= 0 || value.indexOf(';') >= 0) {
            throw new ToolException("engine settings: " + key + ": invalid value '" + value + "'");
        }
        conf.append(key).append(' ').append(value).append('\n');
    }

    /** The file's lines, minus the repeatable keys the command line replaces. */
    private static String confFileWithout(Path file, ToolArguments arguments) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ToolException("cannot read " + file + ": " + e.getMessage(), e);
        }
        boolean replaceAlgorithm = arguments.has(ALGORITHM);
        boolean replaceFeature = arguments.has(FEATURE);
        return lines.stream().filter(line -> {
            String key = line.trim().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            return !(replaceAlgorithm && key.equals("algorithm")) && !(replaceFeature && key.equals("feature"));
        }).collect(Collectors.joining("\n", "", "\n"));
    }
}

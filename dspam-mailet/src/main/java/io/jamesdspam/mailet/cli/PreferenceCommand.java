package io.jamesdspam.mailet.cli;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code preference list|get|set|delete|aggregate|defaults}: DSPAM's per-user preferences in
 * {@code dspam_admin}'s words, through {@code /dspam/users/{user}/preferences} and
 * {@code /dspam/preferences}. Values print as DSPAM's {@code .prefs} lines, {@code name=value}.
 */
@Command(name = "preference", mixinStandardHelpOptions = true,
    description = {"DSPAM preferences of a user, like dspam_admin's 'change|list|delete|aggregate preference'."},
    subcommands = {PreferenceCommand.ListPreferences.class, PreferenceCommand.Get.class, PreferenceCommand.Set.class,
        PreferenceCommand.Delete.class, PreferenceCommand.Aggregate.class, PreferenceCommand.Defaults.class})
final class PreferenceCommand implements Callable<Integer> {
    @ParentCommand
    private DspamAdmin admin;

    @Spec
    private CommandSpec spec;

    /** No subcommand: the usage, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    private static String preferencesPath(String user) {
        return WebAdminClient.userPath(user) + "/preferences";
    }

    private static void printPairs(DspamAdmin admin, JsonNode values, String suffix) {
        Iterator<Map.Entry<String, JsonNode>> fields = values.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            admin.out().println(field.getKey() + "=" + field.getValue().asText() + suffix);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
        description = "The user's own preferences, name=value; those DSPAM ignores (not in AllowOverride) are marked.")
    static final class ListPreferences implements Callable<Integer> {
        @ParentCommand
        private PreferenceCommand parent;

        @Parameters(index = "0", paramLabel = "USER", description = "the James user")
        private String user;

        @Override
        public Integer call() {
            JsonNode answer = parent.admin.client().get(preferencesPath(user));
            JsonNode ignored = answer.path("ignored");
            Iterator<Map.Entry<String, JsonNode>> own = answer.path("own").fields();
            while (own.hasNext()) {
                Map.Entry<String, JsonNode> field = own.next();
                parent.admin.out().println(field.getKey() + "=" + field.getValue().asText()
                    + (ignored.has(field.getKey()) ? "   (ignored: not in AllowOverride)" : ""));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
        description = "One preference: the user's value, else the default in force.")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        private PreferenceCommand parent;

        @Parameters(index = "0", paramLabel = "USER", description = "the James user")
        private String user;

        @Parameters(index = "1", paramLabel = "NAME", description = "the preference, e.g. trainingMode")
        private String name;

        @Override
        public Integer call() {
            JsonNode answer = parent.admin.client().get(preferencesPath(user) + "/" + WebAdminClient.encode(name));
            String spelling = answer.path("name").asText(name);
            if (answer.hasNonNull("value")) {
                parent.admin.out().println(spelling + "=" + answer.get("value").asText());
            } else if (answer.hasNonNull("effective")) {
                parent.admin.out().println(spelling + "=" + answer.get("effective").asText() + "   (default)");
            } else {
                parent.admin.out().println(spelling + " is not set");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Set one preference of the user (dspam_admin change preference).",
            "Refused when DSPAM does not define it, the value is bad, or AllowOverride does not list it."})
    static final class Set implements Callable<Integer> {
        @ParentCommand
        private PreferenceCommand parent;

        @Parameters(index = "0", paramLabel = "USER", description = "the James user")
        private String user;

        @Parameters(index = "1", paramLabel = "NAME", description = "the preference, e.g. trainingMode")
        private String name;

        @Parameters(index = "2", paramLabel = "VALUE", description = "its value, e.g. TOE")
        private String value;

        @Override
        public Integer call() {
            JsonNode answer = parent.admin.client().put(preferencesPath(user) + "/" + WebAdminClient.encode(name), value);
            parent.admin.out().println(answer.path("name").asText(name) + "=" + answer.path("value").asText(value)
                + " set for " + answer.path("user").asText(user));
            return ExitCode.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete one preference of the user: the default applies again (dspam_admin delete preference).")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        private PreferenceCommand parent;

        @Parameters(index = "0", paramLabel = "USER", description = "the James user")
        private String user;

        @Parameters(index = "1", paramLabel = "NAME", description = "the preference")
        private String name;

        @Override
        public Integer call() {
            parent.admin.client().delete(preferencesPath(user) + "/" + WebAdminClient.encode(name));
            parent.admin.out().println(name + " deleted for " + user);
            return ExitCode.OK;
        }
    }

    @Command(name = "aggregate", mixinStandardHelpOptions = true,
        description = "The preferences the user's mail is processed with: the defaults with the user's values on top.")
    static final class Aggregate implements Callable<Integer> {
        @ParentCommand
        private PreferenceCommand parent;

        @Parameters(index = "0", paramLabel = "USER", description = "the James user")
        private String user;

        @Override
        public Integer call() {
            printPairs(parent.admin, parent.admin.client().get(preferencesPath(user)).path("effective"), "");
            return ExitCode.OK;
        }
    }

    @Command(name = "defaults", mixinStandardHelpOptions = true,
        description = "The system defaults in force and the names a user may set (AllowOverride).")
    static final class Defaults implements Callable<Integer> {
        @ParentCommand
        private PreferenceCommand parent;

        @Override
        public Integer call() {
            JsonNode answer = parent.admin.client().get("/dspam/preferences");
            printPairs(parent.admin, answer.path("defaults"), "");
            StringBuilder overridable = new StringBuilder();
            answer.path("allowOverride").forEach(name -> overridable.append(' ').append(name.asText()));
            parent.admin.out().println("# defaults from " + answer.path("source").asText() + "; AllowOverride"
                + (overridable.length() == 0 ? " (none)" : overridable));
            return ExitCode.OK;
        }
    }
}

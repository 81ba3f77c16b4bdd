package io.jamesdspam.mailet.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import io.jamesdspam.model.TrainingClass;

/**
 * {@code james-dspam-admin}: DSPAM administration of a James server through its WebAdmin API
 * (local or remote), with commands named after DSPAM's own tools — {@code stats}
 * ({@code dspam_stats}), {@code train} ({@code dspam_train}), {@code retrain}, {@code clean}
 * ({@code dspam_clean}), {@code feed} (the periodic mailbox training task), {@code preference}
 * ({@code dspam_admin}'s preferences), {@code groups} and {@code explain} ("why was this spam?").
 *
 * <p>The release archive's {@code bin/james-dspam-admin} runs this class with the drop-in jar,
 * picocli and Jackson only: nothing in this package may touch James's classes.
 */
@Command(name = "james-dspam-admin",
    mixinStandardHelpOptions = true,
    versionProvider = DspamAdmin.Version.class,
    description = "DSPAM administration of an Apache James server, through its WebAdmin API.",
    subcommands = {StatsCommand.class, TrainCommand.class, RetrainCommand.class, CleanCommand.class, FeedCommand.class,
        PreferenceCommand.class, GroupsCommand.class, ExplainCommand.class, RenameCommand.class,
        DeleteCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        ExitCode.OK + ":success",
        ExitCode.REFUSED + ":James or DSPAM refused or failed the request (James's message is printed)",
        ExitCode.USAGE + ":bad command line",
        ExitCode.UNREACHABLE + ":James's WebAdmin cannot be reached",
        ExitCode.LOCAL_FILE + ":a local file or directory is missing, unreadable or not a message corpus"})
public final class DspamAdmin implements Callable<Integer> {
    public static final String DEFAULT_URL = "http://127.0.0.1:8000";

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
        defaultValue = "${env:JAMES_WEBADMIN_URL:-" + DEFAULT_URL + "}",
        description = "James's WebAdmin (default: $JAMES_WEBADMIN_URL, else ${DEFAULT-VALUE})")
    private String url;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "JWT", defaultValue = "${env:JAMES_WEBADMIN_TOKEN}",
        description = "WebAdmin JWT, sent as 'Authorization: Bearer' (default: $JAMES_WEBADMIN_TOKEN)")
    private String token;

    private final boolean terminal;

    private DspamAdmin(boolean terminal) {
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        Charset charset = Charset.defaultCharset();
        System.exit(execute(new PrintWriter(System.out, true, charset), new PrintWriter(System.err, true, charset),
            System.console() != null, args));
    }

    /** Runs one command line; {@code terminal}: draw progress on {@code err}. Returns the {@link ExitCode}. */
    public static int execute(PrintWriter out, PrintWriter err, boolean terminal, String... args) {
        CommandLine commandLine = new CommandLine(new DspamAdmin(terminal))
            .setOut(out)
            .setErr(err)
            .registerConverter(TrainingClass.class, TrainingClass::parse)
            .setExecutionExceptionHandler((exception, failed, parseResult) -> {
                if (exception instanceof AdminFailure) {
                    failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + exception.getMessage());
                    return ((AdminFailure) exception).exitCode();
                }
                throw exception;
            });
        int exitCode = commandLine.execute(args);
        out.flush();
        err.flush();
        return exitCode;
    }

    /** No command given: the usage, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    WebAdminClient client() {
        try {
            return WebAdminClient.of(url, Optional.ofNullable(token));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Progress progress() {
        return new Progress(err(), terminal);
    }

    /** The version of the jar this class was loaded from (the drop-in jar's manifest). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DspamAdmin.class.getPackage().getImplementationVersion();
            return new String[] {"james-dspam-admin " + (version != null ? version : "(development build)")};
        }
    }
}

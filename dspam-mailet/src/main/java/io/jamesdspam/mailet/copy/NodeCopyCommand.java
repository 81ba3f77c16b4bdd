package io.jamesdspam.mailet.copy;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.io.FileHandler;

import io.jamesdspam.engine.storage.DspamStoreException;
import io.jamesdspam.engine.storage.StoreCopy;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.training.TrainingLedgerException;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.InvalidDspamUserException;

/**
 * {@code NodeCopyCommand --from OLD.properties --to NEW.properties [--home DIR] [--user U]... [--replace|--merge]}:
 * {@link NodeCopy} from the command line, run with James's {@code lib/} and {@code extensions-jars/}
 * while James is stopped. Relative paths in the files are James's, under {@code --home} (default:
 * the current directory, James's working directory). Exit codes: 0 copied, 1 refused or failed
 * (nothing copied, resp. the user named may be partly copied), 2 bad command line or configuration.
 * Its few options are parsed by hand: James's {@code lib/} has no picocli (only the admin command's
 * {@code admin-jars/} brings it).
 */
public final class NodeCopyCommand {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;
    static final String USAGE = "usage: NodeCopyCommand --from OLD-dspam.properties --to NEW-dspam.properties"
        + " [--home JAMES_DIR] [--user USER]... [--replace|--merge]";

    private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

    private NodeCopyCommand() {
    }

    public static void main(String[] args) {
        // Before any logger exists: James's lib/ brings logback, which logs everything at DEBUG by default
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, "io/jamesdspam/mailet/copy/node-copy-logback.xml");
        }
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path from = null;
        Path to = null;
        Path home = Paths.get("");
        List<DspamUser> users = new ArrayList<>();
        StoreCopy.Existing existing = StoreCopy.Existing.REFUSE;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--replace") || arg.equals("--merge")) {
                    StoreCopy.Existing chosen = arg.equals("--replace") ? StoreCopy.Existing.REPLACE : StoreCopy.Existing.MERGE;
                    if (existing != StoreCopy.Existing.REFUSE && existing != chosen) {
                        return usage(err, "--replace or --merge, not both");
                    }
                    existing = chosen;
                } else if (List.of("--from", "--to", "--home", "--user").contains(arg)) {
                    if (i + 1 >= args.length) {
                        return usage(err, arg + " needs a value");
                    }
                    String value = args[++i];
                    switch (arg) {
                        case "--from":
                            from = Paths.get(value);
                            break;
                        case "--to":
                            to = Paths.get(value);
                            break;
                        case "--home":
                            home = Paths.get(value);
                            break;
                        default:
                            users.add(DspamUser.of(value));
                    }
                } else if (arg.equals("--help") || arg.equals("-h")) {
                    out.println(USAGE);
                    return EXIT_OK;
                } else {
                    return usage(err, "unknown argument '" + arg + "'");
                }
            }
        } catch (InvalidDspamUserException e) {
            return usage(err, e.getMessage());
        }
        if (from == null || to == null) {
            return usage(err, "--from and --to are both needed");
        }
        try (NodeCopy copy = NodeCopy.open(read(from), read(to), home.toAbsolutePath())) {
            List<DspamUser> copied = copy.users(users);
            out.println("from " + copy.sourceName() + " to " + copy.targetName() + ": " + copied.size() + " users");
            List<String> refused = existing == StoreCopy.Existing.REFUSE ? copy.refusals(copied) : List.of();
            if (!refused.isEmpty()) {
                refused.forEach(why -> err.println("node copy: " + why));
                err.println("node copy: nothing copied; --replace empties such users in the target first,"
                    + " --merge adds to them");
                return EXIT_FAILURE;
            }
            NodeCopy.Summary summary = copy.copy(copied, existing, user -> out.println(user.user() + ": " + user.tokens()
                + " tokens, " + user.signatures() + " signatures, " + user.preferences() + " preferences"
                + (user.replaced() ? " (replaced)" : user.merged() ? " (merged)" : "")));
            out.println("copied " + summary.store().users() + " users: " + summary.store().tokens() + " tokens, "
                + summary.store().signatures() + " signatures, " + summary.store().defaultPreferences()
                + " default preferences; training ledger: " + summary.ledger().entries() + " trained messages, "
                + summary.ledger().periodicRuns() + " periodic runs, " + summary.ledger().undone() + " undone corrections");
            return EXIT_OK;
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        } catch (DspamStoreException | TrainingLedgerException | UncheckedIOException e) {
            err.println("node copy: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    private static int usage(PrintStream err, String why) {
        err.println("node copy: " + why);
        err.println(USAGE);
        return EXIT_USAGE;
    }

    /** A dspam.properties as James reads it. */
    private static DspamConfiguration read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no file " + file);
        }
        PropertiesConfiguration properties = new PropertiesConfiguration();
        try {
            new FileHandler(properties).load(file.toFile());
        } catch (ConfigurationException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return DspamConfiguration.from(properties);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}

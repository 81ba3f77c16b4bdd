package io.jamesdspam.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.client.DlmtpClient;
import io.jamesdspam.client.DlmtpClientConfiguration;
import io.jamesdspam.client.DlmtpTransaction;
import io.jamesdspam.client.DlmtpTransactionResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.protocol.ProcessModeOptions;

/**
 * A dspamc-style command line for dspamd: sends one message (stdin or a file, LF or CRLF) with
 * dspam's own option spellings and prints what dspamd answered exactly as {@code dspam --client}
 * does: the {@code X-DSPAM-Result:} lines with {@code --deliver=summary} (the default), the
 * tagged message with {@code --stdout} (complete, unlike dspamc, which stops at a lone dot).
 * Any error ends with a one-line reason on stderr and a non-zero exit status.
 */
public final class Dspamc {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NOT_CLASSIFIED = 3;

    private static final String USAGE_TEXT = String.join("\n",
        "usage: java -jar dspamc.jar [--host HOST --port PORT | --socket PATH] --ident IDENT --password PASSWORD",
        "         --user USER [--user USER...]",
        "         [--classify | --process | --source=error|corpus|inoculation --class=spam|innocent [--signature=ID]]",
        "         [--mode=teft|toe|tum|notrain|unlearn] [--feature=LIST] [--deliver=summary|LIST] [--stdout]",
        "         [--properties FILE] [--timeout=SECONDS] [MESSAGE-FILE]",
        "  The message is read from MESSAGE-FILE or stdin; a --signature retrain needs none.",
        "  --properties reads dspamd.* keys (e.g. the mailet's dspam.properties); options given here win.",
        "  Exit status: 0 done, 1 dspamd or connection error, 2 usage error, 3 a user got no result.");

    private Dspamc() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        Invocation invocation;
        DlmtpClientConfiguration configuration;
        DlmtpTransaction transaction;
        try {
            invocation = Invocation.parse(args);
            if (invocation.help) {
                out.println(USAGE_TEXT);
                return OK;
            }
            configuration = invocation.configuration();
            byte[] message = invocation.message(stdin);
            transaction = DlmtpTransaction.of(invocation.options(), invocation.users, message);
        } catch (IllegalArgumentException | IOException e) {
            err.println("dspamc: " + oneLine(e.getMessage()) + " (--help for usage)");
            return USAGE;
        }
        DlmtpTransactionResult result;
        try (DlmtpClient client = DlmtpClient.create(configuration)) {
            result = client.transact(transaction);
        } catch (DspamException e) {
            err.println("dspamc: " + e.kind() + ": " + oneLine(e.getMessage()));
            return FAILED;
        }
        return print(result, out, err);
    }

    private static int print(DlmtpTransactionResult result, PrintStream out, PrintStream err) {
        switch (result.style()) {
            case SUMMARY:
                result.summaryLines().forEach(line -> out.print(line + "\n"));
                break;
            case MESSAGE:
                for (byte[] message : result.returnedMessages()) {
                    out.write(message, 0, message.length);
                }
                break;
            default:
                for (String reply : result.lmtpReplies()) {
                    if (!reply.startsWith("2")) {
                        err.println("dspamc: " + reply);
                        out.flush();
                        return FAILED;
                    }
                }
                out.flush();
                return OK;
        }
        out.flush();
        int status = OK;
        for (UserOutcome outcome : result.outcomes()) {
            if (!outcome.isClassified()) {
                err.println("dspamc: no result for user " + outcome.user() + ": " + oneLine(outcome.reason().orElse("")));
                status = NOT_CLASSIFIED;
            }
        }
        return status;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n]+", " ");
    }

    /** The parsed command line. */
    private static final class Invocation {
        private final Map<String, String> connection = new HashMap<>();
        private final List<DspamUser> users = new ArrayList<>();
        private final Map<String, String> dspamOptions = new LinkedHashMap<>();
        private Optional<String> host = Optional.empty();
        private Optional<String> port = Optional.empty();
        private Optional<String> socket = Optional.empty();
        private Optional<Path> propertiesFile = Optional.empty();
        private Optional<Path> messageFile = Optional.empty();
        private boolean stdout;
        private boolean help;

        static Invocation parse(String[] args) {
            Invocation invocation = new Invocation();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                Optional<String> inline = arg.contains("=") ? Optional.of(arg.substring(arg.indexOf('=') + 1)) : Optional.empty();
                switch (name) {
                    case "--help":
                    case "-h":
                        invocation.help = true;
                        break;
                    case "--host":
                    case "--port":
                    case "--socket":
                    case "--ident":
                    case "--password":
                    case "--user":
                    case "--properties":
                    case "--timeout": {
                        String value = inline.orElseGet(() -> null);
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                throw new IllegalArgumentException(name + " needs a value");
                            }
                            value = args[++i];
                        }
                        invocation.set(name, value);
                        break;
                    }
                    case "--classify":
                    case "--process":
                        invocation.dspamOption(name, arg);
                        break;
                    case "--stdout":
                        invocation.stdout = true;
                        break;
                    case "--source":
                    case "--class":
                    case "--signature":
                    case "--mode":
                    case "--feature":
                    case "--deliver":
                        if (inline.isEmpty()) {
                            throw new IllegalArgumentException(name + " is written " + name + "=VALUE");
                        }
                        invocation.dspamOption(name, arg);
                        break;
                    default:
                        if (arg.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        if (invocation.messageFile.isPresent()) {
                            throw new IllegalArgumentException("only one message file, got " + arg);
                        }
                        invocation.messageFile = Optional.of(Paths.get(arg));
                        break;
                }
            }
            return invocation;
        }

        private void dspamOption(String name, String word) {
            if (dspamOptions.put(name, word) != null) {
                throw new IllegalArgumentException(name + " given twice");
            }
        }

        private void set(String name, String value) {
            switch (name) {
                case "--host":
                    host = Optional.of(value);
                    break;
                case "--port":
                    port = Optional.of(value);
                    break;
                case "--socket":
                    socket = Optional.of(value);
                    break;
                case "--ident":
                    connection.put(DlmtpClientConfiguration.IDENT, value);
                    break;
                case "--password":
                    connection.put(DlmtpClientConfiguration.PASSWORD, value);
                    break;
                case "--user":
                    users.add(DspamUser.of(value));
                    break;
                case "--properties":
                    propertiesFile = Optional.of(Paths.get(value));
                    break;
                default:
                    connection.put(DlmtpClientConfiguration.REPLY_TIMEOUT, value);
                    break;
            }
        }

        DlmtpClientConfiguration configuration() throws IOException {
            Map<String, String> settings = new HashMap<>();
            if (propertiesFile.isPresent()) {
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(propertiesFile.get(), StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
                for (String key : properties.stringPropertyNames()) {
                    if (key.startsWith(DlmtpClientConfiguration.PREFIX)) {
                        settings.put(key, properties.getProperty(key).trim());
                    }
                }
            }
            if (socket.isPresent() && (host.isPresent() || port.isPresent())) {
                throw new IllegalArgumentException("--socket excludes --host and --port");
            }
            if (socket.isPresent()) {
                settings.put(DlmtpClientConfiguration.ENDPOINTS, socket.get().startsWith("/") ? socket.get()
                    : Paths.get(socket.get()).toAbsolutePath().toString());
            } else if (host.isPresent() || port.isPresent()) {
                if (host.isEmpty()) {
                    throw new IllegalArgumentException("--port needs --host");
                }
                String h = host.get().contains(":") ? "[" + host.get() + "]" : host.get();
                settings.put(DlmtpClientConfiguration.ENDPOINTS, h + ":" + port.orElse("24"));
            }
            settings.putAll(connection);
            if (!settings.containsKey(DlmtpClientConfiguration.ENDPOINTS)) {
                throw new IllegalArgumentException("where is dspamd? give --host HOST --port PORT or --socket PATH");
            }
            settings.put(DlmtpClientConfiguration.POOL_SIZE, "1");
            return DlmtpClientConfiguration.from(settings);
        }

        /** The DSPAMPROCESSMODE words, in dspam's order; validated by {@link DlmtpTransaction}. */
        List<String> options() {
            if (users.isEmpty()) {
                throw new IllegalArgumentException("at least one --user is required");
            }
            List<String> words = new ArrayList<>();
            boolean training = dspamOptions.containsKey("--source") || dspamOptions.containsKey("--class");
            if (!training && !dspamOptions.containsKey("--classify")) {
                words.add(dspamOptions.getOrDefault("--process", ProcessModeOptions.PROCESS));
            }
            for (String name : List.of("--classify", "--source", "--class", "--signature", "--mode", "--feature")) {
                if (dspamOptions.containsKey(name)) {
                    words.add(dspamOptions.get(name));
                }
            }
            if (training && dspamOptions.containsKey("--process")) {
                throw new IllegalArgumentException("--process cannot be combined with --source/--class");
            }
            if (dspamOptions.containsKey("--deliver")) {
                words.add(dspamOptions.get("--deliver"));
            } else {
                words.add(stdout ? ProcessModeOptions.DELIVER + "innocent,spam" : ProcessModeOptions.DELIVER_SUMMARY);
            }
            if (stdout) {
                words.add(ProcessModeOptions.STDOUT);
            }
            return words;
        }

        byte[] message(InputStream stdin) throws IOException {
            byte[] message;
            if (messageFile.isPresent()) {
                message = Files.readAllBytes(messageFile.get());
            } else if (dspamOptions.containsKey("--signature")) {
                return DlmtpTransaction.signatureOnlyMessage();
            } else {
                message = stdin.readAllBytes();
            }
            if (message.length == 0) {
                throw new IllegalArgumentException("the message is empty (dspamd refuses empty messages)");
            }
            return message;
        }
    }
}

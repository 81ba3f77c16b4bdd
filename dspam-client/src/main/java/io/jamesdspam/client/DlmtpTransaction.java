package io.jamesdspam.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import io.jamesdspam.model.DspamFeature;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.protocol.ProcessModeOptions;

/**
 * One DLMTP transaction as it goes on the wire: the DSPAMPROCESSMODE option words, the users
 * (one {@code RCPT TO} each) and the message.
 *
 * <p>Option words are checked here, before anything is sent, against a list of the options a
 * client may use (docs/PROTOCOL.md §5.2): an unknown word would be handed to dspamd's delivery agent,
 * {@code --help}/{@code --version} terminate the whole daemon, a space or quote would change the
 * meaning of the string and a value over 255 bytes is silently truncated. dspamd's consistency
 * rules are checked as well, since breaking them makes dspamd close the connection.
 */
public final class DlmtpTransaction {
    /**
     * What is sent as DATA when only a signature matters (retraining by signature): dspamd
     * insists on a non-empty message but ignores its content (transcript 06).
     */
    private static final byte[] SIGNATURE_ONLY_MESSAGE = "X-Retrain: by-signature\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final Set<String> DELIVER_WORDS = Set.of("innocent", "nonspam", "spam", "summary", "stdout");

    private final List<String> options;
    private final List<DspamUser> users;
    private final byte[] message;
    private final ResultStyle resultStyle;
    private final boolean mayLearn;

    private DlmtpTransaction(List<String> options, List<DspamUser> users, byte[] message) {
        this.options = List.copyOf(options);
        this.users = List.copyOf(users);
        this.message = message;
        if (this.users.isEmpty()) {
            throw new IllegalArgumentException("A DLMTP transaction needs at least one user");
        }
        if (new LinkedHashSet<>(this.users).size() != this.users.size()) {
            throw new IllegalArgumentException("A DLMTP transaction names the same user twice: " + this.users);
        }
        if (message.length == 0) {
            throw new IllegalArgumentException("dspamd aborts on an empty message and closes the connection;"
                + " refusing to send one");
        }
        OptionSummary summary = OptionSummary.check(this.options);
        this.resultStyle = summary.style;
        this.mayLearn = !summary.classify;
    }

    /**
     * A transaction with explicit option words (without quotes), e.g. {@code --classify},
     * {@code --deliver=summary}. An empty list sends no DSPAMPROCESSMODE at all (dspamd's defaults:
     * process, LMTP replies).
     *
     * @throws IllegalArgumentException naming the offending word or rule
     */
    public static DlmtpTransaction of(List<String> options, List<DspamUser> users, byte[] message) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(message, "message");
        return new DlmtpTransaction(options, users, message);
    }

    /** The transaction for a {@link DspamRequest}: its option words, always with summary output. */
    public static DlmtpTransaction of(DspamRequest request) {
        return of(ProcessModeOptions.arguments(request), request.users(), messageFor(request));
    }

    /**
     * The transaction for a {@link DspamRequest} that also returns the tagged message
     * ({@code --deliver=innocent,spam --stdout} instead of {@code --deliver=summary}, docs/PROTOCOL.md
     * §5.3); one user, since dspamd concatenates the copies of several users without separator.
     */
    public static DlmtpTransaction returningMessage(DspamRequest request) {
        if (request.users().size() != 1) {
            throw new IllegalArgumentException("A request returning the tagged message takes exactly one user, got "
                + request.users());
        }
        if (request.operation() == DspamRequest.Operation.CLASSIFY) {
            throw new IllegalArgumentException("dspamd never returns the message for --classify");
        }
        List<String> options = new ArrayList<>(ProcessModeOptions.arguments(request));
        options.remove(ProcessModeOptions.DELIVER_SUMMARY);
        options.add(ProcessModeOptions.DELIVER + "innocent,spam");
        options.add(ProcessModeOptions.STDOUT);
        return of(options, request.users(), messageFor(request));
    }

    /** The dummy message sent when only a signature matters (a copy). */
    public static byte[] signatureOnlyMessage() {
        return SIGNATURE_ONLY_MESSAGE.clone();
    }

    private static byte[] messageFor(DspamRequest request) {
        if (request.signature().isPresent() && request.message().length == 0) {
            return SIGNATURE_ONLY_MESSAGE.clone();
        }
        return request.message();
    }

    public List<String> options() {
        return options;
    }

    /** The DSPAMPROCESSMODE value, empty when no option is sent. */
    public String optionValue() {
        return String.join(" ", options);
    }

    public List<DspamUser> users() {
        return users;
    }

    public byte[] message() {
        return message;
    }

    public ResultStyle resultStyle() {
        return resultStyle;
    }

    /** Whether the options are {@code --classify}: the one case where upstream may answer nothing (§6.5). */
    public boolean isClassifyOnly() {
        return options.contains(ProcessModeOptions.CLASSIFY);
    }

    /** Whether dspamd may change a dictionary: such a transaction is never sent twice. */
    public boolean mayLearn() {
        return mayLearn;
    }

    @Override
    public String toString() {
        return "DlmtpTransaction{options=\"" + optionValue() + "\", users=" + users + ", message=" + message.length + " bytes}";
    }

    /** The option words checked one by one and together. */
    private static final class OptionSummary {
        private boolean classify;
        private boolean process;
        private boolean stdout;
        private final Set<String> deliver = new HashSet<>();
        private boolean hasClass;
        private boolean hasSource;
        private TrainingMode mode;
        private ResultStyle style;

        static OptionSummary check(List<String> options) {
            OptionSummary summary = new OptionSummary();
            Set<String> seenNames = new HashSet<>();
            for (String word : options) {
                Objects.requireNonNull(word, "option word");
                checkCharacters(word);
                String name = word.contains("=") ? word.substring(0, word.indexOf('=') + 1) : word;
                if (!seenNames.add(name)) {
                    throw new IllegalArgumentException("DSPAM option given twice: '" + name + "'");
                }
                summary.accept(word, name);
            }
            String value = String.join(" ", options);
            if (value.getBytes(StandardCharsets.US_ASCII).length > ProcessModeOptions.MAX_VALUE_BYTES) {
                throw new IllegalArgumentException("DSPAMPROCESSMODE value is " + value.length()
                    + " bytes; dspamd silently truncates above " + ProcessModeOptions.MAX_VALUE_BYTES + ": " + value);
            }
            summary.checkConsistency();
            summary.style = summary.resultStyle();
            return summary;
        }

        private static void checkCharacters(String word) {
            if (!word.startsWith("--") || word.length() < 3) {
                throw new IllegalArgumentException("Not a DSPAM option: '" + word + "'");
            }
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                if (c <= ' ' || c >= 0x7f || c == '"' || c == '\\') {
                    throw new IllegalArgumentException("DSPAM option '" + word
                        + "' contains a space, quote, backslash, control or non-ASCII character");
                }
            }
        }

        private void accept(String word, String name) {
            String value = word.substring(name.length());
            switch (name) {
                case ProcessModeOptions.CLASSIFY:
                    classify = true;
                    break;
                case ProcessModeOptions.PROCESS:
                    process = true;
                    break;
                case ProcessModeOptions.STDOUT:
                    stdout = true;
                    break;
                case ProcessModeOptions.DELIVER:
                    for (String item : value.split(",", -1)) {
                        if (!DELIVER_WORDS.contains(item.toLowerCase(Locale.ROOT))) {
                            throw new IllegalArgumentException("Unknown --deliver item '" + item + "' in '" + word
                                + "' (expected innocent, spam, summary or stdout)");
                        }
                        deliver.add(item.toLowerCase(Locale.ROOT).equals("nonspam") ? "innocent" : item.toLowerCase(Locale.ROOT));
                    }
                    break;
                case ProcessModeOptions.CLASS:
                    TrainingClass.parse(value);
                    hasClass = true;
                    break;
                case ProcessModeOptions.SOURCE:
                    TrainingSource.parse(value);
                    hasSource = true;
                    break;
                case ProcessModeOptions.SIGNATURE:
                    Signature.of(value);
                    break;
                case ProcessModeOptions.MODE:
                    mode = TrainingMode.parse(value);
                    break;
                case ProcessModeOptions.FEATURE:
                    Arrays.stream(value.split(",", -1)).forEach(DspamFeature::parse);
                    break;
                default:
                    throw new IllegalArgumentException("DSPAM option '" + word + "' is not one a client may send"
                        + " (allowed: --classify, --process, --deliver=, --stdout, --class=, --source=, --signature=,"
                        + " --mode=, --feature=)");
            }
        }

        private void checkConsistency() {
            if (classify && process) {
                throw new IllegalArgumentException("--classify and --process exclude each other");
            }
            if (classify && (hasClass || hasSource)) {
                throw new IllegalArgumentException("--classify cannot be combined with --class or --source");
            }
            if (hasSource && !hasClass) {
                throw new IllegalArgumentException("--source needs --class");
            }
            if (hasClass && !hasSource && mode != TrainingMode.UNLEARN) {
                throw new IllegalArgumentException("--class needs --source");
            }
            if (deliver.contains("stdout")) {
                deliver.remove("stdout");
                deliver.add("innocent");
                deliver.add("spam");
                stdout = true;
            }
            if (!classify && stdout && deliver.contains("summary")) {
                throw new IllegalArgumentException("--stdout with summary output interleaves summary lines and"
                    + " message copies; ask for one or the other");
            }
            if (!classify && stdout && !(deliver.contains("innocent") && deliver.contains("spam"))) {
                throw new IllegalArgumentException("--stdout needs --deliver=innocent,spam: otherwise dspamd answers"
                    + " with the message or an LMTP reply depending on the verdict");
            }
        }

        private ResultStyle resultStyle() {
            if (classify || deliver.contains("summary")) {
                return ResultStyle.SUMMARY;
            }
            return stdout ? ResultStyle.MESSAGE : ResultStyle.LMTP_REPLIES;
        }
    }
}

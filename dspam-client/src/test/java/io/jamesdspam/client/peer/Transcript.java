package io.jamesdspam.client.peer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jamesdspam.client.DlmtpTransaction;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.SharedDirectory;

/**
 * A transcript of {@code docs/transcripts} read back into bytes: one {@link Script}
 * per recorded connection ("C:" lines become what the peer expects, "S:" lines what it sends,
 * "server closed" a close, a truncation note a skip), and the transactions the client side
 * ran, so that a test can make the client run them again.
 */
public final class Transcript {
    private static final Pattern LINE = Pattern.compile("(?:\\[[0-9.]+\\] )?([CS]): (.*)");
    private static final Pattern EVENT = Pattern.compile("(?:\\[[0-9.]+\\] )?-- (.*)");
    private static final Pattern ESCAPE = Pattern.compile("<(CR|LF|TAB|[0-9A-F]{2})>");
    private static final Pattern MAIL_FROM = Pattern.compile("MAIL FROM: ?<[^>]*>(?: DSPAMPROCESSMODE=\"(.*)\")?\r?\n");
    private static final Pattern RCPT_TO = Pattern.compile("RCPT TO: ?<(.*)>\r?\n");

    private final String name;
    private final List<Script> sessions;
    private final List<String> printed;

    private Transcript(String name, List<Script> sessions, List<String> printed) {
        this.name = name;
        this.sessions = sessions;
        this.printed = printed;
    }

    /** For the official-client transcripts (32*): what dspamc printed, the exit status line excluded. */
    public List<String> printed() {
        return printed;
    }

    /** Loads the transcript whose file name starts with {@code prefix}, e.g. {@code "02-"}. */
    public static Transcript load(String prefix) {
        try (var files = Files.list(SharedDirectory.transcripts())) {
            Path file = files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No transcript " + prefix));
            return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Transcript parse(String name, String text) {
        List<Script> sessions = new ArrayList<>();
        List<Step> current = new ArrayList<>();
        List<String> printed = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# | ")) {
                if (!line.startsWith("# | exit status")) {
                    printed.add(line.substring(4));
                }
                continue;
            }
            if (line.startsWith("# --- connection")) {
                if (!current.isEmpty()) {
                    sessions.add(new Script(current, true));
                }
                current = new ArrayList<>();
                continue;
            }
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (line.startsWith("... [record truncated")) {
                current.add(Step.skip());
                continue;
            }
            Matcher event = EVENT.matcher(line);
            if (event.matches()) {
                if (event.group(1).contains("server closed")) {
                    current.add(Step.close());
                }
                continue;
            }
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                throw new IllegalArgumentException(name + ": cannot read line '" + line + "'");
            }
            byte[] bytes = decode(matcher.group(2));
            current.add(matcher.group(1).equals("C") ? Step.expect(bytes) : Step.send(bytes));
        }
        if (!current.isEmpty()) {
            sessions.add(new Script(current, true));
        }
        return new Transcript(name, sessions, printed);
    }

    static byte[] decode(String escaped) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher matcher = ESCAPE.matcher(escaped);
        int from = 0;
        while (matcher.find()) {
            out.writeBytes(escaped.substring(from, matcher.start()).getBytes(StandardCharsets.UTF_8));
            String token = matcher.group(1);
            switch (token) {
                case "CR":
                    out.write('\r');
                    break;
                case "LF":
                    out.write('\n');
                    break;
                case "TAB":
                    out.write('\t');
                    break;
                default:
                    out.write(Integer.parseInt(token, 16));
                    break;
            }
            from = matcher.end();
        }
        out.writeBytes(escaped.substring(from).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    public String name() {
        return name;
    }

    public List<Script> sessions() {
        return sessions;
    }

    public Script session(int index) {
        return sessions.get(index);
    }

    /** The only session of a single-connection transcript. */
    public Script script() {
        if (sessions.size() != 1) {
            throw new IllegalStateException(name + " has " + sessions.size() + " connections");
        }
        return sessions.get(0);
    }

    /**
     * The transactions the recorded client ran in {@code session}: options from MAIL FROM, users
     * from RCPT TO, and the message un-dot-stuffed from the DATA lines (with their own line
     * endings). A truncated message is not reproducible and is refused.
     */
    public static List<DlmtpTransaction> transactions(Script session) {
        List<DlmtpTransaction> transactions = new ArrayList<>();
        List<String> options = null;
        List<DspamUser> users = new ArrayList<>();
        ByteArrayOutputStream message = null;
        for (Step step : session.steps()) {
            if (message != null) {
                if (step.type() == Step.Type.SKIP) {
                    throw new IllegalArgumentException("The message was truncated in the record");
                }
                if (step.type() != Step.Type.EXPECT) {
                    continue;
                }
                byte[] line = step.bytes();
                String text = step.text();
                if (text.equals(".\r\n") || text.equals(".\n")) {
                    transactions.add(DlmtpTransaction.of(options, users, message.toByteArray()));
                    options = null;
                    users = new ArrayList<>();
                    message = null;
                    continue;
                }
                int offset = line.length > 1 && line[0] == '.' ? 1 : 0;
                message.write(line, offset, line.length - offset);
                continue;
            }
            if (step.type() != Step.Type.EXPECT) {
                continue;
            }
            String text = step.text();
            Matcher mail = MAIL_FROM.matcher(text);
            Matcher rcpt = RCPT_TO.matcher(text);
            if (mail.matches()) {
                options = mail.group(1) == null ? List.of() : words(mail.group(1));
                users = new ArrayList<>();
            } else if (rcpt.matches()) {
                users.add(DspamUser.of(rcpt.group(1)));
            } else if (text.equals("DATA\r\n") || text.equals("DATA\n")) {
                message = new ByteArrayOutputStream();
            }
        }
        return transactions;
    }

    private static List<String> words(String value) {
        List<String> words = new ArrayList<>();
        for (String word : value.trim().split(" +")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /**
     * A session recorded with everything pipelined (24) put back into cause-and-effect order for
     * a client that waits for 354 before sending the message: greeting, LHLO and its reply, then
     * per transaction the commands, their replies, the message and the result.
     */
    public static Script causalOrder(Script session) {
        List<Step> client = new ArrayList<>();
        List<Step> server = new ArrayList<>();
        for (Step step : session.steps()) {
            if (step.type() == Step.Type.EXPECT) {
                client.add(step);
            } else if (step.type() == Step.Type.SEND) {
                server.add(step);
            }
        }
        List<Step> ordered = new ArrayList<>();
        int c = 0;
        int s = 0;
        ordered.add(server.get(s++));
        ordered.add(client.get(c++));
        while (server.get(s).text().startsWith("250-")) {
            ordered.add(server.get(s++));
        }
        ordered.add(server.get(s++));
        while (c < client.size()) {
            int commands = 0;
            while (true) {
                Step command = client.get(c++);
                ordered.add(command);
                commands++;
                if (command.text().startsWith("DATA") || command.text().startsWith("QUIT")) {
                    break;
                }
            }
            for (int i = 0; i < commands; i++) {
                ordered.add(server.get(s++));
            }
            if (ordered.get(ordered.size() - 1).text().startsWith("221")) {
                break;
            }
            while (true) {
                Step line = client.get(c++);
                ordered.add(line);
                if (line.text().equals(".\r\n")) {
                    break;
                }
            }
            while (true) {
                Step line = server.get(s++);
                ordered.add(line);
                if (line.text().equals(".\r\n")) {
                    break;
                }
            }
        }
        ordered.add(Step.close());
        return new Script(ordered, true);
    }

    @Override
    public String toString() {
        return name;
    }
}

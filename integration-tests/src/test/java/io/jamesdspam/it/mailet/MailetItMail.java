package io.jamesdspam.it.mailet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.net.MalformedServerReplyException;
import org.apache.james.GuiceJamesServer;
import org.apache.james.core.Username;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.modules.MailboxProbeImpl;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.SMTPMessageSender;
import org.apache.james.utils.SpoolerProbe;
import org.apache.james.utils.TestIMAPClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Sending over SMTP, reading over IMAP, provisioning users: the steps every mailet IT repeats. */
public final class MailetItMail {
    public static final String DOMAIN = "example.org";
    public static final String PASSWORD = "secret";
    public static final String SENDER = "sender@elsewhere.net";
    static final ConditionFactory AWAIT = Awaitility.await().atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100));
    private static final Pattern HEADER_LINE = Pattern.compile("(?im)^([A-Za-z0-9._-]+):[ \\t]*(.*)$");

    private MailetItMail() {
    }

    /** Adds the domain (once) and the users, each with a Spam folder. */
    public static void provision(GuiceJamesServer server, String domain, String... users) throws Exception {
        DataProbeImpl data = server.getProbe(DataProbeImpl.class);
        if (!data.containsDomain(domain)) {
            data.addDomain(domain);
        }
        for (String user : users) {
            data.addUser(user, PASSWORD);
            server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.forUser(Username.of(user), "Spam"));
            server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.inbox(Username.of(user)));
        }
    }

    public static SMTPMessageSender smtp(GuiceJamesServer server) throws IOException {
        return new SMTPMessageSender(DOMAIN).connect("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort());
    }

    /** Sends raw message bytes as they are (Latin-1 keeps every byte). */
    public static void send(SMTPMessageSender smtp, List<String> recipients, byte[] message) throws IOException {
        smtp.sendMessageWithHeaders(SENDER, recipients, new String(message, StandardCharsets.ISO_8859_1));
    }

    public static void send(SMTPMessageSender smtp, String recipient, String message) throws IOException {
        smtp.sendMessageWithHeaders(SENDER, List.of(recipient), message);
    }

    public static String textMessage(String subject, String body, String... extraHeaders) {
        StringBuilder message = new StringBuilder();
        for (String header : extraHeaders) {
            message.append(header).append("\r\n");
        }
        return message.append("From: ").append(SENDER).append("\r\n")
            .append("Subject: ").append(subject).append("\r\n")
            .append("Message-ID: <").append(Math.abs((subject + body).hashCode())).append("@elsewhere.net>\r\n")
            .append("\r\n").append(body).append("\r\n").toString();
    }

    /** Prepends a header line to raw message bytes. */
    public static byte[] withHeader(String headerLine, byte[] message) {
        byte[] header = (headerLine + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[header.length + message.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(message, 0, all, header.length, message.length);
        return all;
    }

    /** Waits until the spool has nothing left; generous because spamd and a loaded CI machine are slow. */
    public static void awaitSpoolEmpty(GuiceJamesServer server) {
        Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() -> server.getProbe(SpoolerProbe.class).processingFinished());
    }

    /**
     * Sends one mail to {@code user} and waits until it is in one of {@code mailboxes}, so that a
     * test whose mails learn from each other (autolearn) learns them in the order sent: with
     * several spool threads the order, and so DSPAM's later verdicts, would vary from run to run.
     * (The spooler probe cannot tell: it counts mails being processed, not mails still queued.)
     */
    public static void sendAndAwaitDelivery(GuiceJamesServer server, SMTPMessageSender smtp, String user, byte[] message,
                                            List<String> mailboxes) throws IOException {
        long before = count(server, user, mailboxes);
        send(smtp, List.of(user), message);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofMillis(20)).pollInterval(Duration.ofMillis(50))
            .until(() -> count(server, user, mailboxes) > before);
    }

    public static TestIMAPClient imap(GuiceJamesServer server, String user) throws IOException {
        TestIMAPClient imap = new TestIMAPClient();
        imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(user, PASSWORD);
        return imap;
    }

    /** The raw header block of the first message of {@code mailbox}, once there is one. */
    static String firstMessageHeaders(GuiceJamesServer server, String user, String mailbox) throws IOException {
        try (TestIMAPClient imap = imap(server, user)) {
            imap.select(mailbox).awaitMessage(AWAIT);
            return imap.readFirstMessageHeaders();
        }
    }

    /** The header block of the last message of {@code mailbox} (the one delivered last). */
    static String lastMessageHeaders(GuiceJamesServer server, String user, String mailbox) throws IOException {
        try (TestIMAPClient imap = imap(server, user)) {
            imap.select(mailbox).awaitMessage(AWAIT);
            return imap.sendCommand("FETCH * (BODY.PEEK[HEADER])");
        }
    }

    /** The requested header fields of every message of {@code mailbox}, one block per message. */
    public static List<String> headersOfEveryMessage(GuiceJamesServer server, String user, String mailbox, String... fields)
            throws IOException {
        try {
            return fetchHeadersOfEveryMessage(server, user, mailbox, fields);
        } catch (MalformedServerReplyException e) {
            // commons-net's IMAP reply reader lost its place in a FETCH of literals once in CI (a lone
            // ")" taken for a reply); the mailbox does not change after delivery, so reading it again
            // on a new connection reads the same thing. A second failure is reported as it is.
            return fetchHeadersOfEveryMessage(server, user, mailbox, fields);
        }
    }

    private static List<String> fetchHeadersOfEveryMessage(GuiceJamesServer server, String user, String mailbox, String... fields)
            throws IOException {
        try (TestIMAPClient imap = imap(server, user)) {
            imap.select(mailbox);
            if (imap.getMessageCount(mailbox) == 0) {
                return List.of();
            }
            String reply = imap.sendCommand("FETCH 1:* (BODY.PEEK[HEADER.FIELDS (" + String.join(" ", fields) + ")])");
            List<String> blocks = new ArrayList<>();
            for (String block : reply.split("(?m)^\\* \\d+ FETCH ")) {
                if (block.contains("BODY[HEADER.FIELDS")) {
                    blocks.add(block);
                }
            }
            return blocks;
        }
    }

    public static long count(GuiceJamesServer server, String user, String mailbox) throws IOException {
        return count(server, user, List.of(mailbox));
    }

    /** The messages in all of {@code mailboxes}, read over one IMAP connection. */
    public static long count(GuiceJamesServer server, String user, List<String> mailboxes) throws IOException {
        try (TestIMAPClient imap = imap(server, user)) {
            long total = 0;
            for (String mailbox : mailboxes) {
                total += imap.getMessageCount(mailbox);
            }
            return total;
        }
    }

    /** Every value of {@code name} in a header block (case-insensitive name). */
    public static List<String> headerValues(String headers, String name) {
        Matcher matcher = HEADER_LINE.matcher(headers);
        List<String> values = new ArrayList<>();
        while (matcher.find()) {
            if (matcher.group(1).equalsIgnoreCase(name)) {
                values.add(matcher.group(2).trim());
            }
        }
        return values;
    }
}

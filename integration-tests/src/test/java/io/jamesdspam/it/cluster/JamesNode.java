package io.jamesdspam.it.cluster;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.restassured.path.json.JsonPath;
import org.apache.james.util.Port;
import org.apache.james.utils.SMTPMessageSender;
import org.apache.james.utils.TestIMAPClient;

import io.jamesdspam.it.mailet.MailetItMail;
import io.jamesdspam.it.ship.ExternalProcess;
import io.jamesdspam.it.ship.FreePorts;
import io.jamesdspam.it.ship.SampleConf;
import io.jamesdspam.it.ship.ShipPaths;
import io.jamesdspam.it.ship.StockJames;

/**
 * One node of a James cluster as an operator deploys it: a stock James 3.8.1 (memory server) in
 * its own JVM and working directory, the sample configuration on ports of its own, and the
 * assembly's {@code extensions-jars/} (the drop-in jar, the pool and the JDBC drivers). Its
 * mailboxes and users are its own; what DSPAM learns lives in the database named by the
 * {@code dspam.properties} keys it was given. JMX stays off as in the sample (no port to share).
 */
final class JamesNode implements AutoCloseable {
    static final String PASSWORD = "secret";

    private final String name;
    private final Path home;
    private final int smtpPort;
    private final int imapPort;
    private final int webAdminPort;
    private ExternalProcess process;

    private JamesNode(String name, Path home, int smtpPort, int imapPort, int webAdminPort) {
        this.name = name;
        this.home = home;
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.webAdminPort = webAdminPort;
    }

    /** Fills {@code home} (sample conf on free ports, the assembly's extension jars) with these storage keys. */
    static JamesNode deploy(String name, Path home, Map<String, String> storageProperties) throws IOException {
        JamesNode node = new JamesNode(name, home, FreePorts.next(), FreePorts.next(), FreePorts.next());
        SampleConf conf = StockJames.deployInto(home, node.smtpPort, node.imapPort, node.webAdminPort);
        Path extensions = home.resolve("extensions-jars");
        try (Stream<Path> jars = Files.list(ShipPaths.assembly().resolve("extensions-jars"))) {
            for (Path jar : jars.collect(Collectors.toList())) {
                if (!Files.exists(extensions.resolve(jar.getFileName()))) {
                    Files.copy(jar, extensions.resolve(jar.getFileName()));
                }
            }
        }
        String storage = storageProperties.entrySet().stream()
            .map(entry -> entry.getKey() + "=" + entry.getValue())
            .collect(Collectors.joining("\n", "embedded.directory=var/dspam\n", ""));
        conf.replace("dspam.properties", "(?m)^embedded\\.directory=.*$", storage);
        return node;
    }

    /** Starts James and waits until it says it started. */
    void start() throws IOException {
        process = StockJames.start(home);
    }

    /** Creates the domain (once) and the user with an INBOX and a Spam mailbox. */
    void createUser(String address) {
        String domain = address.substring(address.indexOf('@') + 1);
        given().port(webAdminPort).put("/domains/" + domain).then().statusCode(204);
        given().port(webAdminPort).contentType("application/json").body("{\"password\":\"" + PASSWORD + "\"}")
            .put("/users/" + address).then().statusCode(204);
        given().port(webAdminPort).put("/users/" + address + "/mailboxes/Spam").then().statusCode(204);
        given().port(webAdminPort).put("/users/" + address + "/mailboxes/INBOX").then().statusCode(204);
    }

    SMTPMessageSender smtp() throws IOException {
        return new SMTPMessageSender("elsewhere.net").connect("127.0.0.1", Port.of(smtpPort));
    }

    /** Sends the raw bytes (Latin-1 keeps every byte) to one recipient. */
    void send(SMTPMessageSender smtp, String recipient, byte[] message) throws IOException {
        MailetItMail.send(smtp, List.of(recipient), message);
    }

    TestIMAPClient imap(String user) throws IOException {
        TestIMAPClient imap = new TestIMAPClient();
        imap.connect("127.0.0.1", imapPort).login(user, PASSWORD);
        return imap;
    }

    /** The requested header fields of every message in {@code mailbox}, one block per message. */
    List<String> headers(String user, String mailbox, String... fields) throws IOException {
        try (TestIMAPClient imap = imap(user)) {
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

    /**
     * Trains a message through WebAdmin ({@code POST /dspam/users/{user}/messages}, corpus source);
     * true when DSPAM says it learned it.
     */
    boolean train(String user, String trainingClass, byte[] message) {
        return given().port(webAdminPort).contentType("message/rfc822").body(message)
            .queryParam("class", trainingClass)
            .post("/dspam/users/" + user + "/messages")
            .then().statusCode(200).extract().jsonPath().getBoolean("trained");
    }

    /** {@code GET /dspam/users/{user}/statistics}: what this node reads of the shared dictionary. */
    JsonPath statistics(String user) {
        return given().port(webAdminPort).get("/dspam/users/" + user + "/statistics")
            .then().statusCode(200).extract().jsonPath();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    @Override
    public String toString() {
        return "node " + name + " (SMTP " + smtpPort + ", IMAP " + imapPort + ", WebAdmin " + webAdminPort + ", " + home + ")";
    }
}

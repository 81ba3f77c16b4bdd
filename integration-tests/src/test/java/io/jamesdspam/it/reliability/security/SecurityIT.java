package io.jamesdspam.it.reliability.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.restassured.specification.RequestSpecification;
import org.apache.james.GuiceJamesServer;
import org.apache.james.JamesServerExtension;
import org.apache.james.core.Username;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.modules.MailboxProbeImpl;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.modules.protocols.SmtpGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.SMTPMessageSender;
import org.apache.james.utils.TestIMAPClient;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.it.reliability.ReliabilityReport;
import io.jamesdspam.it.ship.SampleConf;

/**
 * Security scenarios on James booted from the sample configuration with WebAdmin's JWT switched
 * on (the sample's production advice): hostile user names through every DSPAM route (nothing
 * written outside the store, never a 5xx, case variants reaching the one canonical dictionary),
 * the routes closed without an admin token, and another user's signature never training its
 * owner — neither through the retrain route nor through a forged header moved to Spam.
 */
class SecurityIT {
    private static final String DOMAIN = "example.org";
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String BOB = "bob@" + DOMAIN;
    private static final String PASSWORD = "secret";
    private static final String MARKER = "pwned";
    private static final Pattern SIGNATURE = Pattern.compile("(?im)^X-DSPAM-Signature: *([0-9a-f,]+)");
    private static final KeyPair JWT_KEYS = rsaKeys();
    private static final KeyPair OTHER_KEYS = rsaKeys();
    private static Path workingDirectory;

    @RegisterExtension
    static JamesServerExtension james = SampleConf.server(directory -> {
        workingDirectory = directory;
        SampleConf conf = SampleConf.copyInto(directory).ports(0, 0, 0);
        Files.writeString(conf.directory().resolve("jwt_publickey"), pem(JWT_KEYS), StandardCharsets.US_ASCII);
        conf.replace("webadmin.properties", "(?m)^enabled=true$",
            "enabled=true\njwt.enabled=true\njwt.publickeypem.url=file://conf/jwt_publickey");
    });

    @BeforeAll
    static void provision(GuiceJamesServer server) throws Exception {
        server.getProbe(DataProbeImpl.class).fluent().addDomain(DOMAIN).addUser(ALICE, PASSWORD).addUser(BOB, PASSWORD);
        for (String user : List.of(ALICE, BOB)) {
            server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.forUser(Username.of(user), "Spam"));
            server.getProbe(MailboxProbeImpl.class).createMailbox(MailboxPath.inbox(Username.of(user)));
        }
    }

    @Test
    void hostileNamesThroughEveryRouteAreRefusedAndWriteNothingOutsideTheStore(GuiceJamesServer server) throws IOException {
        List<String> names = List.of("..%2F..%2F" + MARKER, "..", "%2E%2E", "a%2Fb%40" + DOMAIN, "alice%00" + MARKER + "%40" + DOMAIN,
            MARKER + "%0D%0AX-Injected:%20yes%40" + DOMAIN, "u".repeat(5000) + "%40" + DOMAIN, "-x%40" + DOMAIN, "%40" + DOMAIN,
            "..%5C..%5C" + MARKER, "%2F" + MARKER, "nobody%40" + DOMAIN, "alice%2B..%2F" + MARKER + "%40" + DOMAIN);
        List<String> violations = new ArrayList<>();
        int probes = 0;
        for (String name : names) {
            for (Probe probe : Probe.values()) {
                probes++;
                int status = probe.send(admin(server), name);
                if (status != 400 && status != 404) {
                    violations.add(probe + " " + name.substring(0, Math.min(60, name.length())) + " answered " + status);
                }
            }
        }
        List<Path> escaped = pathsContaining(workingDirectory.getParent(), MARKER);
        escaped.forEach(path -> violations.add("written outside the store: " + path));
        List<String> storeUsers = storeDirectoryNames();
        storeUsers.stream().filter(name -> name.contains(MARKER)).forEach(name -> violations.add("store user " + name));

        ReliabilityReport.Scenario scenario = new ReliabilityReport.Scenario("hostile user names (WebAdmin, store)",
            ReliabilityReport.Kind.SECURITY)
            .inputs(probes)
            .crashes(violations.size())
            .figure("routes", Probe.values().length)
            .figure("names", names.size())
            .note("every probe answered 400 or 404; no file named after a hostile name anywhere under James's home");
        violations.forEach(scenario::note);
        scenario.recordAndAssertClean();
    }

    @Test
    void caseVariantsOfOneAddressReachOneDictionary(GuiceJamesServer server) throws IOException {
        String answer = admin(server).get("/dspam/users/ALICE%40EXAMPLE.ORG/statistics")
            .then().statusCode(200).extract().body().asString();
        assertThat(answer).contains("\"dspamUser\":\"" + ALICE + "\"");
        long before = spamLearned(server, ALICE);
        admin(server).queryParam("class", "spam").body("Subject: variant\r\n\r\nbuy cheap pills\r\n")
            .post("/dspam/users/Alice%40Example.Org/messages").then().statusCode(200);
        assertThat(spamLearned(server, ALICE)).isEqualTo(before + 1);
        assertThat(storeDirectoryNames()).noneMatch(name -> !name.equals(name.toLowerCase()) && name.contains("lice"));
    }

    @Test
    void withoutAnAdminTokenEveryDspamRouteIsClosed(GuiceJamesServer server) {
        List<String> violations = new ArrayList<>();
        List<RequestSpecification> strangers = List.of(
            webAdmin(server),
            webAdmin(server).header("Authorization", "Bearer " + token(OTHER_KEYS, true)),
            webAdmin(server).header("Authorization", "Bearer " + token(JWT_KEYS, false)),
            webAdmin(server).header("Authorization", "Bearer not.a.token"));
        int probes = 0;
        for (RequestSpecification stranger : strangers) {
            for (Probe probe : Probe.values()) {
                probes++;
                int status = probe.send(stranger, ALICE);
                if (status != 401) {
                    violations.add(probe + " without a valid admin token answered " + status);
                }
            }
            probes += 2;
            int training = stranger.post("/dspam/training").statusCode();
            int purge = stranger.post("/dspam/purge").statusCode();
            if (training != 401 || purge != 401) {
                violations.add("tasks without a valid admin token answered " + training + "/" + purge);
            }
        }
        assertThat(Probe.STATISTICS.send(admin(server), ALICE)).as("the admin token opens the routes").isEqualTo(200);
        ReliabilityReport.Scenario scenario = new ReliabilityReport.Scenario("WebAdmin DSPAM routes behind JWT",
            ReliabilityReport.Kind.SECURITY)
            .inputs(probes)
            .crashes(violations.size())
            .note("no token, a token of another key, a non-admin token and garbage: 401 on every DSPAM route and task");
        violations.forEach(scenario::note);
        scenario.recordAndAssertClean();
    }

    @Test
    void anotherUsersSignatureNeverTrainsItsOwner(GuiceJamesServer server) throws Exception {
        try (SMTPMessageSender smtp = new SMTPMessageSender("elsewhere.net").connect("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort())) {
            smtp.sendMessageWithHeaders("sender@elsewhere.net", BOB,
                "Subject: for bob\r\nFrom: sender@elsewhere.net\r\n\r\nBob's own mail about the meeting.\r\n");
        }
        String bobSignature = signatureOfFirstMessage(server, BOB, "INBOX");
        long bobBefore = spamLearned(server, BOB) + spamMisclassified(server, BOB);
        List<String> violations = new ArrayList<>();

        // 1. The retrain route, as alice, with bob's signature: alice's dictionary has no such signature.
        int status = admin(server).queryParam("class", "spam").queryParam("signature", bobSignature)
            .post("/dspam/users/" + ALICE + "/retrain").statusCode();
        if (status != 404) {
            violations.add("alice retraining bob's signature answered " + status);
        }
        // 2. A mail to alice forging bob's signature: the mailet replaces it with alice's own.
        try (SMTPMessageSender smtp = new SMTPMessageSender("elsewhere.net").connect("127.0.0.1", server.getProbe(SmtpGuiceProbe.class).getSmtpPort())) {
            smtp.sendMessageWithHeaders("sender@elsewhere.net", ALICE, "X-DSPAM-Signature: " + bobSignature
                + "\r\nSubject: forged\r\nFrom: sender@elsewhere.net\r\n\r\nA forged signature.\r\n");
        }
        String aliceCopy = signatureOfFirstMessage(server, ALICE, "INBOX");
        if (aliceCopy.equals(bobSignature)) {
            violations.add("alice's copy kept bob's signature");
        }
        // 3. Alice appends a message carrying bob's signature and moves it to Spam with a real one of hers.
        long aliceCorrectionsBefore = spamMisclassified(server, ALICE) + spamLearned(server, ALICE);
        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(ALICE, PASSWORD);
            imap.append("INBOX", "X-DSPAM-Signature: " + bobSignature + "\r\nSubject: appended\r\n\r\nforged\r\n");
            imap.select("INBOX");
            imap.sendCommand("UID MOVE 1:* Spam");
        }
        Awaitility.await().atMost(Duration.ofMinutes(1))
            .until(() -> spamMisclassified(server, ALICE) + spamLearned(server, ALICE) > aliceCorrectionsBefore);
        long bobAfter = spamLearned(server, BOB) + spamMisclassified(server, BOB);
        if (bobAfter != bobBefore) {
            violations.add("bob's dictionary changed from " + bobBefore + " to " + bobAfter);
        }
        ReliabilityReport.Scenario scenario = new ReliabilityReport.Scenario("forged X-DSPAM-Signature of another user",
            ReliabilityReport.Kind.SECURITY)
            .inputs(3)
            .crashes(violations.size())
            .note("retrain route, forged inbound header, IMAP-appended message moved to Spam: bob's counters unchanged");
        violations.forEach(scenario::note);
        scenario.recordAndAssertClean();
    }

    /** Every DSPAM route that names a user. */
    private enum Probe {
        STATISTICS {
            @Override
            int send(RequestSpecification request, String user) {
                return request.get("/dspam/users/" + user + "/statistics").statusCode();
            }
        },
        MESSAGES {
            @Override
            int send(RequestSpecification request, String user) {
                return request.queryParam("class", "spam").body("Subject: x\r\n\r\nbody\r\n")
                    .post("/dspam/users/" + user + "/messages").statusCode();
            }
        },
        CORPUS {
            @Override
            int send(RequestSpecification request, String user) {
                return request.queryParam("class", "spam").body("From x\r\nSubject: x\r\n\r\nbody\r\n")
                    .post("/dspam/users/" + user + "/corpus").statusCode();
            }
        },
        RETRAIN {
            @Override
            int send(RequestSpecification request, String user) {
                return request.queryParam("class", "spam").queryParam("signature", "abc123")
                    .post("/dspam/users/" + user + "/retrain").statusCode();
            }
        },
        MOVE_FROM {
            @Override
            int send(RequestSpecification request, String user) {
                return request.post("/dspam/users/" + user + "/rename/" + ALICE).statusCode();
            }
        },
        MOVE_TO {
            @Override
            int send(RequestSpecification request, String user) {
                return request.post("/dspam/users/" + ALICE + "/rename/" + user).statusCode();
            }
        },
        DELETE {
            @Override
            int send(RequestSpecification request, String user) {
                return request.delete("/dspam/users/" + user).statusCode();
            }
        };

        abstract int send(RequestSpecification request, String user);
    }

    private static RequestSpecification webAdmin(GuiceJamesServer server) {
        return given().urlEncodingEnabled(false).baseUri("http://127.0.0.1")
            .port(server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue());
    }

    private static RequestSpecification admin(GuiceJamesServer server) {
        return webAdmin(server).header("Authorization", "Bearer " + token(JWT_KEYS, true));
    }

    private static long spamLearned(GuiceJamesServer server, String user) {
        return admin(server).get("/dspam/users/" + user + "/statistics").then().statusCode(200).extract()
            .jsonPath().getLong("spamLearned");
    }

    private static long spamMisclassified(GuiceJamesServer server, String user) {
        return admin(server).get("/dspam/users/" + user + "/statistics").then().statusCode(200).extract()
            .jsonPath().getLong("spamMisclassified");
    }

    private static String signatureOfFirstMessage(GuiceJamesServer server, String user, String mailbox) throws IOException {
        try (TestIMAPClient imap = new TestIMAPClient()) {
            imap.connect("127.0.0.1", server.getProbe(ImapGuiceProbe.class).getImapPort()).login(user, PASSWORD);
            imap.select(mailbox).awaitMessage(Awaitility.await().atMost(Duration.ofMinutes(1)));
            Matcher signature = SIGNATURE.matcher(imap.readFirstMessageHeaders());
            assertThat(signature.find()).as("a DSPAM signature on %s's first message", user).isTrue();
            return signature.group(1);
        }
    }

    /** The store's user directory names (var/dspam/users of the sample's dspam.properties). */
    private static List<String> storeDirectoryNames() throws IOException {
        Path users = workingDirectory.resolve("var/dspam/users");
        if (!Files.isDirectory(users)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(users)) {
            return children.map(path -> path.getFileName().toString()).collect(Collectors.toList());
        }
    }

    private static List<Path> pathsContaining(Path root, String marker) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> path.getFileName() != null && path.getFileName().toString().contains(marker))
                .collect(Collectors.toList());
        }
    }

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    }

    /** An RS256 JWT as James's WebAdmin expects it: subject, admin claim, expiry. */
    private static String token(KeyPair keys, boolean admin) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));
        String claims = url.encodeToString(("{\"sub\":\"admin@" + DOMAIN + "\",\"admin\":" + admin + ",\"exp\":"
            + Instant.now().plusSeconds(3600).getEpochSecond() + "}").getBytes(StandardCharsets.US_ASCII));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + url.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

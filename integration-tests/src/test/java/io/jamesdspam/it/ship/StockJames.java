package io.jamesdspam.it.ship;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

/**
 * A stock James 3.8.1 memory server run the way an operator runs it: James's own main class in a
 * separate JVM, its class path only the assembly's {@code lib/} (James and its dependencies,
 * nothing of the plugin), its working directory a home whose {@code extensions-jars/} and
 * {@code conf/} the test filled.
 */
public final class StockJames {
    private StockJames() {
    }

    /**
     * An operator's deployment in {@code home}: the drop-in jar in extensions-jars/, the sample
     * conf/ on these ports (returned for further changes).
     */
    public static SampleConf deployInto(Path home, int smtpPort, int imapPort, int webAdminPort) throws IOException {
        Path extensions = Files.createDirectories(home.resolve("extensions-jars"));
        Files.copy(ShipPaths.extensionJar(), extensions.resolve(ShipPaths.extensionJar().getFileName()));
        return SampleConf.copyInto(home).ports(smtpPort, imapPort, webAdminPort);
    }

    /** Starts James in {@code home} and waits until it says it started. */
    public static ExternalProcess start(Path home) throws IOException {
        Path assembly = ShipPaths.assembly();
        List<String> command = List.of(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dworking.directory=" + home,
            "-Dlogback.configurationFile=" + assembly.resolve("logback.xml"),
            "-Djames.log.file=" + home.resolve("james.log"),
            "-cp", assembly.resolve("lib") + "/*",
            "org.apache.james.MemoryJamesServerMain");
        ExternalProcess james = ExternalProcess.start(command, home, home.resolve("console.log"));
        try {
            james.awaitLine("JAMES server started", Duration.ofMinutes(5));
        } catch (RuntimeException | Error e) {
            closeQuietly(james);
            throw e;
        }
        return james;
    }

    /** Creates the user's domain and the user through WebAdmin. */
    public static void createUser(int webAdminPort, String address, String password) {
        String domain = address.substring(address.indexOf('@') + 1);
        given().port(webAdminPort).put("/domains/" + domain).then().statusCode(204);
        given().port(webAdminPort).contentType("application/json").body("{\"password\":\"" + password + "\"}")
            .put("/users/" + address).then().statusCode(204);
    }

    private static void closeQuietly(ExternalProcess james) {
        try {
            james.close();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

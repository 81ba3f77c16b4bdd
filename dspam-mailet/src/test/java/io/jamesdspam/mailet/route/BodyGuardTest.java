package io.jamesdspam.mailet.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.authentication.NoAuthenticationFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import spark.Service;

/**
 * The guard in front of James's own request logger ({@link DspamWebAdminServer} starts James's
 * WebAdmin server with it), on its own route: ahead of the logger, and where it cannot get ahead.
 */
class BodyGuardTest {
    private static final byte[] EIGHT_BIT_MAIL = ("Subject: caf\u00e9 100%\r\n\r\nPr\u00e9sentation %zz a=b&c=d\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);

    private WebAdminServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroy();
        }
    }

    /** A route answering the message it was given, in Base64. */
    private void start(BodyGuard guard) {
        RequestBodies bodies = new RequestBodies(new RouteLimits(10_000, 100_000));
        server = DspamWebAdminServer.start(new Routes() {
            @Override
            public String getBasePath() {
                return "/dspam";
            }

            @Override
            public void define(Service service) {
                guard.install(service, "/dspam");
                service.post("/dspam/echo", (request, response) -> {
                    byte[] message = bodies.message(request);
                    return Base64.getEncoder().encodeToString(message);
                });
            }
        });
    }

    private HttpResponse<String> post(String contentType, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getPort().getValue() + "/dspam/echo"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aheadOfTheLoggerAFormBodyArrivesAsSent() throws Exception {
        start(new BodyGuard(new RouteLimits(), new NoAuthenticationFilter()));

        HttpResponse<String> response = post("application/x-www-form-urlencoded", EIGHT_BIT_MAIL);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Base64.getEncoder().encodeToString(EIGHT_BIT_MAIL));
    }

    @Test
    void whereItCannotGetAheadAFormIsRefusedWithAdviceAndOtherTypesStillWork() throws Exception {
        start(new BodyGuard(new RouteLimits(), new NoAuthenticationFilter(), service -> {
            throw new NoSuchFieldException("routes");
        }));

        HttpResponse<String> form = post("application/x-www-form-urlencoded", "Subject: a\r\n\r\nb\r\n".getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> mail = post("message/rfc822", EIGHT_BIT_MAIL);

        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.body()).contains("-H 'Content-Type: message/rfc822'");
        assertThat(mail.statusCode()).isEqualTo(200);
        assertThat(mail.body()).isEqualTo(Base64.getEncoder().encodeToString(EIGHT_BIT_MAIL));
    }
}

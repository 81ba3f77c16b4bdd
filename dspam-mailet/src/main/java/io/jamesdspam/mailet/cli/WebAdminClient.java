package io.jamesdspam.mailet.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * James's WebAdmin API as the admin command line uses it: JSON answers read with Jackson, a
 * WebAdmin JWT sent as {@code Authorization: Bearer}, and every failure turned into an
 * {@link AdminFailure} that says which of the three things went wrong — James refused (its own
 * {@code message}), James cannot be reached, or a local file cannot be sent.
 *
 * <p>Uses only the JDK, Jackson and this package: the launcher runs it without James's classes.
 */
final class WebAdminClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** For requests without an upload: James answers these at once (tasks run in the background). */
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);
    private static final int HTTP_REQUEST_TIMEOUT = 408;

    private final String baseUrl;
    private final Optional<String> token;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    private WebAdminClient(String baseUrl, Optional<String> token) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    }

    /** @throws IllegalArgumentException naming the URL when it is not an http(s) URL with a host */
    static WebAdminClient of(String url, Optional<String> token) {
        String expected = "--url '" + url + "' is not an http:// or https:// URL with a host (e.g. " + DspamAdmin.DEFAULT_URL + ")";
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(expected + ": " + e.getReason());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(expected);
        }
        return new WebAdminClient(url.replaceAll("/+$", ""), token.filter(value -> !value.isBlank()));
    }

    String baseUrl() {
        return baseUrl;
    }

    /** {@code /dspam/users/{user}} with the user name encoded as one path segment. */
    static String userPath(String user) {
        return "/dspam/users/" + encode(user);
    }

    JsonNode get(String path) {
        return send(request(path, Map.of()).timeout(ANSWER_TIMEOUT).GET());
    }

    JsonNode post(String path, Map<String, String> query) {
        return send(request(path, query).timeout(ANSWER_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Puts a short text as the body ({@code text/plain}, UTF-8): a preference value. */
    JsonNode put(String path, String text) {
        return send(request(path, Map.of()).timeout(ANSWER_TIMEOUT)
            .header("Content-Type", "text/plain; charset=utf-8")
            .PUT(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)));
    }

    JsonNode delete(String path) {
        return delete(path, Map.of());
    }

    JsonNode delete(String path, Map<String, String> query) {
        return send(request(path, query).timeout(ANSWER_TIMEOUT).DELETE());
    }

    /**
     * Posts a file as the raw body (no timeout: a corpus upload may take long). Without
     * {@code Expect: 100-continue}: the JDK 17 client was seen waiting forever for a 413 sent instead
     * of 100. James 3.8.1's own request logger reads every body before the route anyway.
     */
    JsonNode upload(String path, Map<String, String> query, Path file, String contentType) {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw AdminFailure.localFile(file + ": no such file");
        }
        return send(request(path, query).header("Content-Type", contentType).POST(body));
    }

    /**
     * Waits at most {@code timeout} for a task to end: its details once it has ended, empty while
     * it still runs.
     */
    Optional<JsonNode> awaitTask(String taskId, Duration timeout) {
        HttpRequest.Builder await = request("/tasks/" + encode(taskId) + "/await",
            Map.of("timeout", timeout.toSeconds() + "s")).timeout(timeout.plus(ANSWER_TIMEOUT)).GET();
        try {
            return Optional.of(send(await));
        } catch (AdminFailure failure) {
            if (failure.httpStatus().orElse(0) == HTTP_REQUEST_TIMEOUT) {
                return Optional.empty();
            }
            throw failure;
        }
    }

    private HttpRequest.Builder request(String path, Map<String, String> query) {
        String queryString = query.isEmpty() ? "" : query.entrySet().stream()
            .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
            .collect(Collectors.joining("&", "?", ""));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path + queryString))
            .header("Accept", "application/json");
        token.ifPresent(jwt -> builder.header("Authorization", "Bearer " + jwt));
        return builder;
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AdminFailure.unreachable("interrupted while waiting for " + baseUrl, e);
        } catch (IOException e) {
            throw AdminFailure.unreachable("cannot reach James's WebAdmin at " + baseUrl + ": " + why(e), e);
        }
        if (response.statusCode() / 100 == 2) {
            return parse(request, response);
        }
        throw AdminFailure.refused(response.statusCode(), request.method() + " " + request.uri().getPath()
            + " answered " + response.statusCode() + ": " + jamesMessage(response.body()));
    }

    private JsonNode parse(HttpRequest request, HttpResponse<String> response) {
        if (response.body().isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw AdminFailure.unreachable(baseUrl + " is not James's WebAdmin: " + request.method() + " "
                + request.uri().getPath() + " answered something other than JSON: " + firstLine(response.body()), e);
        }
    }

    /** The {@code message} of James's error answers ({@code ErrorResponder}), else the body's first line. */
    private String jamesMessage(String body) {
        try {
            JsonNode error = json.readTree(body);
            if (error != null && error.hasNonNull("message")) {
                String message = error.get("message").asText();
                return error.hasNonNull("details") ? message + " (" + error.get("details").asText() + ")" : message;
            }
        } catch (JsonProcessingException e) {
            // not James's JSON error: show what the server said instead
        }
        return body.isBlank() ? "(no explanation)" : firstLine(body);
    }

    /** The JDK leaves the message of a refused connection empty: name the cause instead. */
    private static String why(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + ANSWER_TIMEOUT.toMinutes() + " min";
        }
        if (causes(e, UnresolvedAddressException.class)) {
            return "unknown host";
        }
        if (e instanceof ConnectException) {
            return "connection refused (is James running, with WebAdmin on this host and port?)";
        }
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private static boolean causes(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

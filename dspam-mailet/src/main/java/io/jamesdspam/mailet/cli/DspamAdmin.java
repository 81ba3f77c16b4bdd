package io.jamesdspam.mailet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Command-line client of the DSPAM WebAdmin routes, for operators who script James
 * administration: {@code train}, {@code retrain}, {@code stats}, {@code feed}, {@code clean}.
 * Prints the server's JSON answer; exit status 0 on success, 1 when the server refused or failed,
 * 2 on a usage error.
 */
public final class DspamAdmin {
    public static final String DEFAULT_URL = "http://127.0.0.1:8000";
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final Pattern TASK_ID = Pattern.compile("\"taskId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TASK_STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final PrintStream out;
    private final PrintStream err;

    DspamAdmin(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new DspamAdmin(System.out, System.err).run(args));
    }

    int run(String[] args) {
        List<String> words = new ArrayList<>(Arrays.asList(args));
        String url = DEFAULT_URL;
        Optional<String> token = Optional.empty();
        AdminRequest request;
        try {
            while (!words.isEmpty() && (words.get(0).equals("--url") || words.get(0).equals("--token"))) {
                if (words.size() < 2) {
                    throw new IllegalArgumentException(words.get(0) + " needs a value");
                }
                if (words.get(0).equals("--url")) {
                    url = words.get(1).replaceAll("/+$", "");
                } else {
                    token = Optional.of(words.get(1));
                }
                words = new ArrayList<>(words.subList(2, words.size()));
            }
            request = AdminRequest.parse(words);
        } catch (IllegalArgumentException e) {
            err.println("dspam-admin: " + e.getMessage());
            err.println(AdminRequest.USAGE);
            return USAGE;
        }
        try {
            HttpResponse<String> response = send(url, token, request);
            if (request.awaitTask && response.statusCode() == 201) {
                return awaitTask(url, token, response.body());
            }
            return print(response);
        } catch (IOException e) {
            err.println("dspam-admin: cannot reach " + url + ": " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    private HttpResponse<String> send(String url, Optional<String> token, AdminRequest request) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher body = request.body.isPresent()
            ? HttpRequest.BodyPublishers.ofFile(request.body.get())
            : HttpRequest.BodyPublishers.noBody();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + request.pathWithQuery()))
            .method(request.method, body);
        return client.send(authorized(builder, token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int awaitTask(String url, Optional<String> token, String submitted) throws IOException, InterruptedException {
        Matcher taskId = TASK_ID.matcher(submitted);
        if (!taskId.find()) {
            err.println("dspam-admin: the server answered without a task id: " + submitted);
            return FAILED;
        }
        HttpRequest.Builder await = HttpRequest.newBuilder(URI.create(url + "/tasks/" + taskId.group(1) + "/await")).GET();
        HttpResponse<String> details = client.send(authorized(await, token).build(), HttpResponse.BodyHandlers.ofString());
        out.println(details.body());
        Matcher status = TASK_STATUS.matcher(details.body());
        return details.statusCode() == 200 && status.find() && status.group(1).equals("completed") ? OK : FAILED;
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder builder, Optional<String> token) {
        token.ifPresent(jwt -> builder.header("Authorization", "Bearer " + jwt));
        return builder;
    }

    private int print(HttpResponse<String> response) {
        if (response.statusCode() / 100 == 2) {
            out.println(response.body());
            return OK;
        }
        err.println("dspam-admin: HTTP " + response.statusCode() + ": " + response.body());
        return FAILED;
    }
}

package io.jamesdspam.mailet.route;

import static org.eclipse.jetty.http.HttpStatus.BAD_REQUEST_400;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.james.webadmin.utils.ErrorResponder;
import spark.Request;

/**
 * The query parameters of a DSPAM route, read from the raw query string.
 *
 * <p>Not through the servlet's parameter API, which merges form fields from the body into the
 * query's parameters. A route names the parameters it accepts; any other is a 400 naming it, so
 * that a typo ({@code dryrun=true}) never starts a real training.
 */
final class QueryParameters {
    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = values;
    }

    /** @throws spark.HaltException 400 for an undecodable query, an unknown or a repeated parameter */
    static QueryParameters of(Request request, Set<String> accepted) {
        return parse(request.raw().getQueryString(), accepted);
    }

    static QueryParameters parse(String queryString, Set<String> accepted) {
        Map<String, String> values = new LinkedHashMap<>();
        if (queryString != null && !queryString.isEmpty()) {
            for (String pair : queryString.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (!accepted.contains(name)) {
                    throw badRequest("Unknown query parameter '" + name + "'"
                        + (accepted.isEmpty() ? ": this route takes none" : ": expected " + String.join(", ", new TreeSet<>(accepted))));
                }
                if (values.putIfAbsent(name, value) != null) {
                    throw badRequest("Query parameter '" + name + "' is given more than once");
                }
            }
        }
        return new QueryParameters(values);
    }

    /** The trimmed value, absent when missing or blank. */
    Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** The parsed value; a parser's IllegalArgumentException becomes a 400 naming the parameter. */
    <T> Optional<T> optional(String name, Function<String, T> parser) {
        return optional(name).map(value -> {
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                throw badRequest("'" + name + "': " + e.getMessage());
            }
        });
    }

    <T> T required(String name, Function<String, T> parser, String expected) {
        return optional(name, parser).orElseThrow(() -> badRequest("'" + name + "' is missing: expected " + expected));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badRequest("The query string is not valid URL encoding near '" + text + "'");
        }
    }

    static RuntimeException badRequest(String message) {
        return ErrorResponder.builder()
            .statusCode(BAD_REQUEST_400)
            .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message(message)
            .haltError();
    }
}

package io.jamesdspam.mailet.route;

import static org.eclipse.jetty.http.HttpStatus.BAD_REQUEST_400;
import static org.eclipse.jetty.http.HttpStatus.FORBIDDEN_403;
import static org.eclipse.jetty.http.HttpStatus.NOT_FOUND_404;
import static org.eclipse.jetty.http.HttpStatus.NOT_IMPLEMENTED_501;
import static org.eclipse.jetty.http.HttpStatus.NO_CONTENT_204;
import static org.eclipse.jetty.http.HttpStatus.SERVICE_UNAVAILABLE_503;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonTransformer;
import spark.Request;
import spark.Response;
import spark.Service;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.api.DspamGroups;
import io.jamesdspam.api.DspamPreferences;
import io.jamesdspam.api.PreferenceDefaults;
import io.jamesdspam.api.PreferenceRefusedException;
import io.jamesdspam.api.UserPreferences;
import io.jamesdspam.model.DspamUser;

/**
 * The preference and group routes of {@link DspamRoutes} (docs/ENGINE-SPEC.md §11, DSPAM's
 * {@code dspam_admin} over WebAdmin):
 * <ul>
 *   <li>{@code GET /dspam/preferences} — the defaults in force, AllowOverride and every preference DSPAM defines;</li>
 *   <li>{@code GET /dspam/users/{user}/preferences} — the user's own values, the ignored ones and the aggregate;</li>
 *   <li>{@code GET|PUT|DELETE /dspam/users/{user}/preferences/{name}} — one preference; PUT's body is the
 *       value as plain text (a JSON string is accepted too);</li>
 *   <li>{@code GET /dspam/groups} — the group file as read now, with its errors per line;</li>
 *   <li>{@code GET /dspam/users/{user}/groups} — the groups that apply to the user, and how.</li>
 * </ul>
 * A backend without these capabilities (a dspamd client) answers 501 saying so.
 */
final class PreferenceRoutes {
    private final DspamBackend backend;
    private final JsonTransformer jsonTransformer;
    private final Function<Request, DspamUser> userOf;
    private final RequestBodies bodies;

    PreferenceRoutes(DspamBackend backend, JsonTransformer jsonTransformer, Function<Request, DspamUser> userOf,
                     RequestBodies bodies) {
        this.backend = backend;
        this.jsonTransformer = jsonTransformer;
        this.userOf = userOf;
        this.bodies = bodies;
    }

    void define(Service service) {
        service.get(DspamRoutes.BASE_PATH + "/preferences", this::defaults, jsonTransformer);
        service.get(DspamRoutes.USERS + "/preferences", this::userPreferences, jsonTransformer);
        service.get(DspamRoutes.USERS + "/preferences/:name", this::preference, jsonTransformer);
        service.put(DspamRoutes.USERS + "/preferences/:name", this::setPreference, jsonTransformer);
        service.delete(DspamRoutes.USERS + "/preferences/:name", this::deletePreference, jsonTransformer);
        service.get(DspamRoutes.BASE_PATH + "/groups", this::groupFile, jsonTransformer);
        service.get(DspamRoutes.USERS + "/groups", this::userGroups, jsonTransformer);
    }

    private Object defaults(Request request, Response response) {
        QueryParameters.of(request, Set.of());
        return call(() -> preferences().preferenceDefaults());
    }

    private Object userPreferences(Request request, Response response) {
        QueryParameters.of(request, Set.of());
        DspamUser user = userOf.apply(request);
        return call(() -> preferences().userPreferences(user));
    }

    private Object preference(Request request, Response response) {
        QueryParameters.of(request, Set.of());
        DspamUser user = userOf.apply(request);
        DspamPreferences preferences = preferences();
        PreferenceDefaults.Definition definition = known(preferences, request.params("name"));
        UserPreferences values = call(() -> preferences.userPreferences(user));
        return answer(values, definition.getName(), call(() -> preferences.preferenceDefaults()));
    }

    private Object setPreference(Request request, Response response) {
        QueryParameters.of(request, Set.of());
        DspamUser user = userOf.apply(request);
        DspamPreferences preferences = preferences();
        String name = request.params("name");
        String value = bodies.preferenceValue(request);
        String spelling;
        try {
            spelling = call(() -> preferences.changePreference(user, name, value));
        } catch (PreferenceRefusedException e) {
            throw e.reason() == PreferenceRefusedException.Reason.NOT_OVERRIDABLE
                ? DspamRoutes.halt(FORBIDDEN_403, ErrorResponder.ErrorType.INVALID_ARGUMENT, e.getMessage())
                : DspamRoutes.halt(BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT, e.getMessage());
        }
        return answer(call(() -> preferences.userPreferences(user)), spelling, call(() -> preferences.preferenceDefaults()));
    }

    private Object deletePreference(Request request, Response response) {
        QueryParameters.of(request, Set.of());
        DspamUser user = userOf.apply(request);
        DspamPreferences preferences = preferences();
        String name = known(preferences, request.params("name")).getName();
        if (!call(() -> preferences.removePreference(user, name))) {
            throw DspamRoutes.halt(NOT_FOUND_404, ErrorResponder.ErrorType.NOT_FOUND,
                "Preference '" + name + "' is not set for " + user + ": nothing to delete");
        }
        response.status(NO_CONTENT_204);
        return "";
    }

    private Object groupFile(Request request, Response response) {
        QueryParameters.of(request, Set.of());
        return call(() -> groups().groupFile());
    }

    private Object userGroups(Request request, Response response) {
        QueryParameters.of(request, Set.of());
        DspamUser user = userOf.apply(request);
        return call(() -> groups().userGroups(user));
    }

    /** One preference of a user: its own value (null when not set) and the value in force. */
    private static Map<String, Object> answer(UserPreferences values, String name, PreferenceDefaults defaults) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user", values.getUser());
        answer.put("name", name);
        answer.put("value", valueOf(values.getOwn(), name));
        answer.put("effective", valueOf(values.getEffective(), name));
        answer.put("overridable", defaults.getAllowOverride().contains(name.toLowerCase(Locale.ROOT)));
        return answer;
    }

    private static String valueOf(Map<String, String> values, String name) {
        return values.entrySet().stream()
            .filter(entry -> entry.getKey().equalsIgnoreCase(name))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElse(null);
    }

    /** The definition of a preference name (case-insensitive); 400 naming a name DSPAM does not define. */
    private static PreferenceDefaults.Definition known(DspamPreferences preferences, String name) {
        return call(() -> preferences.preferenceDefaults()).getKnown().stream()
            .filter(definition -> definition.getName().equalsIgnoreCase(name.trim()))
            .findFirst()
            .orElseThrow(() -> DspamRoutes.halt(BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT,
                "unknown preference '" + name + "': DSPAM defines no such preference (GET /dspam/preferences lists them)"));
    }

    private DspamPreferences preferences() {
        if (!(backend instanceof DspamPreferences)) {
            throw DspamRoutes.halt(NOT_IMPLEMENTED_501, ErrorResponder.ErrorType.WRONG_STATE, "The DSPAM backend '"
                + backend.name() + "' keeps no preferences here: DLMTP has no such command; use dspam_admin on the dspamd host");
        }
        return (DspamPreferences) backend;
    }

    private DspamGroups groups() {
        if (!(backend instanceof DspamGroups)) {
            throw DspamRoutes.halt(NOT_IMPLEMENTED_501, ErrorResponder.ErrorType.WRONG_STATE, "The DSPAM backend '"
                + backend.name() + "' cannot show its groups here: dspamd reads its own GroupConfig file on its host");
        }
        return (DspamGroups) backend;
    }

    /** A store failure is the server's (503), never a stack trace. */
    private static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (DspamException e) {
            throw DspamRoutes.halt(SERVICE_UNAVAILABLE_503, ErrorResponder.ErrorType.SERVER_ERROR,
                "DSPAM could not answer (" + e.kind() + "): " + e.getMessage());
        }
    }
}

package io.jamesdspam.mailet.route;

import static org.eclipse.jetty.http.HttpStatus.BAD_REQUEST_400;
import static org.eclipse.jetty.http.HttpStatus.SERVICE_UNAVAILABLE_503;
import static org.eclipse.jetty.http.HttpStatus.UNSUPPORTED_MEDIA_TYPE_415;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.servlet.ServletRequest;
import javax.servlet.ServletRequestWrapper;
import javax.servlet.http.HttpServletRequest;

import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import spark.Request;
import spark.Response;
import spark.Service;

/**
 * Reads a DSPAM route's request body before James's WebAdmin request logger can: whatever its
 * content type (curl's default form type included: plain {@code curl --data-binary @mail.eml}
 * trains, 8-bit bytes and {@code %} signs as sent), with memory bounded by the route's limit (a
 * corpus goes to a temporary file), and off James's log.
 *
 * <p>Why: James 3.8.1 logs every WebAdmin request in a filter that runs before any route. It asks
 * for the request's parameters, so for a form content type Jetty parses the body as a form,
 * consuming it (and failing on 8-bit bytes, a bad {@code %} escape or more than 200,000 bytes),
 * and then for the body, which Spark's request wrapper reads whole into memory (any size: an mbox
 * of gigabytes too) to log it. Reading the body off Jetty's own request first leaves the logger an
 * empty body and no form to parse. James's authentication runs first, so an anonymous client gets
 * its 401 with nothing read.
 *
 * <p>Neither Spark nor James lets an extension choose where its filter runs (the logger's one hook,
 * its {@code RequestLogger} set, lives in James's parent injector, out of an extension module's
 * reach), and James installs the logger before any extension's routes, so this filter is moved to
 * the head of Spark's filter list, kept in {@code Service.routes} → {@code Routes.routes}. Where
 * that cannot be done (another Spark), the filter runs where it is: it reads the body the logger
 * kept, and refuses a form body (which the logger parsed) with 415 and the content type to use.
 */
final class BodyGuard {
    private static final Logger LOGGER = LoggerFactory.getLogger(BodyGuard.class);
    private static final String RECEIVED = BodyGuard.class.getName() + ".received";
    private static final Pattern CORPUS = Pattern.compile("/dspam/users/[^/]+/corpus/?");

    private final RouteLimits limits;
    private final AuthenticationFilter authentication;
    private final FilterList filterList;
    private volatile boolean ahead;

    /** Where Spark keeps a service's routes and filters, in the order it runs them. */
    interface FilterList {
        List<Object> of(Service service) throws ReflectiveOperationException;
    }

    BodyGuard(RouteLimits limits, AuthenticationFilter authentication) {
        this(limits, authentication, BodyGuard::routeTable);
    }

    BodyGuard(RouteLimits limits, AuthenticationFilter authentication, FilterList filterList) {
        this.limits = limits;
        this.authentication = authentication;
        this.filterList = filterList;
    }

    /** Installs the guard on the paths under {@code basePath}, ahead of every filter installed before where it can. */
    void install(Service service, String basePath) {
        service.afterAfter(basePath, BodyGuard::release);
        service.afterAfter(basePath + "/*", BodyGuard::release);
        List<Object> table;
        try {
            table = filterList.of(service);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOGGER.warn("DSPAM's WebAdmin routes cannot read their bodies ahead of James's request logger on this"
                + " James (Spark's filter list is out of reach: {}): a body sent as a form is refused with 415 and"
                + " every body is in memory once before its size is checked", e.toString());
            service.before(basePath, this::receive);
            service.before(basePath + "/*", this::receive);
            return;
        }
        // Spark adds to this list unsynchronized too: routes are defined before requests come
        int first = table.size();
        service.before(basePath, this::receive);
        service.before(basePath + "/*", this::receive);
        List<Object> mine = new ArrayList<>(table.subList(first, table.size()));
        table.subList(first, table.size()).clear();
        table.addAll(0, mine);
        ahead = true;
    }

    /** The body the guard received for {@code request}; empty when the request has none. */
    static Optional<ReceivedBody> received(Request request) {
        return Optional.ofNullable(request.attribute(RECEIVED));
    }

    private void receive(Request request, Response response) throws Exception {
        HttpServletRequest raw = request.raw();
        // Received already: a path both of the guard's patterns match reaches it twice
        if (!hasBody(raw) || received(request).isPresent()) {
            return;
        }
        if (!ahead && RequestBodies.isForm(request.contentType())) {
            // James's logger parsed it as a form: the mail is gone
            RequestBodies.discardRest(raw, limits.maxMessageSize());
            throw RequestBodies.halt(UNSUPPORTED_MEDIA_TYPE_415, RequestBodies.FORM_ADVICE);
        }
        authentication.handle(request, response);
        InputStream in = ahead ? containerRequest(raw).getInputStream() : raw.getInputStream();
        request.attribute(RECEIVED, read(in, raw.getContentLengthLong(), CORPUS.matcher(request.pathInfo()).matches()));
    }

    private ReceivedBody read(InputStream in, long declaredSize, boolean corpus) {
        try {
            if (!corpus) {
                return ReceivedBody.inMemory(in, declaredSize, limits.maxMessageSize());
            }
            Path file = spoolFile();
            try {
                return ReceivedBody.spooled(in, declaredSize, limits.maxCorpusSize(), file);
            } catch (IOException | RuntimeException e) {
                RequestBodies.deleteQuietly(file);
                throw e;
            }
        } catch (IOException e) {
            throw RequestBodies.halt(BAD_REQUEST_400, "The request body could not be read: " + e.getMessage());
        }
    }

    private static Path spoolFile() {
        try {
            return Files.createTempFile("dspam-corpus-", ".mbox");
        } catch (IOException e) {
            throw ErrorResponder.builder().statusCode(SERVICE_UNAVAILABLE_503).type(ErrorResponder.ErrorType.SERVER_ERROR)
                .message("Cannot spool the corpus: " + e.getMessage()).haltError();
        }
    }

    private static void release(Request request, Response response) {
        received(request).ifPresent(ReceivedBody::release);
    }

    private static boolean hasBody(HttpServletRequest raw) {
        return raw.getContentLengthLong() > 0 || "chunked".equalsIgnoreCase(raw.getHeader("Transfer-Encoding"));
    }

    /** The container's own request: Spark's wrapper would read (and keep) the whole body when its stream is asked for. */
    private static ServletRequest containerRequest(ServletRequest request) {
        ServletRequest unwrapped = request;
        while (unwrapped instanceof ServletRequestWrapper) {
            unwrapped = ((ServletRequestWrapper) unwrapped).getRequest();
        }
        return unwrapped;
    }

    /** Spark's ordered list of routes and filters ({@code Service.routes} → {@code Routes.routes}). */
    @SuppressWarnings("unchecked")
    private static List<Object> routeTable(Service service) throws ReflectiveOperationException {
        Field routesOfService = Service.class.getDeclaredField("routes");
        routesOfService.setAccessible(true);
        Object routes = routesOfService.get(service);
        Field listOfRoutes = routes.getClass().getDeclaredField("routes");
        listOfRoutes.setAccessible(true);
        return (List<Object>) listOfRoutes.get(routes);
    }
}

package io.jamesdspam.mailet.route;

import org.apache.james.util.MDCStructuredLogger;
import org.apache.james.webadmin.mdc.LoggingRequestFilter;
import org.apache.james.webadmin.mdc.RequestId;
import org.apache.james.webadmin.mdc.RequestLogger;

import spark.Request;

/**
 * Logs requests to the DSPAM routes without reading their parameters or body.
 *
 * <p>James's default request logger runs before every route and asks for the query parameters and
 * the whole body: for a form content type (curl's default) that makes Jetty parse and consume the
 * uploaded mail as a form (500 on a {@code %}, 500 over 200,000 bytes, an empty body for the
 * route), and it reads any body without a size limit. Mail content has no place in a log either.
 * Only a WebAdmin built with it in its {@code Set<RequestLogger>} uses it (the route tests'
 * server does): James 3.8.1 gives {@code guice.extension.module}s a child injector, which can
 * neither add to that set nor replace the filter (see {@code DspamModule}), so a stock James
 * keeps its default logger and a form-encoded upload is parsed as a form before the route runs.
 */
public class DspamRequestLogger implements RequestLogger {
    @Override
    public boolean applies(Request request) {
        String path = request.raw().getRequestURI();
        return path != null && (path.equals(DspamRoutes.BASE_PATH) || path.startsWith(DspamRoutes.BASE_PATH + "/"));
    }

    @Override
    public void log(Request request, RequestId requestId) {
        MDCStructuredLogger.forLogger(LoggingRequestFilter.LOGGER)
            .field(LoggingRequestFilter.REQUEST_ID, requestId.asString())
            .field(LoggingRequestFilter.IP, request.ip())
            .field(LoggingRequestFilter.ENDPOINT, request.raw().getRequestURI())
            .field(LoggingRequestFilter.METHOD, request.requestMethod())
            .field(LoggingRequestFilter.QUERY_PARAMETERS, String.valueOf(request.raw().getQueryString()))
            .field("content-length", String.valueOf(request.raw().getContentLengthLong()))
            .log(logger -> logger.info("WebAdmin request received"));
    }
}

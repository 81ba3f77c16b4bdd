package io.jamesdspam.mailet.route;

import java.util.List;
import java.util.Set;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.WebAdminConfiguration;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.authentication.NoAuthenticationFilter;
import org.apache.james.webadmin.mdc.LoggingRequestFilter;

/**
 * A WebAdmin server for route tests, with the request logger {@code DspamModule} adds to James's:
 * {@code WebAdminUtils}' servers use James's default one, which reads every body before the route.
 */
public final class DspamWebAdminServer {
    private DspamWebAdminServer() {
    }

    public static WebAdminServer start(Routes... routes) {
        return start(new NoAuthenticationFilter(), routes);
    }

    /** With the authentication a real James puts in front of every route (e.g. a JWT check). */
    public static WebAdminServer start(AuthenticationFilter authentication, Routes... routes) {
        WebAdminServer server = new WebAdminServer(WebAdminConfiguration.TEST_CONFIGURATION, List.of(routes),
            authentication, new RecordingMetricFactory(), new LoggingRequestFilter(Set.of(new DspamRequestLogger()))) {
        };
        return server.start();
    }
}

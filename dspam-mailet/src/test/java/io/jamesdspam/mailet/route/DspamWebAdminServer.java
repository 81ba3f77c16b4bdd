package io.jamesdspam.mailet.route;

import java.util.List;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.WebAdminConfiguration;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.authentication.NoAuthenticationFilter;
import org.apache.james.webadmin.mdc.LoggingRequestFilter;

/**
 * A WebAdmin server for route tests with the authentication filter a real James puts in front of
 * every route (e.g. a JWT check) and James's own request logging (which reads every body first).
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
            authentication, new RecordingMetricFactory(), LoggingRequestFilter.create()) {
        };
        return server.start();
    }
}

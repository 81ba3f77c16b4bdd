package io.jamesdspam.mailet.configuration;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The keys a mailet or the SMTP hook may set for itself, and which {@code dspam.properties} may
 * give defaults for. Each component reads only its own subset (see its settings class).
 */
public final class PerMailetKeys {
    public static final String MODE = "mode";
    public static final String ATTRIBUTE = "attribute";
    public static final String MAX_SIZE = "maxSize";
    public static final String SKIP_AUTHENTICATED = "skipAuthenticated";
    public static final String ON_FAILURE = "onFailure";
    public static final String TIMEOUT = "timeout";
    public static final String AUTOLEARN = "autolearn";
    public static final String AUTOLEARN_LEARN_SPAM = "autolearn.learnSpam";
    public static final String AUTOLEARN_LEARN_HAM = "autolearn.learnHam";
    public static final String REJECT = "reject";
    public static final String REJECT_TYPE = "rejectType";

    public static final Set<String> ALL = Set.of(MODE, ATTRIBUTE, MAX_SIZE, SKIP_AUTHENTICATED, ON_FAILURE, TIMEOUT,
        AUTOLEARN, AUTOLEARN_LEARN_SPAM, AUTOLEARN_LEARN_HAM, REJECT, REJECT_TYPE);

    /** How long a mailet or the hook waits for the backend. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private PerMailetKeys() {
    }

    @SafeVarargs
    static Set<String> union(Set<String>... parts) {
        Set<String> all = new HashSet<>();
        for (Set<String> part : parts) {
            all.addAll(part);
        }
        return Set.copyOf(all);
    }
}

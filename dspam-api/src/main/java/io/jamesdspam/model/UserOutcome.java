package io.jamesdspam.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one request for one user. DSPAM can fail for a single user silently (no
 * summary line: no tokens, unknown signature, message too large — docs/PROTOCOL.md §6.5); that is an
 * explicit "not classified" outcome here, never an exception for the whole transaction.
 */
public final class UserOutcome {
    /** How the reason of a user whose mail DSPAM does not filter (opted out) starts. */
    public static final String NOT_FILTERED = "not filtered";
    /** How the reason of a training already applied under its operation key starts. */
    public static final String ALREADY_APPLIED = "already applied";

    private final DspamUser user;
    private final Optional<DspamResult> result;
    private final String reason;

    private UserOutcome(DspamUser user, Optional<DspamResult> result, String reason) {
        this.user = Objects.requireNonNull(user, "user");
        this.result = result;
        this.reason = reason;
    }

    public static UserOutcome classified(DspamResult result) {
        return new UserOutcome(result.user(), Optional.of(result), null);
    }

    /** DSPAM gave no result for this user; {@code reason} says why when it is known. */
    public static UserOutcome notClassified(DspamUser user, String reason) {
        return new UserOutcome(user, Optional.empty(), Objects.requireNonNull(reason, "reason"));
    }

    /** The user opted out of filtering (DSPAM's {@code optOut}, or {@code Opt in} without {@code optIn}): {@code why} says which. */
    public static UserOutcome notFiltered(DspamUser user, String why) {
        return notClassified(user, NOT_FILTERED + ": " + why);
    }

    /**
     * A training named by an operation key ({@link DspamRequest#once}) that the backend had
     * applied for this user already: nothing was applied again.
     */
    public static UserOutcome alreadyApplied(DspamUser user, String key) {
        return notClassified(user, ALREADY_APPLIED + ": operation " + key);
    }

    public DspamUser user() {
        return user;
    }

    public Optional<DspamResult> result() {
        return result;
    }

    public boolean isClassified() {
        return result.isPresent();
    }

    /** Whether the user's mail is deliberately not filtered (opted out), rather than failed to classify. */
    public boolean isNotFiltered() {
        return result.isEmpty() && reason.startsWith(NOT_FILTERED + ":");
    }

    /** Whether the training was applied before under the request's operation key (see {@link #alreadyApplied}). */
    public boolean isAlreadyApplied() {
        return result.isEmpty() && reason.startsWith(ALREADY_APPLIED + ":");
    }

    /** Why there is no result; empty when there is one. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UserOutcome)) {
            return false;
        }
        UserOutcome that = (UserOutcome) o;
        return user.equals(that.user) && result.equals(that.result) && Objects.equals(reason, that.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, result, reason);
    }

    @Override
    public String toString() {
        return result.map(DspamResult::toString).orElse("UserOutcome{user=" + user + ", not classified: " + reason + "}");
    }
}

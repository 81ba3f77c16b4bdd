package io.jamesdspam.mailet.cli;

import java.util.OptionalInt;

/** A failure the operator must read: what failed, and the {@link ExitCode} it ends the command with. */
final class AdminFailure extends RuntimeException {
    private final int exitCode;
    private final OptionalInt httpStatus;

    private AdminFailure(int exitCode, OptionalInt httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.httpStatus = httpStatus;
    }

    /** James answered with an error status; {@code message} is what it said. */
    static AdminFailure refused(int httpStatus, String message) {
        return new AdminFailure(ExitCode.REFUSED, OptionalInt.of(httpStatus), message, null);
    }

    /** James accepted the request, but the work did not end well (a failed task). */
    static AdminFailure failed(String message) {
        return new AdminFailure(ExitCode.REFUSED, OptionalInt.empty(), message, null);
    }

    static AdminFailure unreachable(String message, Throwable cause) {
        return new AdminFailure(ExitCode.UNREACHABLE, OptionalInt.empty(), message, cause);
    }

    static AdminFailure localFile(String message) {
        return new AdminFailure(ExitCode.LOCAL_FILE, OptionalInt.empty(), message, null);
    }

    int exitCode() {
        return exitCode;
    }

    /** The HTTP status James answered with, when this is a refusal. */
    OptionalInt httpStatus() {
        return httpStatus;
    }
}

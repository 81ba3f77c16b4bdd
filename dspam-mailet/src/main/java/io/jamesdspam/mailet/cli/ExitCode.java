package io.jamesdspam.mailet.cli;

/**
 * The exit statuses of {@code james-dspam-admin}, one per kind of failure, so that a script can
 * tell "James said no" from "James is not there" from "my file is wrong" ({@link DspamAdmin}'s
 * help lists them).
 */
final class ExitCode {
    static final int OK = 0;
    /** James or DSPAM refused or failed the request (4xx/5xx, a task that did not complete). */
    static final int REFUSED = 1;
    /** A bad command line (picocli's own code for invalid input). */
    static final int USAGE = 2;
    /** James's WebAdmin cannot be reached (nothing listening, no answer, not HTTP). */
    static final int UNREACHABLE = 3;
    /** A local file or directory is missing, unreadable or not what the command needs. */
    static final int LOCAL_FILE = 4;

    private ExitCode() {
    }
}

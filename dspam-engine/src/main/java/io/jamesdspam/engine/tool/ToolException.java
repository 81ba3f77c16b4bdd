package io.jamesdspam.engine.tool;

/** A mistake on the command line or in an input file: reported in one line, exit code 2. */
final class ToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ToolException(String message) {
        super(message);
    }

    ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}

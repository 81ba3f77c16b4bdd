package io.jamesdspam.model;

/** A user name that DSPAM must never see (it could name a path outside the store, or an option). */
public class InvalidDspamUserException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidDspamUserException(String name, String reason) {
        super("Invalid DSPAM user name '" + printable(name) + "': " + reason);
    }

    private static String printable(String name) {
        if (name == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        name.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}

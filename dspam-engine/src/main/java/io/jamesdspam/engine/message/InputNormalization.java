package io.jamesdspam.engine.message;

/**
 * What the agent does to its input before parsing (docs/ENGINE-SPEC.md §1.1, plus C string reading):
 * <ul>
 * <li>CR LF becomes LF when asked (the daemon/LMTP path and the spec's recommendation for
 * James; the reference was fed LF files);</li>
 * <li>a first line starting with {@code From QUARANTINE} is dropped;</li>
 * <li>a NUL byte ends its line: the agent handles each input line as a C string, so the bytes
 * from a NUL up to the line's LF are lost (the LF itself is kept, as the daemon re-terminates
 * every line).</li>
 * </ul>
 */
public final class InputNormalization {
    private static final byte[] QUARANTINE = "From QUARANTINE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private InputNormalization() {
    }

    public static ByteBuilder normalize(byte[] raw, boolean stripCarriageReturns) {
        ByteBuilder out = new ByteBuilder(raw.length + 1);
        int i = 0;
        if (AsciiBytes.startsWith(raw, 0, raw.length, QUARANTINE)) {
            int lf = AsciiBytes.indexOf(raw, 0, raw.length, '\n');
            i = lf < 0 ? raw.length : lf + 1;
        }
        int n = raw.length;
        while (i < n) {
            byte b = raw[i];
            if (b == 0) {
                int lf = AsciiBytes.indexOf(raw, i, n, '\n');
                if (lf < 0) {
                    break;
                }
                i = lf;
                continue;
            }
            if (b == '\r' && stripCarriageReturns && i + 1 < n && raw[i + 1] == '\n') {
                i++;
                continue;
            }
            out.append(b);
            i++;
        }
        return out;
    }
}

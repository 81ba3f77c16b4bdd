package io.jamesdspam.client.peer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the peer does on one connection: the server side of a transcript session, with the
 * client bytes it must receive. After the last step the peer expects the client to close
 * ({@link #strictEnd()}), or ignores whatever else comes ({@link #drainingEnd()}).
 */
public final class Script {
    private final List<Step> steps;
    private final boolean strictEnd;
    private final List<Step> loop;

    public Script(List<Step> steps, boolean strictEnd) {
        this(steps, strictEnd, List.of());
    }

    private Script(List<Step> steps, boolean strictEnd, List<Step> loop) {
        this.steps = List.copyOf(steps);
        this.strictEnd = strictEnd;
        this.loop = List.copyOf(loop);
    }

    /**
     * {@code prefix} once, then {@code loop} again and again until the client sends QUIT where
     * the loop expects its first line; QUIT is answered {@code 221 2.0.0 OK}.
     */
    public static Script looping(List<Step> prefix, List<Step> loop) {
        if (loop.isEmpty() || loop.get(0).type() != Step.Type.EXPECT) {
            throw new IllegalArgumentException("A loop starts with what the client sends");
        }
        return new Script(prefix, true, loop);
    }

    public List<Step> loop() {
        return loop;
    }

    public static Script of(Step... steps) {
        return new Script(List.of(steps), true);
    }

    public List<Step> steps() {
        return steps;
    }

    public boolean isStrictEnd() {
        return strictEnd;
    }

    /** The script up to and including the first step matching {@code last}, ignoring what the client sends after. */
    public Script through(Predicate<Step> last) {
        List<Step> kept = new ArrayList<>();
        for (Step step : steps) {
            kept.add(step);
            if (last.test(step)) {
                return new Script(kept, false);
            }
        }
        throw new IllegalArgumentException("No step matches in " + steps);
    }

    public Script drainingEnd() {
        return new Script(steps, false);
    }

    public Script strictEnd() {
        return new Script(steps, true);
    }

    /** The same script with {@code inserted} placed before the first step matching {@code before}. */
    public Script inserting(Predicate<Step> before, List<Step> inserted) {
        List<Step> result = new ArrayList<>();
        boolean done = false;
        for (Step step : steps) {
            if (!done && before.test(step)) {
                result.addAll(inserted);
                done = true;
            }
            result.add(step);
        }
        if (!done) {
            throw new IllegalArgumentException("No step matches in " + steps);
        }
        return new Script(result, strictEnd);
    }

    /** The same script where the content of every DATA section is read but not compared. */
    public Script ignoringDataContent() {
        List<Step> result = new ArrayList<>();
        boolean inData = false;
        for (Step step : steps) {
            if (step.type() == Step.Type.SEND && step.text().startsWith("354 ")) {
                inData = true;
                result.add(step);
                result.add(Step.skip());
                continue;
            }
            if (inData && step.type() == Step.Type.EXPECT) {
                String text = step.text();
                if (text.equals(".\r\n") || text.equals(".\n")) {
                    inData = false;
                    result.add(step);
                }
                continue;
            }
            result.add(step);
        }
        return new Script(result, strictEnd);
    }

    /** The bytes with CR, LF, TAB and other control bytes made visible, as the transcripts write them. */
    static String visible(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == '\r') {
                out.append("<CR>");
            } else if (c == '\n') {
                out.append("<LF>");
            } else if (c == '\t') {
                out.append("<TAB>");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("<%02X>", c));
            } else {
                out.append((char) c);
            }
        }
        String text = out.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Script" + steps;
    }
}

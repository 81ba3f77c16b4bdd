package io.jamesdspam.mailet.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/**
 * How deeply a message's MIME entities nest (multiparts and embedded messages), measured the way
 * James itself will parse the message (mime4j), with mime4j's token stream: its walk is a loop,
 * but each level wraps the reading stream once more and reads go through every wrapper, so the
 * walk stops as soon as the caller's limit is passed — measuring a hostile message then costs a
 * few hundred frames, where James's attachment listing ({@code MessageParser}) recurses through
 * all of them and overflows at 2,000 levels.
 */
public final class MimeNesting {
    private static final MimeConfig LENIENT = MimeConfig.custom()
        .setMaxLineLen(-1).setMaxHeaderLen(-1).setMaxHeaderCount(-1).setMaxContentLen(-1)
        .setStrictParsing(false).build();

    /** A message nested deeper than the stack could follow. */
    public static final int TOO_DEEP = Integer.MAX_VALUE;

    private MimeNesting() {
    }

    /**
     * The deepest nesting of multiparts and embedded messages, the top-level message being 0;
     * stops once {@code enough} is passed (the caller's limit, which keeps the stack shallow) and
     * answers {@link #TOO_DEEP} when even the stream's wrappers ran out of stack.
     */
    public static int depth(byte[] message, int enough) {
        MimeTokenStream stream = new MimeTokenStream(LENIENT);
        stream.parse(new ByteArrayInputStream(message));
        // The top-level message's own T_START_MESSAGE counts too: levels are depth - 1.
        int depth = 0;
        int deepest = 0;
        try {
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (state == EntityState.T_START_MULTIPART || state == EntityState.T_START_MESSAGE) {
                    depth++;
                    deepest = Math.max(deepest, depth);
                    if (deepest - 1 > enough) {
                        return deepest - 1;
                    }
                } else if (state == EntityState.T_END_MULTIPART || state == EntityState.T_END_MESSAGE) {
                    depth--;
                }
            }
        } catch (IOException | MimeException malformed) {
            // What mime4j could not read further, James will not nest deeper either.
            return Math.max(0, deepest - 1);
        } catch (StackOverflowError tooDeep) {
            return TOO_DEEP;
        }
        return Math.max(0, deepest - 1);
    }
}

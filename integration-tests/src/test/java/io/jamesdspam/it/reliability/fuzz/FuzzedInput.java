package io.jamesdspam.it.reliability.fuzz;

import io.jamesdspam.testing.CorpusMessage;

/** One generated input: what it is made of, so that a failure names everything needed to replay it. */
public final class FuzzedInput {
    private final long seed;
    private final int index;
    private final FuzzedMessages.Mutation mutation;
    private final CorpusMessage source;
    private final byte[] bytes;

    FuzzedInput(long seed, int index, FuzzedMessages.Mutation mutation, CorpusMessage source, byte[] bytes) {
        this.seed = seed;
        this.index = index;
        this.mutation = mutation;
        this.source = source;
        this.bytes = bytes;
    }

    public int index() {
        return index;
    }

    public FuzzedMessages.Mutation mutation() {
        return mutation;
    }

    public CorpusMessage source() {
        return source;
    }

    public byte[] bytes() {
        return bytes;
    }

    /** Seed, index, mutation and source: enough to replay the input with {@link FuzzedMessages#input(int)}. */
    public String describe() {
        return "seed " + seed + " input " + index + " (" + mutation + " of " + source.path() + ", " + bytes.length + " bytes)";
    }

    @Override
    public String toString() {
        return describe();
    }
}

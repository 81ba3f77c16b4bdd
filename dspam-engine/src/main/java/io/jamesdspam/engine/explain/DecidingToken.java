package io.jamesdspam.engine.explain;

import io.jamesdspam.api.DspamExplanation;
import io.jamesdspam.engine.decision.FactorsHeader;
import io.jamesdspam.engine.statistics.MessageToken;
import io.jamesdspam.model.DspamNumberFormat;

/**
 * One token of the factor set that decided a verdict, as {@link Explanation} lists it: the
 * token's name as {@code X-DSPAM-Factors} writes it, its id, the probability the deciding rule
 * multiplied, the user's counters for it, how many times the rule counted it, and the words of
 * the message it came from when the message was at hand. Plain getters, for Jackson.
 */
public final class DecidingToken implements DspamExplanation.Token {
    private final String token;
    private final String id;
    private final float probability;
    private final long spamHits;
    private final long innocentHits;
    private final int timesCounted;
    private final String words;

    DecidingToken(MessageToken token, float probability, int timesCounted, String words) {
        String name = token.name();
        this.token = name.isEmpty() ? null : FactorsHeader.escapedName(name);
        this.id = Long.toUnsignedString(token.id());
        this.probability = probability;
        this.spamHits = token.loadedSpamHits();
        this.innocentHits = token.loadedInnocentHits();
        this.timesCounted = timesCounted;
        this.words = words;
    }

    /** DSPAM's token name ({@code Subject*use+#+#+for}), escaped as in the header; null when unknown (a signature keeps ids only). */
    @Override
    public String getToken() {
        return token;
    }

    /** The 64-bit token id, unsigned decimal (as {@code dspam_crc} and {@code dspam-tool dump} print it). */
    @Override
    public String getId() {
        return id;
    }

    @Override
    public float getProbability() {
        return probability;
    }

    /** The probability as the header prints it ({@code %2.5f}). */
    @Override
    public String getProbabilityText() {
        return DspamNumberFormat.fiveDecimals(probability);
    }

    /** How many spam messages the user's dictionary has seen the token in. */
    @Override
    public long getSpamHits() {
        return spamHits;
    }

    @Override
    public long getInnocentHits() {
        return innocentHits;
    }

    /** 1, or 2 when the rule counted a repeated token twice. */
    @Override
    public int getTimesCounted() {
        return timesCounted;
    }

    /** The message's words the token stands for ({@code Subject: use it only for}); null when not at hand. */
    @Override
    public String getWords() {
        return words;
    }
}

package io.jamesdspam.api;

import java.util.List;

/**
 * "Why was this spam?": the verdict DSPAM gives a message (or gives now to the tokens of a stored
 * signature) and the tokens that decided it. Getters only, so that an implementation serialises
 * with Jackson as it is; the engine's {@code Explanation} is the one implementation.
 */
public interface DspamExplanation {

    /** One deciding token. */
    interface Token {
        /** DSPAM's token name as {@code X-DSPAM-Factors} writes it; null when unknown (a signature keeps ids only). */
        String getToken();

        /** The 64-bit token id, unsigned decimal. */
        String getId();

        float getProbability();

        String getProbabilityText();

        long getSpamHits();

        long getInnocentHits();

        /** 1, or 2 when the deciding rule counted a repeated token twice. */
        int getTimesCounted();

        /** The message's words the token stands for; null when not at hand. */
        String getWords();
    }

    /** The DSPAM user whose dictionary was read. */
    String getUser();

    /** {@code message} or {@code signature}. */
    String getBasis();

    /** The explained signature's id; null for a message. */
    String getSignature();

    /** {@code Spam} or {@code Innocent}. */
    String getResult();

    /** {@code Spam}, {@code Innocent} or {@code Whitelisted}. */
    String getDspamClass();

    float getProbability();

    float getConfidence();

    String getProbabilityText();

    String getConfidenceText();

    /** The rule whose factors decided ({@code graham}, {@code burton}, …). */
    String getDecidedBy();

    long getSpamLearned();

    long getInnocentLearned();

    /** The deciding tokens, each once, most significant first. */
    List<? extends Token> getTokens();
}

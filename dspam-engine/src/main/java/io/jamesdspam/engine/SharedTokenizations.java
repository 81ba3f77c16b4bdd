package io.jamesdspam.engine;

import java.util.HashMap;
import java.util.Map;

import io.jamesdspam.engine.tokenize.MessageTokenizer;
import io.jamesdspam.engine.tokenize.TokenizedMessage;
import io.jamesdspam.engine.tokenize.TokenizerSettings;

/**
 * One request's message tokenized once for all the users it is for (a mail for several local
 * recipients is one request). DSPAM tokenizes the message again for each user; the tokenizer's
 * output depends only on the message, the tokenizer's settings and whether a class is given, so
 * users whose settings are equal (a user's preferences may turn whitelisting off or move the
 * signature) get the same tokens from a copy ({@link TokenizedMessage#copy}) — each user's
 * processing changes its diction — at a fraction of tokenizing again; the last user takes the
 * tokenization itself.
 */
final class SharedTokenizations {
    /** Untouched tokenizations by settings, copied for each user (the class given is the request's, the same for all). */
    private final Map<TokenizerSettings, TokenizedMessage> pristine = new HashMap<>();
    /** The users still to come: the last one takes an untouched tokenization itself, nobody needs it after. */
    private int usersToCome;

    SharedTokenizations(int users) {
        this.usersToCome = users;
    }

    synchronized TokenizedMessage tokenize(TokenizerSettings settings, byte[] message, boolean classGiven) {
        usersToCome--;
        TokenizedMessage kept = pristine.get(settings);
        if (kept == null) {
            kept = new MessageTokenizer(settings).tokenize(message, classGiven);
            if (usersToCome <= 0) {
                return kept;
            }
            pristine.put(settings, kept);
        }
        if (usersToCome <= 0) {
            pristine.clear();
            return kept;
        }
        return kept.copy();
    }
}

package io.jamesdspam.engine.tokenize;

import java.util.Optional;

import io.jamesdspam.engine.message.DegeneratedMessage;

/** What the tokenizer makes of one message: its diction, whitelist token and degenerated text. */
public final class TokenizedMessage {
    private final Diction diction;
    private final String whitelistToken;
    private final DegeneratedMessage degenerated;
    private final boolean truncated;

    TokenizedMessage(Diction diction, String whitelistToken, DegeneratedMessage degenerated, boolean truncated) {
        this.diction = diction;
        this.whitelistToken = whitelistToken;
        this.degenerated = degenerated;
        this.truncated = truncated;
    }

    /**
     * True when tokenisation stopped early: the message produced more distinct tokens than
     * {@link TokenizerSettings#maxDictionSize()}, or (never seen, defensive) failed. The diction
     * then holds the tokens up to that point; the engine should not train such a message.
     */
    public boolean truncated() {
        return truncated;
    }

    /**
     * The same tokenization with a diction of its own ({@link Diction#copy}), for processing the
     * message for another user; the degenerated text is shared (nothing changes it).
     */
    public TokenizedMessage copy() {
        return new TokenizedMessage(diction.copy(), whitelistToken, degenerated, truncated);
    }

    public Diction diction() {
        return diction;
    }

    /** The last {@code From*} token (ISO-8859-1 chars = bytes), when whitelisting is on and a From line exists. */
    public Optional<String> whitelistToken() {
        return Optional.ofNullable(whitelistToken);
    }

    /**
     * HEADERS + 0x01 + BODY as they were before tokenisation: the content of an SBPH signature
     * (§8.1, without its NUL). A fresh copy on each call.
     */
    public byte[] degeneratedText() {
        return degenerated.signatureText();
    }

    /** HEADERS and BODY before tokenisation. */
    public DegeneratedMessage degenerated() {
        return degenerated;
    }
}

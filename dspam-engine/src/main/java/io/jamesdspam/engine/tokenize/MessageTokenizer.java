package io.jamesdspam.engine.tokenize;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.engine.message.DegeneratedMessage;
import io.jamesdspam.engine.message.MessagePreprocessor;

/**
 * Message → diction (docs/ENGINE-SPEC.md §1 and §2): pre-processing, then URL context tokens, header
 * lines (whitelist token first on each From line) and body, in DSPAM's generation order
 * (§2.1.7). Thread-safe: all per-message state lives in the call. Never throws on any input.
 */
public final class MessageTokenizer {
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageTokenizer.class);

    private final TokenizerSettings settings;
    private final MessagePreprocessor preprocessor;

    public MessageTokenizer(TokenizerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.preprocessor = new MessagePreprocessor(settings.stripCarriageReturns(), settings.signatureInHeaders(),
            settings.trainPristine());
    }

    public TokenizerSettings settings() {
        return settings;
    }

    /** Tokenises an incoming message given without a class (its {@code !DSPAM:…!} text, if any, is erased first, §1.3). */
    public TokenizedMessage tokenize(byte[] rawMessage) {
        return tokenize(rawMessage, false);
    }

    /**
     * @param classGiven true when the message comes with a class (corpus training, retraining with the full
     *                   message): DSPAM then leaves {@code !DSPAM:…!} text in the body (§1.3)
     */
    public TokenizedMessage tokenize(byte[] rawMessage, boolean classGiven) {
        byte[] raw = rawMessage == null ? new byte[0] : rawMessage;
        try {
            DegeneratedMessage degenerated = preprocessor.degenerate(raw, classGiven);
            return tokenizeDegenerated(degenerated);
        } catch (RuntimeException unexpected) {
            // Defensive only: every rule above is total on bytes. Should it ever fail, the message gets no
            // tokens (the engine then classifies nothing rather than something half-read), and it is logged.
            LOGGER.error("Tokenizing a {}-byte message failed; it yields no tokens", raw.length, unexpected);
            return new TokenizedMessage(new Diction(), null, new DegeneratedMessage(new byte[] {' '}, new byte[] {' '}), true);
        }
    }

    /** Tokenises an already degenerated message (e.g. the text of an SBPH signature). */
    public TokenizedMessage tokenizeDegenerated(DegeneratedMessage degenerated) {
        long degeneratedBytes = (long) degenerated.headers().length + degenerated.body().length;
        int expectedEntries = Math.min(settings.kind().expectedEntries(degeneratedBytes), settings.maxDictionSize());
        Diction diction = Diction.forMessage(expectedEntries);
        TokenWriter writer = new TokenWriter(diction, settings.maxDictionSize());
        HeaderTokens headers = new HeaderTokens(settings.ignoreHeaders(), settings.whitelistToken());
        try {
            byte[] body = degenerated.body().clone();
            if (settings.urlContext()) {
                UrlContextTokens.extract(body, body.length, writer);
            }
            TokenSequencer sequencer = sequencer(writer);
            byte[] headerText = degenerated.headers();
            headers.tokenize(headerText, headerText.length, sequencer, writer);
            sequencer.body(body, body.length);
        } catch (TokenWriter.DictionLimitReached full) {
            LOGGER.warn("Message has more than {} distinct tokens; tokenisation stopped there", settings.maxDictionSize());
            return new TokenizedMessage(diction, headers.whitelistToken(), degenerated, true);
        }
        return new TokenizedMessage(diction, headers.whitelistToken(), degenerated, false);
    }

    private TokenSequencer sequencer(TokenWriter writer) {
        switch (settings.kind()) {
            case WORD:
                return new WordChainSequencer(false, writer);
            case CHAIN:
                return new WordChainSequencer(true, writer);
            case SBPH:
                return new SparseSequencer(true, writer);
            case OSB:
                return new SparseSequencer(false, writer);
            default:
                throw new IllegalStateException("unknown tokenizer " + settings.kind());
        }
    }
}

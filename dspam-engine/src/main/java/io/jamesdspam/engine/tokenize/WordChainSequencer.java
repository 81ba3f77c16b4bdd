package io.jamesdspam.engine.tokenize;

/**
 * WORD (§2.2) and CHAIN (§2.3): tokens of 1…49 bytes, {@code !}-truncated; CHAIN adds the bigram
 * {@code prev+cur} after each token that has a kept predecessor (on the same header line, or
 * anywhere before in BODY — skipped long tokens do not break the chain). Body unigrams go to BNR
 * stream {@code s}, body bigrams to stream {@code c}.
 */
final class WordChainSequencer implements TokenSequencer {
    static final int MAX_TOKEN_LENGTH = 49;

    private final boolean chain;
    private final TokenWriter writer;
    private int previousFrom;
    private int previousTo;
    private boolean hasPrevious;

    WordChainSequencer(boolean chain, TokenWriter writer) {
        this.chain = chain;
        this.writer = writer;
    }

    /** End of the token after {@code !} truncation: drop the last byte while the one before it is {@code !}. */
    static int truncateExclamations(byte[] text, int from, int to) {
        while (to - from > 1 && text[to - 2] == '!') {
            to--;
        }
        return to;
    }

    @Override
    public void headerLine(byte[] heading, int headingLength, byte[] text, int from, int to) {
        hasPrevious = false;
        int i = from;
        while (i < to) {
            while (i < to && Delimiters.HEADING.isDelimiter(text[i])) {
                i++;
            }
            int start = i;
            while (i < to && !Delimiters.HEADING.isDelimiter(text[i])) {
                i++;
            }
            int length = i - start;
            if (length < 1 || length > MAX_TOKEN_LENGTH) {
                continue;
            }
            int end = truncateExclamations(text, start, i);
            writer.reset().put(heading, 0, headingLength).put((byte) '*').put(text, start, end).emit();
            if (chain && hasPrevious) {
                writer.reset().put(heading, 0, headingLength).put((byte) '*').put(text, previousFrom, previousTo)
                    .put((byte) '+').put(text, start, end).emit();
            }
            previousFrom = start;
            previousTo = end;
            hasPrevious = true;
        }
    }

    @Override
    public void body(byte[] body, int length) {
        Diction diction = writer.diction();
        hasPrevious = false;
        int i = 0;
        while (i < length) {
            while (i < length && Delimiters.BODY.isDelimiter(body[i])) {
                i++;
            }
            int start = i;
            while (i < length && !Delimiters.BODY.isDelimiter(body[i])) {
                i++;
            }
            int tokenLength = i - start;
            if (tokenLength < 1 || tokenLength > MAX_TOKEN_LENGTH) {
                continue;
            }
            int end = truncateExclamations(body, start, i);
            diction.appendToStreamS(diction.emit(body, start, end));
            if (chain && hasPrevious) {
                Diction.Entry bigram = writer.reset().put(body, previousFrom, previousTo).put((byte) '+').put(body, start, end).emit();
                diction.appendToStreamC(bigram);
            }
            previousFrom = start;
            previousTo = end;
            hasPrevious = true;
        }
    }
}

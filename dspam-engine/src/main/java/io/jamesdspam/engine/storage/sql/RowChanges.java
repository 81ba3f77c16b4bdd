package io.jamesdspam.engine.storage.sql;

import java.util.Arrays;
import java.util.List;

import io.jamesdspam.engine.storage.ControlDelta;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.TokenUpdate;

/**
 * The token rows one user's messages change, each with what the messages, one after the other, do
 * to it ({@link RowChange}); DSPAM's control token is not a row. Kept by a {@link TokenIndex}, in
 * the order the rows were first changed.
 */
final class RowChanges {
    private final TokenIndex rows;
    private RowChange[] changes;

    RowChanges(int expectedRows) {
        rows = new TokenIndex(expectedRows);
        changes = new RowChange[Math.max(expectedRows, 1)];
    }

    /** What {@code messages} do, one after the other. */
    static RowChanges of(List<MessageUpdate> messages) {
        RowChanges folded = new RowChanges(messages.stream().mapToInt(message -> message.tokens().size()).sum());
        for (MessageUpdate message : messages) {
            folded.then(message);
        }
        return folded;
    }

    /** {@code message}'s writes after those folded in so far. */
    void then(MessageUpdate message) {
        for (TokenUpdate token : message.tokens()) {
            if (token.tokenId() == ControlDelta.CONTROL_TOKEN_ID) {
                continue;
            }
            int index = rows.add(token.tokenId());
            if (index == changes.length) {
                changes = Arrays.copyOf(changes, index * 2);
            }
            RowChange earlier = changes[index];
            changes[index] = (earlier == null ? RowChange.NONE : earlier).then(message, token);
        }
    }

    /** The change of {@code tokenId}'s row; {@link RowChange#NONE} for a row no message changes. */
    RowChange of(long tokenId) {
        int index = rows.indexOf(tokenId);
        return index < 0 ? RowChange.NONE : changes[index];
    }

    int size() {
        return rows.size();
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    long tokenIdAt(int index) {
        return rows.idAt(index);
    }

    RowChange changeAt(int index) {
        return changes[index];
    }

    void clear() {
        Arrays.fill(changes, 0, rows.size(), null);
        rows.clear();
    }
}

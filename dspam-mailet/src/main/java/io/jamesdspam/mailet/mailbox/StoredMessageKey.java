package io.jamesdspam.mailet.mailbox;

import com.google.common.hash.Hashing;
import org.apache.james.mailbox.model.MessageId;

/**
 * The name the training ledger keeps a stored message under, the same in every mailbox the
 * message is moved to: James's message id where the mailbox backend has ids that name a message
 * across mailboxes (memory, distributed), else the SHA-256 of its content. James's JPA server has
 * no such ids (its {@code DefaultMessageId} refuses to be serialized), and a move there copies the
 * content byte for byte, so the content names the message instead. Two deliveries are never the
 * same bytes: each carries its own {@code Received} trace and DSPAM signature.
 */
public final class StoredMessageKey {
    private static final String CONTENT_PREFIX = "sha256:";

    private StoredMessageKey() {
    }

    public static String of(MessageId messageId, byte[] content) {
        if (messageId.isSerializable()) {
            return messageId.serialize();
        }
        return CONTENT_PREFIX + Hashing.sha256().hashBytes(content);
    }
}

package io.jamesdspam.mailet.testing;

import org.apache.james.backends.jpa.JpaTestCluster;
import org.apache.james.mailbox.jpa.JPAMailboxFixture;
import org.apache.james.mailbox.jpa.JpaMailboxManagerProvider;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMailboxManager;

/**
 * James's JPA mailbox, as James's JPA server has it, on an in-memory Derby database: one per test
 * JVM, shared by the test classes that need it, emptied after each test.
 */
public final class JpaMailboxes {
    static {
        // Derby writes its log into the working directory, the module's own folder, unless told otherwise
        System.setProperty("derby.stream.error.file", "target/derby.log");
    }

    private static final JpaTestCluster CLUSTER = JpaTestCluster.create(JPAMailboxFixture.MAILBOX_PERSISTANCE_CLASSES);

    private JpaMailboxes() {
    }

    /** A mailbox manager on the database, with an in-VM event bus of its own. */
    public static OpenJPAMailboxManager newMailboxManager() {
        return JpaMailboxManagerProvider.provideMailboxManager(CLUSTER);
    }

    /** Deletes every mailbox and message. */
    public static void clear() {
        CLUSTER.clear(JPAMailboxFixture.MAILBOX_TABLE_NAMES);
    }
}

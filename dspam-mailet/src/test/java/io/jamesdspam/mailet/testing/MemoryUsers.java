package io.jamesdspam.mailet.testing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.user.memory.MemoryUsersRepository;

/** James's in-memory users and mailboxes as the WebAdmin, task and CLI tests set them up. */
public final class MemoryUsers {
    private MemoryUsers() {
    }

    /** A users repository with virtual hosting that accepts every domain, holding {@code users} (password "secret"). */
    public static MemoryUsersRepository repositoryWith(Username... users) throws Exception {
        DomainList domainList = mock(DomainList.class);
        when(domainList.containsDomain(any())).thenReturn(true);
        MemoryUsersRepository repository = MemoryUsersRepository.withVirtualHosting(domainList);
        for (Username user : users) {
            repository.addUser(user, "secret");
        }
        return repository;
    }

    /** Creates the user's mailboxes {@code names}. */
    public static void createMailboxes(MailboxManager mailboxManager, Username user, String... names) throws Exception {
        MailboxSession session = mailboxManager.createSystemSession(user);
        for (String name : names) {
            mailboxManager.createMailbox(MailboxPath.forUser(user, name), session);
        }
    }
}

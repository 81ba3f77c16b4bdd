package io.jamesdspam.mailet.user;

import java.util.Optional;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;

/**
 * How James names the owner of a recipient's mailbox. With virtual hosting on (James's default)
 * the owner of {@code bob@example.org}'s mailbox is the user {@code bob@example.org}. With it off
 * ({@code <enableVirtualHosting>false</enableVirtualHosting>}, common with LDAP) the owner is
 * {@code bob}, whatever local domain the mail was sent to, and James gives that user the address
 * {@code bob@<default domain>} ({@code UsersRepository.getMailAddressFor}). DSPAM's user must be
 * derived from the owner, or a correction made in the mailbox would train another dictionary
 * than the one that classified the mail.
 */
@FunctionalInterface
public interface JamesUserNames {
    /** Virtual hosting on: every user is named by its full address. */
    JamesUserNames VIRTUAL_HOSTING = Optional::empty;

    /**
     * The one domain of every user when virtual hosting is off (James's default domain); empty
     * when users are named by their full address.
     */
    Optional<Domain> singleDomain();

    /**
     * Asks James at every call, not once at start: the users repository and domain list are
     * configured after Guice builds this object, and both answers are fields they already hold.
     */
    static JamesUserNames of(UsersRepository usersRepository, DomainList domainList) {
        return () -> {
            try {
                if (usersRepository.supportVirtualHosting()) {
                    return Optional.empty();
                }
                return Optional.of(domainList.getDefaultDomain());
            } catch (UsersRepositoryException | DomainListException e) {
                throw new IllegalStateException("Cannot tell how James names its users: " + e.getMessage(), e);
            }
        };
    }
}

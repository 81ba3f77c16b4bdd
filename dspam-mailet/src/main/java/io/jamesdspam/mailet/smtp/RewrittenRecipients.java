package io.jamesdspam.mailet.smtp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.lib.Mapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The addresses a mail's recipients end at once James's RecipientRewriteTable has rewritten them:
 * an alias or a domain alias becomes the user's address, a group its members, a forward its
 * targets (and the user, when it keeps a copy). The SMTP hook classifies at DATA, before the
 * spool's {@code RecipientRewriteTable} mailet: without this, mail to an alias was classified with
 * a dictionary named after the alias, which nobody trains and whose verdict the hook acted on.
 * A recipient without mapping stays itself; so does one James will refuse (an error mapping) or
 * one the table cannot answer for (logged).
 */
final class RewrittenRecipients {
    private static final Logger LOGGER = LoggerFactory.getLogger(RewrittenRecipients.class);

    private RewrittenRecipients() {
    }

    /** The rewritten addresses of {@code recipients}, each once, in order. */
    static List<MailAddress> of(RecipientRewriteTable table, Collection<MailAddress> recipients) {
        Set<MailAddress> rewritten = new LinkedHashSet<>();
        for (MailAddress recipient : recipients) {
            rewritten.addAll(of(table, recipient));
        }
        return new ArrayList<>(rewritten);
    }

    private static List<MailAddress> of(RecipientRewriteTable table, MailAddress recipient) {
        try {
            List<MailAddress> targets = table.getResolvedMappings(recipient.getLocalPart(), recipient.getDomain()).asStream()
                .map(Mapping::asMailAddress)
                .flatMap(Optional::stream)
                .collect(Collectors.toList());
            return targets.isEmpty() ? List.of(recipient) : targets;
        } catch (RecipientRewriteTable.ErrorMappingException e) {
            return List.of(recipient);
        } catch (RecipientRewriteTableException | RuntimeException e) {
            LOGGER.warn("Cannot rewrite recipient {} for DSPAM at DATA; classified as addressed", recipient.asString(), e);
            return List.of(recipient);
        }
    }
}

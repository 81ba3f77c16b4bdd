package io.jamesdspam.it.reliability;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;

import io.jamesdspam.it.mailet.MailetItMail;

/**
 * What reached one user's mailboxes, counted from IMAP: for every subject the scenario sent,
 * how many copies arrived (0 = lost, 2+ = duplicated) and whether they carry DSPAM's verdict.
 */
final class DeliveryTally {
    private final Map<String, Integer> copies = new HashMap<>();
    private final Map<String, Boolean> classified = new HashMap<>();

    /** Reads INBOX and Spam of {@code user}. */
    static DeliveryTally read(GuiceJamesServer server, String user) throws IOException {
        DeliveryTally tally = new DeliveryTally();
        for (String mailbox : List.of("INBOX", "Spam")) {
            for (String block : MailetItMail.headersOfEveryMessage(server, user, mailbox, "SUBJECT", "X-DSPAM-RESULT")) {
                List<String> subjects = MailetItMail.headerValues(block, "Subject");
                if (subjects.isEmpty()) {
                    continue;
                }
                String subject = subjects.get(0);
                tally.copies.merge(subject, 1, Integer::sum);
                tally.classified.merge(subject, !MailetItMail.headerValues(block, "X-DSPAM-Result").isEmpty(),
                    Boolean::logicalAnd);
            }
        }
        return tally;
    }

    /** Counts the {@code sent} subjects into the scenario. */
    void countInto(ReliabilityReport.Scenario scenario, Collection<String> sent) {
        long delivered = 0;
        long lost = 0;
        long duplicated = 0;
        long withVerdict = 0;
        for (String subject : sent) {
            int count = copies.getOrDefault(subject, 0);
            if (count == 0) {
                lost++;
                continue;
            }
            delivered++;
            duplicated += count - 1;
            if (classified.get(subject)) {
                withVerdict++;
            }
        }
        scenario.accepted(sent.size()).delivered(delivered).lost(lost).duplicated(duplicated)
            .classified(withVerdict).unclassified(delivered - withVerdict).inputs(sent.size());
    }

    boolean isClassified(String subject) {
        return copies.getOrDefault(subject, 0) > 0 && classified.get(subject);
    }

    int copiesOf(String subject) {
        return copies.getOrDefault(subject, 0);
    }
}

package io.jamesdspam.mailet.user;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.AddressException;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;

import io.jamesdspam.model.DspamUser;

/**
 * Which DSPAM dictionary a recipient's mail is classified and trained with. The one place that
 * decides it: the mailet, the retraining listener and the training tasks all ask here, so a
 * user's corrections always reach the dictionary that classified their mail.
 *
 * <p>Modes ({@code userMapping} parameter):
 * <ul>
 *   <li>{@code recipient} (default): the lower-cased address, without {@code +detail};</li>
 *   <li>{@code localpart}: the lower-cased local part, without {@code +detail};</li>
 *   <li>{@code domain}: the lower-cased domain (one dictionary per domain);</li>
 *   <li>{@code fixed:NAME}: one dictionary for everybody;</li>
 *   <li>{@code seed}: the qpsmtpd plugin's rule: a mail with one recipient uses that address,
 *       a mail with several uses the shared user ({@code seed:NAME}, default {@code james}).</li>
 * </ul>
 * A name DSPAM would refuse (see {@link DspamUser}) maps to nothing: that recipient is skipped,
 * never classified under a mangled name.
 *
 * <p>Addresses are those of mailbox owners as James names them ({@link JamesUserNames}): with
 * virtual hosting off, mail to {@code bob@} any local domain and the James user {@code bob} all
 * map as {@code bob@<default domain>}, the address James gives that user.
 */
public final class DspamUserMapping {
    public static final String DEFAULT_SHARED_USER = "james";

    /** The mapping modes. */
    public enum Mode {
        RECIPIENT, LOCALPART, DOMAIN, FIXED, SEED
    }

    private final Mode mode;
    private final Optional<DspamUser> sharedUser;
    private final JamesUserNames userNames;

    private DspamUserMapping(Mode mode, Optional<DspamUser> sharedUser, JamesUserNames userNames) {
        this.mode = mode;
        this.sharedUser = sharedUser;
        this.userNames = userNames;
    }

    private DspamUserMapping(Mode mode, Optional<DspamUser> sharedUser) {
        this(mode, sharedUser, JamesUserNames.VIRTUAL_HOSTING);
    }

    public static DspamUserMapping recipient() {
        return new DspamUserMapping(Mode.RECIPIENT, Optional.empty());
    }

    /** The same mapping for a James that names its users as {@code userNames} says. */
    public DspamUserMapping within(JamesUserNames userNames) {
        return new DspamUserMapping(mode, sharedUser, userNames);
    }

    /**
     * Parses {@code recipient}, {@code localpart}, {@code domain}, {@code fixed:NAME},
     * {@code seed} or {@code seed:NAME}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static DspamUserMapping parse(String value) {
        String trimmed = value == null ? "" : value.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals("recipient")) {
            return recipient();
        }
        if (lower.equals("localpart")) {
            return new DspamUserMapping(Mode.LOCALPART, Optional.empty());
        }
        if (lower.equals("domain")) {
            return new DspamUserMapping(Mode.DOMAIN, Optional.empty());
        }
        if (lower.equals("seed")) {
            return new DspamUserMapping(Mode.SEED, Optional.of(DspamUser.of(DEFAULT_SHARED_USER)));
        }
        if (lower.startsWith("seed:")) {
            return new DspamUserMapping(Mode.SEED, Optional.of(sharedUser(trimmed.substring(5), value)));
        }
        if (lower.startsWith("fixed:")) {
            return new DspamUserMapping(Mode.FIXED, Optional.of(sharedUser(trimmed.substring(6), value)));
        }
        throw new IllegalArgumentException("Invalid DSPAM user mapping '" + value
            + "': expected recipient, localpart, domain, fixed:<name>, seed or seed:<name>");
    }

    private static DspamUser sharedUser(String name, String wholeValue) {
        try {
            return DspamUser.of(name.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid DSPAM user mapping '" + wholeValue + "': " + e.getMessage(), e);
        }
    }

    public Mode mode() {
        return mode;
    }

    /**
     * The DSPAM user of each recipient of one mail. Recipients whose name DSPAM would refuse are
     * absent from the map. In {@code seed} mode a mail with several recipients maps them all to
     * the shared user.
     */
    public Map<MailAddress, DspamUser> usersFor(Collection<MailAddress> recipients) {
        Map<MailAddress, DspamUser> users = new LinkedHashMap<>();
        if (mode == Mode.SEED && recipients.size() > 1) {
            recipients.forEach(recipient -> users.put(recipient, sharedUser.orElseThrow()));
            return users;
        }
        recipients.forEach(recipient -> userFor(recipient).ifPresent(user -> users.put(recipient, user)));
        return users;
    }

    /**
     * The DSPAM user of one recipient, or of a mailbox owner (training): the single-recipient
     * rule, which is also what {@code seed} mode uses for a user's own corrections.
     */
    public Optional<DspamUser> userFor(MailAddress recipient) {
        String localPart = stripDetail(recipient.getLocalPart()).toLowerCase(Locale.ROOT);
        String domain = userNames.singleDomain().orElse(recipient.getDomain()).asString().toLowerCase(Locale.ROOT);
        switch (mode) {
            case RECIPIENT:
            case SEED:
                return valid(localPart + "@" + domain);
            case LOCALPART:
                return valid(localPart);
            case DOMAIN:
                return valid(domain);
            case FIXED:
                return sharedUser;
            default:
                throw new IllegalStateException("Unhandled mode " + mode);
        }
    }

    /**
     * The DSPAM user of a James user (mailbox owner). A user without domain is mapped with
     * James's default domain when virtual hosting is off (the address James gives that user), by
     * its local part otherwise.
     */
    public Optional<DspamUser> userFor(Username username) {
        Optional<Domain> domain = username.getDomainPart().or(userNames::singleDomain);
        if (domain.isPresent()) {
            try {
                return userFor(new MailAddress(username.getLocalPart(), domain.get()));
            } catch (AddressException e) {
                return Optional.empty();
            }
        }
        if (mode == Mode.FIXED) {
            return sharedUser;
        }
        if (mode == Mode.DOMAIN) {
            return Optional.empty();
        }
        return valid(stripDetail(username.getLocalPart()).toLowerCase(Locale.ROOT));
    }

    /**
     * Whether each James user has a dictionary of its own under this mapping, which may then
     * follow the user when James renames it: {@code recipient} and {@code seed} (an address each),
     * and {@code localpart} when James names its users without domain. {@code domain},
     * {@code fixed}, and {@code localpart} with virtual hosting (bob@ of every domain) share theirs.
     */
    public boolean givesEachUserItsOwnDictionary() {
        switch (mode) {
            case RECIPIENT:
            case SEED:
                return true;
            case LOCALPART:
                return userNames.singleDomain().isPresent();
            default:
                return false;
        }
    }

    private static String stripDetail(String localPart) {
        int plus = localPart.indexOf('+');
        return plus > 0 ? localPart.substring(0, plus) : localPart;
    }

    private static Optional<DspamUser> valid(String name) {
        return DspamUser.isValid(name) ? Optional.of(DspamUser.of(name)) : Optional.empty();
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase(Locale.ROOT) + sharedUser.map(u -> ":" + u).orElse("");
    }
}

package io.jamesdspam.mailet.classify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.attribute.RecipientVerdict;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;

/** What classifying one mail gave: a verdict per recipient, the DSPAM user of each, any failure. */
public final class Classification {
    private final Map<MailAddress, RecipientVerdict> verdicts;
    private final Map<MailAddress, DspamUser> users;
    private final Optional<DspamException> failure;

    Classification(Map<MailAddress, RecipientVerdict> verdicts, Map<MailAddress, DspamUser> users,
                   Optional<DspamException> failure) {
        this.verdicts = Collections.unmodifiableMap(new LinkedHashMap<>(verdicts));
        this.users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
        this.failure = failure;
    }

    public Map<MailAddress, RecipientVerdict> verdicts() {
        return verdicts;
    }

    /** The DSPAM user each classified (or to-be-classified) recipient maps to. */
    public Map<MailAddress, DspamUser> users() {
        return users;
    }

    public Optional<DspamException> failure() {
        return failure;
    }

    public Optional<DspamResult> resultFor(MailAddress recipient) {
        return Optional.ofNullable(verdicts.get(recipient)).flatMap(RecipientVerdict::result);
    }

    /** Recipients grouped by DSPAM user, in recipient order. */
    public Map<DspamUser, List<MailAddress>> recipientsByUser() {
        return users.entrySet().stream().collect(Collectors.groupingBy(Map.Entry::getValue, LinkedHashMap::new,
            Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
    }
}

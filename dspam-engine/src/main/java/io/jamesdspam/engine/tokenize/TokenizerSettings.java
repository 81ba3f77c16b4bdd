package io.jamesdspam.engine.tokenize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything that changes a message's tokens, named after dspam.conf and preferences.
 * Defaults are the reference configuration C2 (OSB, {@code ProcessorURLContext on}, whitelist
 * token on, {@code signatureLocation=message}, {@code trainPristine=off}, no
 * {@code IgnoreHeader}), with CR LF normalised to LF as the spec recommends for James.
 */
public final class TokenizerSettings {
    private final TokenizerKind kind;
    private final boolean urlContext;
    private final boolean whitelistToken;
    private final List<String> ignoreHeaders;
    private final boolean signatureInHeaders;
    private final boolean trainPristine;
    private final boolean stripCarriageReturns;

    private TokenizerSettings(Builder builder) {
        this.kind = builder.kind;
        this.urlContext = builder.urlContext;
        this.whitelistToken = builder.whitelistToken;
        this.ignoreHeaders = Collections.unmodifiableList(new ArrayList<>(builder.ignoreHeaders));
        this.signatureInHeaders = builder.signatureInHeaders;
        this.trainPristine = builder.trainPristine;
        this.stripCarriageReturns = builder.stripCarriageReturns;
    }

    public static TokenizerSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().kind(kind).urlContext(urlContext).whitelistToken(whitelistToken)
            .ignoreHeaders(ignoreHeaders).signatureInHeaders(signatureInHeaders).trainPristine(trainPristine)
            .stripCarriageReturns(stripCarriageReturns);
    }

    /** dspam.conf {@code Tokenizer}. */
    public TokenizerKind kind() {
        return kind;
    }

    /** dspam.conf {@code ProcessorURLContext on}: {@code Url*} tokens (§2.1.5). */
    public boolean urlContext() {
        return urlContext;
    }

    /** Automatic whitelisting enabled (feature whitelist / {@code enableWhitelist=on}): the {@code From*} token (§2.1.6). */
    public boolean whitelistToken() {
        return whitelistToken;
    }

    /** dspam.conf {@code IgnoreHeader} values, compared ASCII case-insensitively with headings. */
    public List<String> ignoreHeaders() {
        return ignoreHeaders;
    }

    /** Preference {@code signatureLocation=headers} (the reference runs) rather than {@code message}. */
    public boolean signatureInHeaders() {
        return signatureInHeaders;
    }

    /** {@code TrainPristine on} / {@code trainPristine=on}: no signature pre-scan, hence no decoding side effect. */
    public boolean trainPristine() {
        return trainPristine;
    }

    /** CR LF → LF before parsing, as DSPAM's LMTP path does; off = DSPAM reading stdin as-is. */
    public boolean stripCarriageReturns() {
        return stripCarriageReturns;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TokenizerSettings)) {
            return false;
        }
        TokenizerSettings that = (TokenizerSettings) o;
        return kind == that.kind && urlContext == that.urlContext && whitelistToken == that.whitelistToken
            && ignoreHeaders.equals(that.ignoreHeaders) && signatureInHeaders == that.signatureInHeaders
            && trainPristine == that.trainPristine && stripCarriageReturns == that.stripCarriageReturns;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, urlContext, whitelistToken, ignoreHeaders, signatureInHeaders, trainPristine, stripCarriageReturns);
    }

    @Override
    public String toString() {
        return "TokenizerSettings{kind=" + kind + ", urlContext=" + urlContext + ", whitelistToken=" + whitelistToken
            + ", ignoreHeaders=" + ignoreHeaders + ", signatureLocation=" + (signatureInHeaders ? "headers" : "message")
            + ", trainPristine=" + trainPristine + ", stripCarriageReturns=" + stripCarriageReturns + '}';
    }

    public static final class Builder {
        private TokenizerKind kind = TokenizerKind.OSB;
        private boolean urlContext = true;
        private boolean whitelistToken = true;
        private List<String> ignoreHeaders = new ArrayList<>();
        private boolean signatureInHeaders;
        private boolean trainPristine;
        private boolean stripCarriageReturns = true;

        private Builder() {
        }

        public Builder kind(TokenizerKind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
            return this;
        }

        public Builder urlContext(boolean urlContext) {
            this.urlContext = urlContext;
            return this;
        }

        public Builder whitelistToken(boolean whitelistToken) {
            this.whitelistToken = whitelistToken;
            return this;
        }

        public Builder ignoreHeaders(List<String> ignoreHeaders) {
            this.ignoreHeaders = new ArrayList<>(Objects.requireNonNull(ignoreHeaders, "ignoreHeaders"));
            return this;
        }

        public Builder ignoreHeader(String heading) {
            this.ignoreHeaders.add(Objects.requireNonNull(heading, "heading"));
            return this;
        }

        public Builder signatureInHeaders(boolean signatureInHeaders) {
            this.signatureInHeaders = signatureInHeaders;
            return this;
        }

        /** Preference {@code signatureLocation}: {@code headers} or {@code message}. */
        public Builder signatureLocation(String location) {
            String value = Objects.requireNonNull(location, "signatureLocation").trim().toLowerCase(Locale.ROOT);
            if (!value.equals("headers") && !value.equals("message")) {
                throw new IllegalArgumentException("signatureLocation: unknown value '" + location + "' (expected headers or message)");
            }
            this.signatureInHeaders = value.equals("headers");
            return this;
        }

        public Builder trainPristine(boolean trainPristine) {
            this.trainPristine = trainPristine;
            return this;
        }

        public Builder stripCarriageReturns(boolean stripCarriageReturns) {
            this.stripCarriageReturns = stripCarriageReturns;
            return this;
        }

        public TokenizerSettings build() {
            return new TokenizerSettings(this);
        }
    }
}

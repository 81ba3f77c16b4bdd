package io.jamesdspam.model;

import java.util.Objects;

/**
 * The class DSPAM reports ({@code class="..."} / {@code X-DSPAM-Result: <class>}): Spam,
 * Innocent, Whitelisted, Virus, Blocklisted, Blacklisted. A class this code does not know is
 * kept verbatim here; the wire readers refuse it (a reply they cannot interpret is a failure,
 * and a failed classification delivers the mail unclassified rather than guessing).
 */
public final class DspamClass {
    public static final DspamClass SPAM = new DspamClass("Spam", Verdict.SPAM);
    public static final DspamClass INNOCENT = new DspamClass("Innocent", Verdict.INNOCENT);
    public static final DspamClass WHITELISTED = new DspamClass("Whitelisted", Verdict.INNOCENT);
    public static final DspamClass VIRUS = new DspamClass("Virus", Verdict.SPAM);
    public static final DspamClass BLOCKLISTED = new DspamClass("Blocklisted", Verdict.SPAM);
    public static final DspamClass BLACKLISTED = new DspamClass("Blacklisted", Verdict.SPAM);

    private static final DspamClass[] KNOWN = {SPAM, INNOCENT, WHITELISTED, VIRUS, BLOCKLISTED, BLACKLISTED};

    private final String name;
    private final Verdict usualVerdict;

    private DspamClass(String name, Verdict usualVerdict) {
        this.name = name;
        this.usualVerdict = usualVerdict;
    }

    /** The known class of that name (case-insensitive), or an unknown class kept verbatim. */
    public static DspamClass of(String name) {
        Objects.requireNonNull(name, "class name");
        for (DspamClass known : KNOWN) {
            if (known.name.equalsIgnoreCase(name)) {
                return known;
            }
        }
        return new DspamClass(name, null);
    }

    public static DspamClass of(Verdict verdict) {
        return verdict == Verdict.SPAM ? SPAM : INNOCENT;
    }

    public String asString() {
        return name;
    }

    public boolean isKnown() {
        return usualVerdict != null;
    }

    /** Whether DSPAM gives this class with that result (Whitelisted is always Innocent, Virus Spam...). */
    public boolean goesWith(Verdict verdict) {
        return usualVerdict == verdict;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DspamClass && ((DspamClass) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}

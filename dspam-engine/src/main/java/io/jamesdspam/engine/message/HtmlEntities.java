package io.jamesdspam.engine.message;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML 4.01 character entities (252 names) plus {@code &apos;}, resolved the way DSPAM's
 * table does it (docs/ENGINE-SPEC.md §1.5 step 5): names match ASCII case-insensitively in table order,
 * so a lowercase Latin-1 letter resolves to its uppercase twin listed first, {@code &Yuml;} to
 * 0xFF; {@code &nbsp;} gives a plain space; codes above 255 are matched but produce nothing.
 */
final class HtmlEntities {
    /** Sentinel for "matched, no output". */
    static final int NO_OUTPUT = -1;
    static final int LONGEST_NAME = 8;

    private static final String LATIN1 =
        "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 "
            + "acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde "
            + "Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute "
            + "Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde "
            + "auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute "
            + "ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml";
    private static final String SPECIAL_ASCII = "quot:34 amp:38 lt:60 gt:62 apos:39";
    /** Symbols, Greek and the remaining special entities: all above 255, matched but dropped. */
    private static final String ABOVE_LATIN1 =
        "fnof Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho Sigma Tau "
            + "Upsilon Phi Chi Psi Omega alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
            + "omicron pi rho sigmaf sigma tau upsilon phi chi psi omega thetasym upsih piv bull hellip prime Prime "
            + "oline frasl weierp image real trade alefsym larr uarr rarr darr harr crarr lArr uArr rArr dArr hArr "
            + "forall part exist empty nabla isin notin ni prod sum minus lowast radic prop infin ang and or cap cup "
            + "int there4 sim cong asymp ne equiv le ge sub sup nsub sube supe oplus otimes perp sdot lceil rceil "
            + "lfloor rfloor lang rang loz spades clubs hearts diams OElig oelig Scaron scaron Yuml circ tilde ensp "
            + "emsp thinsp zwnj zwj lrm rlm ndash mdash lsquo rsquo sbquo ldquo rdquo bdquo dagger Dagger permil "
            + "lsaquo rsaquo euro";

    /** Lower-cased name → byte value, or NO_OUTPUT; first entry in table order wins. */
    private static final Map<String, Integer> BY_LOWER_NAME = new HashMap<>();

    static {
        String[] latin1 = LATIN1.split(" ");
        for (int i = 0; i < latin1.length; i++) {
            BY_LOWER_NAME.putIfAbsent(latin1[i].toLowerCase(Locale.ROOT), 0xA0 + i);
        }
        BY_LOWER_NAME.put("nbsp", (int) ' ');
        for (String entry : SPECIAL_ASCII.split(" ")) {
            String[] nameAndCode = entry.split(":");
            BY_LOWER_NAME.putIfAbsent(nameAndCode[0], Integer.parseInt(nameAndCode[1]));
        }
        for (String name : ABOVE_LATIN1.split(" ")) {
            BY_LOWER_NAME.putIfAbsent(name.toLowerCase(Locale.ROOT), NO_OUTPUT);
        }
    }

    private HtmlEntities() {
    }

    static int count() {
        return LATIN1.split(" ").length + SPECIAL_ASCII.split(" ").length + ABOVE_LATIN1.split(" ").length;
    }

    /**
     * Matches a named entity at {@code input[at]} (which holds {@code &}). Returns the number of
     * bytes consumed (0 when nothing matches) in the high int and the value in the low int.
     */
    static long match(byte[] input, int at, int length) {
        int i = at + 1;
        int end = Math.min(length, i + LONGEST_NAME + 1);
        StringBuilder name = new StringBuilder(LONGEST_NAME);
        while (i < end && AsciiBytes.isLetter(input[i]) || i < end && AsciiBytes.isDigit(input[i])) {
            int b = input[i];
            name.append((char) (b >= 'A' && b <= 'Z' ? b + 32 : b));
            i++;
        }
        if (name.length() >= 8 && name.substring(0, 8).equals("thetasym")) {
            // the one table entry written without ';'
            return pack(9, NO_OUTPUT);
        }
        if (i < length && input[i] == ';' && name.length() > 0) {
            Integer value = BY_LOWER_NAME.get(name.toString());
            if (value != null) {
                return pack(i + 1 - at, value);
            }
        }
        return 0;
    }

    private static long pack(int consumed, int value) {
        return ((long) consumed << 32) | (value & 0xFFFFFFFFL);
    }
}

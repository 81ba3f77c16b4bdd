package io.jamesdspam.engine.config;

/** The shape of a dspam.conf value, as {@link ConfValues} parses it. */
public enum ValueKind {
    /** {@code on} or {@code off}. */
    ON_OFF,
    /** A whole number. */
    INTEGER,
    /** A whole number of seconds. */
    SECONDS,
    /** A file or directory. */
    PATH,
    /** One word or free text, read as written (e.g. {@code Tokenizer osb}, {@code ServerIdent}). */
    TEXT,
    /** Words separated by blanks or commas; the key may repeat (e.g. {@code Algorithm}, {@code Feature}). */
    WORDS,
    /** {@code "name=value"}; the key repeats ({@code Preference}). */
    NAME_VALUE
}

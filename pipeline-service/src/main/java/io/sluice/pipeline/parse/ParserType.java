package io.sluice.pipeline.parse;

/** The parsers a parse rule can name ({@code sluice.pipeline.parse.rules[n].parser}). */
public enum ParserType {
    /** A JSON object, nested objects flattened with {@code _}. */
    JSON,
    /** {@code key=value key2="quoted value"} covering the whole line. */
    LOGFMT,
    /** {@code key=value} pairs anywhere in free text, other words ignored. */
    KV,
    /** An RFC 5424 or RFC 3164 syslog line. */
    SYSLOG,
    /** A Java regular expression whose named groups become fields. */
    REGEX,
    /** A grok expression ({@code %{IP:client} %{WORD:method}}) over the built-in pattern library. */
    GROK,
    /** Auto-detect: JSON object, then logfmt, else no fields. */
    AUTO,
    /** No parsing. */
    NONE
}

package io.sluice.common.query.logql;

/**
 * One lexical token of a LogQL query.
 *
 * @param kind what the token is
 * @param text the token: the identifier, the unquoted string, the number as written, or the symbol
 * @param column 1-based column of the token's first character in the query
 */
record Token(Kind kind, String text, int column) {

    /** Token kinds. Keywords are identifiers; the parser gives them meaning by position. */
    enum Kind { IDENT, STRING, NUMBER, DURATION, BYTES, SYMBOL, EOF }

    boolean is(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    boolean isIdent(String word) {
        return kind == Kind.IDENT && text.equals(word);
    }

    /** The token as a user would recognise it in an error message. */
    String describe() {
        return switch (kind) {
            case EOF -> "the end of the query";
            case STRING -> "string \"" + text + "\"";
            default -> "'" + text + "'";
        };
    }
}

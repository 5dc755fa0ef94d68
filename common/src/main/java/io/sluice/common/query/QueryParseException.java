package io.sluice.common.query;

/**
 * A query that does not parse. The message names what was expected and the 1-based column where
 * the problem is, so that the console and the API can point at it.
 */
public final class QueryParseException extends IllegalArgumentException {

    private final int column;

    /** Creates the error for the given 1-based column. */
    public QueryParseException(String problem, int column) {
        super(problem + " at column " + column);
        this.column = column;
    }

    /** The 1-based column of the offending character. */
    public int column() {
        return column;
    }
}

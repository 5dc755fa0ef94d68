package io.sluice.admin.search;

/**
 * A search parameter the user got wrong. Carries the parameter's name and, for a query that does
 * not parse, the 1-based column of the problem, so the API and the console can point at it.
 */
public final class SearchInputException extends RuntimeException {

    private final String parameter;
    private final Integer column;

    SearchInputException(String parameter, String message, Integer column) {
        super(message);
        this.parameter = parameter;
        this.column = column;
    }

    /** The offending request parameter: {@code query}, {@code from}, {@code to} or {@code limit}. */
    public String parameter() {
        return parameter;
    }

    /** The 1-based column of a query error, or {@code null} when the problem is not in the query. */
    public Integer column() {
        return column;
    }
}

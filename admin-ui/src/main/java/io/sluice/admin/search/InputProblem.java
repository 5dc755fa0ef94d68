package io.sluice.admin.search;

/**
 * A parameter mistake as the search page shows it. For a query error, {@link #caret()} is a line
 * of spaces ending in {@code ^} that points at the column under the query text.
 *
 * @param parameter the parameter at fault: {@code query}, {@code from}, {@code to} or {@code limit}
 * @param message what was wrong
 * @param column the 1-based column of a query error, or {@code null}
 * @param query the query text, shown above the caret
 */
public record InputProblem(String parameter, String message, Integer column, String query) {

    static InputProblem of(SearchInputException e, String query) {
        return new InputProblem(e.parameter(), e.getMessage(), e.column(), query);
    }

    /** The caret line, or {@code null} when there is nothing to point at on one line. */
    public String caret() {
        if (column == null || query == null || column > query.length() + 1 || query.indexOf('\n') >= 0) {
            return null;
        }
        return " ".repeat(column - 1) + "^";
    }
}

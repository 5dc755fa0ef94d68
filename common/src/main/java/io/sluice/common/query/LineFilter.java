package io.sluice.common.query;

/**
 * One line filter such as {@code |= "timeout"} or {@code !~ "retry \\d+"}. Substring filters are
 * case-sensitive; regular-expression filters match anywhere in the line, as in LogQL.
 *
 * @param op how the line is tested
 * @param value the substring or regular expression
 */
public record LineFilter(FilterOp op, String value) {

    /** Line filter operators. */
    public enum FilterOp {
        CONTAINS("|="), NOT_CONTAINS("!="), REGEX("|~"), NOT_REGEX("!~");

        private final String symbol;

        FilterOp(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as written in a query. */
        public String symbol() {
            return symbol;
        }
    }

    /** Whether the log line passes this filter. */
    public boolean matches(String line) {
        String l = line == null ? "" : line;
        return switch (op) {
            case CONTAINS -> l.contains(value);
            case NOT_CONTAINS -> !l.contains(value);
            case REGEX -> PatternCache.get(value).matcher(l).find();
            case NOT_REGEX -> !PatternCache.get(value).matcher(l).find();
        };
    }
}

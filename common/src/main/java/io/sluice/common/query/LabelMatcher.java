package io.sluice.common.query;

import com.google.re2j.Pattern;

/**
 * One stream-selector term such as {@code service="checkout"} or {@code level=~"WARN|ERROR"}.
 * Regular expressions are anchored at both ends, as in LogQL.
 *
 * @param label the label: {@code service}, {@code host} or {@code level} in {@link LogQuery}; any label
 *     name in LogQL queries ({@code io.sluice.common.query.logql})
 * @param op how the label's value is compared
 * @param value the literal or regular expression to compare with
 */
public record LabelMatcher(String label, MatchOp op, String value) {

    /** Compare operators of a stream selector. */
    public enum MatchOp {
        EQ("="), NEQ("!="), RE("=~"), NRE("!~");

        private final String symbol;

        MatchOp(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as written in a query. */
        public String symbol() {
            return symbol;
        }
    }

    /** Whether {@code actual} satisfies this matcher. */
    public boolean matches(String actual) {
        String v = actual == null ? "" : actual;
        return switch (op) {
            case EQ -> v.equals(value);
            case NEQ -> !v.equals(value);
            case RE -> compiled().matcher(v).matches();
            case NRE -> !compiled().matcher(v).matches();
        };
    }

    private Pattern compiled() {
        return PatternCache.get(value);
    }
}

package io.sluice.common.query.logql;

import io.sluice.common.query.LabelMatcher.MatchOp;

/**
 * The condition of a label filter stage: comparisons on one label combined with {@code and},
 * {@code or} and parentheses. A numeric comparison on a missing label drops the line; on a value
 * that does not convert, the line is kept with {@code __error__="LabelFilterErr"} (as in Loki), so
 * {@code | __error__=""} removes such lines.
 */
public sealed interface LabelPredicate {

    /** Both hold. */
    record And(LabelPredicate left, LabelPredicate right) implements LabelPredicate {
    }

    /** Either holds. */
    record Or(LabelPredicate left, LabelPredicate right) implements LabelPredicate {
    }

    /**
     * A string comparison; a missing label compares as the empty string; regular expressions are
     * anchored at both ends.
     *
     * @param label the label
     * @param op {@code =}, {@code !=}, {@code =~} or {@code !~}
     * @param value the literal or RE2 regular expression
     */
    record StringCompare(String label, MatchOp op, String value) implements LabelPredicate {
    }

    /**
     * A numeric comparison.
     *
     * @param label the label
     * @param op the comparison
     * @param kind how the label's value converts to a number
     * @param value the number to compare with (seconds for durations, bytes for sizes)
     */
    record NumberCompare(String label, CompareOp op, ValueKind kind, double value) implements LabelPredicate {
    }

    /** Numeric comparison operators. */
    enum CompareOp {
        EQ("=="), NEQ("!="), GT(">"), GTE(">="), LT("<"), LTE("<=");

        private final String symbol;

        CompareOp(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as written. */
        public String symbol() {
            return symbol;
        }

        /** Whether {@code a op b}. */
        public boolean test(double a, double b) {
            return switch (this) {
                case EQ -> a == b;
                case NEQ -> a != b;
                case GT -> a > b;
                case GTE -> a >= b;
                case LT -> a < b;
                case LTE -> a <= b;
            };
        }
    }

    /** How a label value converts for a numeric comparison, chosen by the literal's form. */
    enum ValueKind {
        /** A plain number ({@code > 500}). */
        NUMBER,
        /** A duration ({@code > 250ms}); the label may hold {@code 1.2s} or a number of seconds. */
        DURATION,
        /** A byte size ({@code > 1KB}); the label may hold {@code 2.5MB} or a number of bytes. */
        BYTES
    }
}

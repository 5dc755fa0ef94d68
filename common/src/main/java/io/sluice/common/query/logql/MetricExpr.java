package io.sluice.common.query.logql;

import java.util.ArrayList;
import java.util.List;

/**
 * A metric query: range aggregations over log queries ({@code rate({service="api"}[5m])}), vector
 * aggregations over them ({@code sum by (level) (…)}), binary operations and number literals.
 * Evaluate one with {@link MetricEvaluator}.
 */
public sealed interface MetricExpr extends LogQlExpr {

    /** The range aggregations this expression reads, left to right: the log queries to run. */
    default List<RangeAggregation> rangeAggregations() {
        List<RangeAggregation> out = new ArrayList<>();
        collect(this, out);
        return List.copyOf(out);
    }

    private static void collect(MetricExpr e, List<RangeAggregation> out) {
        if (e instanceof RangeAggregation r) {
            out.add(r);
        } else if (e instanceof VectorAggregation v) {
            collect(v.inner(), out);
        } else if (e instanceof BinaryOp b) {
            collect(b.left(), out);
            collect(b.right(), out);
        }
    }

    /**
     * {@code count_over_time({…} | … [5m])}, {@code quantile_over_time(0.99, {…} | unwrap x [5m]) by (a)}.
     *
     * @param op the function
     * @param selector the log query whose lines are the samples
     * @param unwrap the label whose value is the sample, or {@code null} for line-based functions
     * @param rangeNanos the range of the window each point covers: {@code (t - range, t]}
     * @param offsetNanos how far back the windows are shifted ({@code offset 1h}), 0 when none
     * @param parameter the quantile for {@code quantile_over_time}, otherwise {@code null}
     * @param grouping the grouping of unwrapped aggregations, or {@code null}
     */
    record RangeAggregation(RangeOp op, LogSelectorExpr selector, Unwrap unwrap, long rangeNanos, long offsetNanos,
            Double parameter, Grouping grouping) implements MetricExpr {
    }

    /**
     * {@code | unwrap latency_ms}, {@code | unwrap duration(took)}, {@code | unwrap bytes(size)}.
     *
     * @param label the label whose value is the sample
     * @param conversion how the value converts to a number
     * @param postFilters label filters after the unwrap ({@code | __error__=""}), may be empty
     */
    record Unwrap(String label, Conversion conversion, List<Stage.LabelFilter> postFilters) {
        public Unwrap {
            postFilters = List.copyOf(postFilters);
        }
    }

    /** Conversions of {@code unwrap}. */
    enum Conversion {
        /** A plain number. */
        NUMBER,
        /** {@code duration(x)}, {@code duration_seconds(x)}: a Go duration (or number) in seconds. */
        DURATION_SECONDS,
        /** {@code bytes(x)}: a byte size such as {@code 1.5KB}, in bytes. */
        BYTES
    }

    /** Range aggregation functions. */
    enum RangeOp {
        COUNT_OVER_TIME("count_over_time", false), RATE("rate", null), BYTES_OVER_TIME("bytes_over_time", false),
        BYTES_RATE("bytes_rate", false), SUM_OVER_TIME("sum_over_time", true), AVG_OVER_TIME("avg_over_time", true),
        MIN_OVER_TIME("min_over_time", true), MAX_OVER_TIME("max_over_time", true),
        STDDEV_OVER_TIME("stddev_over_time", true), STDVAR_OVER_TIME("stdvar_over_time", true),
        QUANTILE_OVER_TIME("quantile_over_time", true), FIRST_OVER_TIME("first_over_time", true),
        LAST_OVER_TIME("last_over_time", true);

        private final String function;
        private final Boolean unwrap;

        RangeOp(String function, Boolean unwrap) {
            this.function = function;
            this.unwrap = unwrap;
        }

        /** The function name as written. */
        public String function() {
            return function;
        }

        /** {@code true} when it needs {@code unwrap}, {@code false} when it forbids it, {@code null} when either. */
        Boolean unwrap() {
            return unwrap;
        }

        static RangeOp byName(String name) {
            for (RangeOp op : values()) {
                if (op.function.equals(name)) {
                    return op;
                }
            }
            return null;
        }
    }

    /**
     * {@code sum by (level) (…)}, {@code topk(5, …)}.
     *
     * @param op the aggregation
     * @param inner the aggregated expression
     * @param grouping the grouping, or {@code null} to aggregate everything into one series
     * @param parameter k of {@code topk}/{@code bottomk}, otherwise {@code null}
     */
    record VectorAggregation(VectorOp op, MetricExpr inner, Grouping grouping, Integer parameter) implements MetricExpr {
    }

    /** Vector aggregation operators. */
    enum VectorOp {
        SUM, AVG, MIN, MAX, COUNT, STDDEV, STDVAR, TOPK, BOTTOMK;

        /** The operator as written. */
        public String function() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static VectorOp byName(String name) {
            for (VectorOp op : values()) {
                if (op.function().equals(name)) {
                    return op;
                }
            }
            return null;
        }
    }

    /**
     * {@code by (a, b)} or {@code without (a, b)}.
     *
     * @param without whether the labels are removed rather than kept
     * @param labels the label names
     */
    record Grouping(boolean without, List<String> labels) {
        public Grouping {
            labels = List.copyOf(labels);
        }
    }

    /**
     * {@code left op right}; between two vectors the series are matched on identical label sets.
     * Comparisons filter (keep the left value where true) unless {@code bool} asks for 1 or 0.
     *
     * @param op the operator
     * @param left the left operand
     * @param right the right operand
     * @param bool whether a comparison answers 1/0 instead of filtering
     */
    record BinaryOp(BinaryOperator op, MetricExpr left, MetricExpr right, boolean bool) implements MetricExpr {
    }

    /** Binary operators, by precedence (comparisons lowest, {@code ^} highest). */
    enum BinaryOperator {
        EQ("==", 1), NEQ("!=", 1), GT(">", 1), GTE(">=", 1), LT("<", 1), LTE("<=", 1),
        ADD("+", 2), SUB("-", 2), MUL("*", 3), DIV("/", 3), MOD("%", 3), POW("^", 4);

        private final String symbol;
        private final int precedence;

        BinaryOperator(String symbol, int precedence) {
            this.symbol = symbol;
            this.precedence = precedence;
        }

        /** The operator as written. */
        public String symbol() {
            return symbol;
        }

        int precedence() {
            return precedence;
        }

        boolean comparison() {
            return precedence == 1;
        }

        static BinaryOperator bySymbol(String s) {
            for (BinaryOperator op : values()) {
                if (op.symbol.equals(s)) {
                    return op;
                }
            }
            return null;
        }
    }

    /**
     * A number.
     *
     * @param value the number
     */
    record Literal(double value) implements MetricExpr {
    }
}

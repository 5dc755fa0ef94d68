package io.sluice.alert.rule;

import io.sluice.common.query.LabelMatcher;
import io.sluice.common.query.LogQuery;
import io.sluice.common.query.logql.LogQl;
import io.sluice.common.query.logql.LogSelectorExpr;
import io.sluice.common.query.logql.MetricExpr;
import io.sluice.common.query.logql.MetricExpr.BinaryOp;
import io.sluice.common.query.logql.MetricExpr.BinaryOperator;
import io.sluice.common.query.logql.MetricExpr.Literal;
import io.sluice.common.query.logql.MetricExpr.RangeAggregation;
import io.sluice.common.query.logql.MetricExpr.RangeOp;
import io.sluice.common.query.logql.MetricExpr.VectorAggregation;
import io.sluice.common.query.logql.MetricExpr.VectorOp;
import io.sluice.common.query.logql.Stage;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The condition of a {@code metric} rule, e.g. {@code rate({service="api"} |= "error" [1m]) > 5}:
 * a LogQL metric expression compared with a number, limited to what the per-second match counts
 * analytics streams for one log query can answer — {@code count_over_time} and {@code rate} of
 * that query (without {@code unwrap}, {@code offset} or grouping), {@code sum(…)} of those,
 * arithmetic between them and numbers. Parsed with common's LogQL parser; anything else is
 * refused with a message saying why. A window without matches counts 0 (Loki would answer no
 * point), so {@code count_over_time(…[5m]) < 1} fires when nothing matched. Immutable and pure.
 */
public final class MetricCondition {

    private static final Set<BinaryOperator> COMPARISONS = EnumSet.of(BinaryOperator.EQ, BinaryOperator.NEQ, BinaryOperator.GT,
            BinaryOperator.GTE, BinaryOperator.LT, BinaryOperator.LTE);

    private final MetricExpr left;
    private final BinaryOperator comparison;
    private final double bound;
    private final String matchQuery;
    private final int windowSeconds;

    private MetricCondition(MetricExpr left, BinaryOperator comparison, double bound, String matchQuery, int windowSeconds) {
        this.left = left;
        this.comparison = comparison;
        this.bound = bound;
        this.matchQuery = matchQuery;
        this.windowSeconds = windowSeconds;
    }

    /** Per-rule match counts, as the evaluator reads them. */
    @FunctionalInterface
    public interface Counts {
        /** Matches in the last {@code seconds} seconds. */
        long last(int seconds);
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException saying what cannot be evaluated this way (or the parser's message with its column)
     */
    public static MetricCondition parse(String text) {
        MetricExpr expr = LogQl.parseMetricQuery(text);
        if (!(expr instanceof BinaryOp top) || !isComparison(top.op())) {
            throw new IllegalArgumentException("must compare the metric with a number, e.g. rate({service=\"api\"} |= \"error\" [1m]) > 5");
        }
        if (top.bool()) {
            throw new IllegalArgumentException("'bool' is not supported: the comparison itself is the rule's condition");
        }
        MetricExpr metric;
        BinaryOperator op;
        double bound;
        if (top.right() instanceof Literal l && !(top.left() instanceof Literal)) {
            metric = top.left();
            op = top.op();
            bound = l.value();
        } else if (top.left() instanceof Literal l && !(top.right() instanceof Literal)) {
            metric = top.right();
            op = flipped(top.op());
            bound = l.value();
        } else {
            throw new IllegalArgumentException("must compare a metric with a number literal, e.g. count_over_time({service=\"api\"}[5m]) >= 100");
        }
        check(metric);
        List<RangeAggregation> ranges = metric.rangeAggregations();
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("needs count_over_time or rate of a log query");
        }
        LogSelectorExpr selector = ranges.get(0).selector();
        int longest = 0;
        for (RangeAggregation r : ranges) {
            if (!r.selector().equals(selector)) {
                throw new IllegalArgumentException("all count_over_time/rate must read the same log query: a rule is counted as one series");
            }
            longest = Math.max(longest, seconds(r));
        }
        return new MetricCondition(metric, op, bound, logQueryText(selector), longest);
    }

    /** The log query whose matches analytics counts for this rule. */
    public String matchQuery() {
        return matchQuery;
    }

    /** The longest range the condition reads, in seconds. */
    public int windowSeconds() {
        return windowSeconds;
    }

    /** The metric's value given {@code counts}; NaN or infinite after a division by zero. */
    public double value(Counts counts) {
        return value(left, counts);
    }

    /** Whether {@code value} satisfies the comparison (never for NaN). */
    public boolean holds(double value) {
        return switch (comparison) {
            case GT -> value > bound;
            case GTE -> value >= bound;
            case LT -> value < bound;
            case LTE -> value <= bound;
            case EQ -> value == bound;
            case NEQ -> !Double.isNaN(value) && value != bound;
            default -> throw new IllegalStateException("not a comparison: " + comparison);
        };
    }

    private static double value(MetricExpr e, Counts counts) {
        if (e instanceof Literal l) {
            return l.value();
        }
        if (e instanceof RangeAggregation r) {
            int s = seconds(r);
            long n = counts.last(s);
            return r.op() == RangeOp.RATE ? (double) n / s : n;
        }
        if (e instanceof VectorAggregation v) {
            return value(v.inner(), counts);
        }
        BinaryOp b = (BinaryOp) e;
        double x = value(b.left(), counts);
        double y = value(b.right(), counts);
        return switch (b.op()) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MOD -> x % y;
            case POW -> Math.pow(x, y);
            default -> throw new IllegalStateException("comparison inside a metric: " + b.op());
        };
    }

    private static void check(MetricExpr e) {
        if (e instanceof RangeAggregation r) {
            if (r.op() != RangeOp.COUNT_OVER_TIME && r.op() != RangeOp.RATE) {
                throw new IllegalArgumentException(r.op().function() + " cannot be answered from match counts: use count_over_time or rate");
            }
            if (r.unwrap() != null) {
                throw new IllegalArgumentException("unwrap cannot be answered from match counts: alert rules count matching lines");
            }
            if (r.offsetNanos() != 0) {
                throw new IllegalArgumentException("offset is not supported in alert rules: they look at the window ending now");
            }
            checkSelector(r.selector());
            seconds(r);
        } else if (e instanceof VectorAggregation v) {
            if (v.op() != VectorOp.SUM) {
                throw new IllegalArgumentException(v.op().function() + " is not supported in alert rules: use sum(…) or no aggregation");
            }
            if (v.grouping() != null && !v.grouping().labels().isEmpty()) {
                throw new IllegalArgumentException("grouping (by/without) cannot be answered: a rule's matches are counted as one series");
            }
            check(v.inner());
        } else if (e instanceof BinaryOp b) {
            if (isComparison(b.op())) {
                throw new IllegalArgumentException("only one comparison, at the top, is supported");
            }
            check(b.left());
            check(b.right());
        }
    }

    private static void checkSelector(LogSelectorExpr s) {
        for (LabelMatcher m : s.matchers()) {
            if (!LogQuery.LABELS.contains(m.label())) {
                throw new IllegalArgumentException("label '" + m.label() + "' cannot be matched by analytics: alert rules select on "
                        + String.join(", ", LogQuery.LABELS.stream().sorted().toList()));
            }
        }
        for (Stage stage : s.stages()) {
            if (!(stage instanceof Stage.LineFilter f)) {
                throw new IllegalArgumentException("only line filters (|= != |~ !~) can follow the selector in alert rules,"
                        + " not parsers, label filters or formatting");
            }
            if (f.values().size() != 1) {
                throw new IllegalArgumentException("'or' in line filters is not supported in alert rules: write one rule per alternative or a regex");
            }
        }
    }

    private static int seconds(RangeAggregation r) {
        long nanos = r.rangeNanos();
        if (nanos % 1_000_000_000L != 0 || nanos < 1_000_000_000L || nanos > RuleValidator.MAX_WINDOW_SECONDS * 1_000_000_000L) {
            throw new IllegalArgumentException("ranges must be whole seconds from 1s to 24h");
        }
        return (int) (nanos / 1_000_000_000L);
    }

    private static boolean isComparison(BinaryOperator op) {
        return COMPARISONS.contains(op);
    }

    private static BinaryOperator flipped(BinaryOperator op) {
        return switch (op) {
            case GT -> BinaryOperator.LT;
            case GTE -> BinaryOperator.LTE;
            case LT -> BinaryOperator.GT;
            case LTE -> BinaryOperator.GTE;
            default -> op;
        };
    }

    private static String logQueryText(LogSelectorExpr s) {
        StringJoiner selector = new StringJoiner(", ", "{", "}");
        for (LabelMatcher m : s.matchers()) {
            selector.add(m.label() + m.op().symbol() + quoted(m.value()));
        }
        StringBuilder out = new StringBuilder(selector.toString());
        for (Stage stage : s.stages()) {
            Stage.LineFilter f = (Stage.LineFilter) stage;
            out.append(' ').append(f.op().symbol()).append(' ').append(quoted(f.values().get(0)));
        }
        String text = out.toString();
        LogQuery.parse(text);
        return text;
    }

    private static String quoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}

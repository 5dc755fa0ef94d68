package io.sluice.common.query.logql;

import io.sluice.common.query.logql.MetricExpr.BinaryOp;
import io.sluice.common.query.logql.MetricExpr.BinaryOperator;
import io.sluice.common.query.logql.MetricExpr.Literal;
import io.sluice.common.query.logql.MetricExpr.RangeAggregation;
import io.sluice.common.query.logql.MetricExpr.RangeOp;
import io.sluice.common.query.logql.MetricExpr.VectorAggregation;
import io.sluice.common.query.logql.MetricExpr.VectorOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Evaluates a metric query as a streaming accumulator, with Loki's semantics: the query is
 * evaluated at {@code start, start + step, … ≤ end}; the point at {@code t} of a range aggregation
 * covers the samples in {@code (t - offset - range, t - offset]}; a window without samples gives no
 * point; {@code rate} is the count (or unwrapped sum) divided by the range in seconds.
 *
 * <p>Use: {@link #create}, then for each of {@link #inputs()} run its log query over its time
 * range and {@link RangeInput#offer} every event (any order), then {@link #result()}. Memory is
 * bounded: per series one bucket per window edge (not per sample), at most {@code maxSeries}
 * series, and {@code quantile_over_time} holds at most {@link #MAX_VALUES} values; beyond, a
 * {@link LogQlLimitException}. {@code sum by (…)} over counting functions (and {@code min}/{@code max}
 * over their {@code _over_time}) is pushed into the accumulation, so only the grouped series are held.
 * Not thread-safe.
 */
public final class MetricEvaluator {

    /** Default bound on the number of series held. */
    public static final int DEFAULT_MAX_SERIES = 10_000;

    /** Most evaluation times per query (Loki's default). */
    public static final int MAX_POINTS = 11_000;

    /** Most sample values held by {@code quantile_over_time}. */
    public static final long MAX_VALUES = 5_000_000;

    private final MetricExpr expr;
    private final long[] times;
    private final Limits limits;
    private final Map<RangeAggregation, RangeInput> inputs = new IdentityHashMap<>();
    private final List<RangeInput> inputList = new ArrayList<>();

    private MetricEvaluator(MetricExpr expr, long[] times, int maxSeries) {
        this.expr = expr;
        this.times = times;
        this.limits = new Limits(maxSeries);
        plan(expr, null);
    }

    /**
     * An evaluator of {@code expr} over {@code [startNanos, endNanos]} every {@code stepNanos}
     * (an instant query has {@code start == end}).
     *
     * @param maxSeries most series held at once (e.g. {@link #DEFAULT_MAX_SERIES})
     * @throws LogQlLimitException when the range and step give more than {@link #MAX_POINTS} points
     * @throws IllegalArgumentException when end is before start or the step is not positive
     */
    public static MetricEvaluator create(MetricExpr expr, long startNanos, long endNanos, long stepNanos, int maxSeries) {
        return new MetricEvaluator(expr, StepWindows.times(startNanos, endNanos, stepNanos, MAX_POINTS), maxSeries);
    }

    /** The range aggregations to feed, left to right in the query. */
    public List<RangeInput> inputs() {
        return List.copyOf(inputList);
    }

    /** The query's value: its series sorted by labels, each with its points in time order. */
    public List<Series> result() {
        Value v = eval(expr);
        List<Series> out = new ArrayList<>();
        if (v.scalar() != null) {
            List<Series.Point> points = new ArrayList<>();
            for (long t : times) {
                points.add(new Series.Point(t, v.scalar()));
            }
            out.add(new Series(Map.of(), points));
            return out;
        }
        for (Map.Entry<Map<String, String>, double[]> e : v.rows().entrySet()) {
            List<Series.Point> points = new ArrayList<>();
            double[] vs = e.getValue();
            for (int i = 0; i < vs.length; i++) {
                if (!Double.isNaN(vs[i])) {
                    points.add(new Series.Point(times[i], vs[i]));
                }
            }
            if (!points.isEmpty()) {
                out.add(new Series(e.getKey(), points));
            }
        }
        out.sort(Comparator.comparing(s -> new TreeMap<>(s.labels()).toString()));
        return out;
    }

    private void plan(MetricExpr e, UnaryOperator<Map<String, String>> pushedDown) {
        if (e instanceof RangeAggregation r) {
            RangeInput in = new RangeInput(r, times, pushedDown, limits);
            inputs.put(r, in);
            inputList.add(in);
        } else if (e instanceof VectorAggregation v) {
            boolean push = v.inner() instanceof RangeAggregation r && pushable(v.op(), r.op());
            plan(v.inner(), push ? RangeInput.grouping(v.grouping()) : null);
        } else if (e instanceof BinaryOp b) {
            plan(b.left(), null);
            plan(b.right(), null);
        }
    }

    private static boolean pushable(VectorOp v, RangeOp r) {
        return switch (v) {
            case SUM -> r == RangeOp.COUNT_OVER_TIME || r == RangeOp.RATE || r == RangeOp.BYTES_OVER_TIME
                    || r == RangeOp.BYTES_RATE || r == RangeOp.SUM_OVER_TIME;
            case MIN -> r == RangeOp.MIN_OVER_TIME;
            case MAX -> r == RangeOp.MAX_OVER_TIME;
            default -> false;
        };
    }

    /** A scalar or a set of series (values per step, {@code NaN} = no point). */
    private record Value(Double scalar, Map<Map<String, String>, double[]> rows) {
    }

    private Value eval(MetricExpr e) {
        if (e instanceof Literal l) {
            return new Value(l.value(), null);
        }
        if (e instanceof RangeAggregation r) {
            return new Value(null, inputs.get(r).matrix());
        }
        if (e instanceof VectorAggregation v) {
            return aggregate(v, eval(v.inner()));
        }
        BinaryOp b = (BinaryOp) e;
        return binary(b, eval(b.left()), eval(b.right()));
    }

    private Value aggregate(VectorAggregation v, Value in) {
        Map<Map<String, String>, double[]> rows = in.rows() != null ? in.rows() : scalarRow(in.scalar());
        int n = times.length;
        if (v.op() == VectorOp.TOPK || v.op() == VectorOp.BOTTOMK) {
            return new Value(null, topk(v, rows));
        }
        UnaryOperator<Map<String, String>> group = RangeInput.grouping(v.grouping());
        Map<Map<String, String>, double[][]> acc = new HashMap<>();
        for (Map.Entry<Map<String, String>, double[]> row : rows.entrySet()) {
            double[][] a = acc.computeIfAbsent(group.apply(row.getKey()), k -> newAcc(n));
            double[] vs = row.getValue();
            for (int i = 0; i < n; i++) {
                double x = vs[i];
                if (Double.isNaN(x)) {
                    continue;
                }
                a[0][i]++;
                a[1][i] += x;
                a[2][i] += x * x;
                a[3][i] = Math.min(a[3][i], x);
                a[4][i] = Math.max(a[4][i], x);
            }
        }
        Map<Map<String, String>, double[]> out = new HashMap<>();
        acc.forEach((labels, a) -> {
            double[] vs = new double[n];
            for (int i = 0; i < n; i++) {
                double c = a[0][i];
                if (c == 0) {
                    vs[i] = Double.NaN;
                    continue;
                }
                double mean = a[1][i] / c;
                double var = Math.max(0, a[2][i] / c - mean * mean);
                vs[i] = switch (v.op()) {
                    case SUM -> a[1][i];
                    case AVG -> mean;
                    case MIN -> a[3][i];
                    case MAX -> a[4][i];
                    case COUNT -> c;
                    case STDVAR -> var;
                    case STDDEV -> Math.sqrt(var);
                    default -> throw new IllegalStateException(v.op().name());
                };
            }
            out.put(labels, vs);
        });
        return new Value(null, out);
    }

    private static double[][] newAcc(int n) {
        double[][] a = new double[5][n];
        Arrays.fill(a[3], Double.POSITIVE_INFINITY);
        Arrays.fill(a[4], Double.NEGATIVE_INFINITY);
        return a;
    }

    private Map<Map<String, String>, double[]> topk(VectorAggregation v, Map<Map<String, String>, double[]> rows) {
        int n = times.length;
        int k = v.parameter();
        boolean top = v.op() == VectorOp.TOPK;
        UnaryOperator<Map<String, String>> group = RangeInput.grouping(v.grouping());
        Map<Map<String, String>, List<Map<String, String>>> groups = new HashMap<>();
        for (Map<String, String> labels : rows.keySet()) {
            groups.computeIfAbsent(group.apply(labels), g -> new ArrayList<>()).add(labels);
        }
        Map<Map<String, String>, double[]> out = new HashMap<>();
        for (List<Map<String, String>> members : groups.values()) {
            for (int i = 0; i < n; i++) {
                final int step = i;
                List<Map<String, String>> present = new ArrayList<>();
                for (Map<String, String> m : members) {
                    if (!Double.isNaN(rows.get(m)[step])) {
                        present.add(m);
                    }
                }
                Comparator<Map<String, String>> byValue = Comparator.comparingDouble(m -> rows.get(m)[step]);
                present.sort(top ? byValue.reversed() : byValue);
                for (Map<String, String> m : present.subList(0, Math.min(k, present.size()))) {
                    double[] o = out.computeIfAbsent(m, x -> nanRow(n));
                    o[step] = rows.get(m)[step];
                }
            }
        }
        return out;
    }

    private Value binary(BinaryOp b, Value l, Value r) {
        BinaryOperator op = b.op();
        if (l.scalar() != null && r.scalar() != null) {
            double x = apply(op, l.scalar(), r.scalar(), true);
            return new Value(Double.isNaN(x) && op.comparison() ? 0.0 : x, null);
        }
        Map<Map<String, String>, double[]> out = new HashMap<>();
        int n = times.length;
        if (l.scalar() != null || r.scalar() != null) {
            boolean scalarLeft = l.scalar() != null;
            double s = scalarLeft ? l.scalar() : r.scalar();
            Map<Map<String, String>, double[]> rows = scalarLeft ? r.rows() : l.rows();
            rows.forEach((labels, vs) -> {
                double[] o = nanRow(n);
                for (int i = 0; i < n; i++) {
                    if (!Double.isNaN(vs[i])) {
                        double x = scalarLeft ? apply(op, s, vs[i], b.bool()) : apply(op, vs[i], s, b.bool());
                        o[i] = op.comparison() && !b.bool() ? (Double.isNaN(x) ? Double.NaN : vs[i]) : x;
                    }
                }
                out.put(labels, o);
            });
            return new Value(null, out);
        }
        l.rows().forEach((labels, lv) -> {
            double[] rv = r.rows().get(labels);
            if (rv == null) {
                return;
            }
            double[] o = nanRow(n);
            for (int i = 0; i < n; i++) {
                if (!Double.isNaN(lv[i]) && !Double.isNaN(rv[i])) {
                    double x = apply(op, lv[i], rv[i], b.bool());
                    o[i] = op.comparison() && !b.bool() ? (Double.isNaN(x) ? Double.NaN : lv[i]) : x;
                }
            }
            out.put(labels, o);
        });
        return new Value(null, out);
    }

    /** {@code a op b}; a comparison answers 1/0 with {@code bool}, else 1 or {@code NaN} (filtered). */
    private static double apply(BinaryOperator op, double a, double b, boolean bool) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MOD -> a % b;
            case POW -> Math.pow(a, b);
            default -> {
                boolean t = switch (op) {
                    case EQ -> a == b;
                    case NEQ -> a != b;
                    case GT -> a > b;
                    case GTE -> a >= b;
                    case LT -> a < b;
                    default -> a <= b;
                };
                yield t ? 1 : (bool ? 0 : Double.NaN);
            }
        };
    }

    private Map<Map<String, String>, double[]> scalarRow(double s) {
        double[] vs = new double[times.length];
        Arrays.fill(vs, s);
        Map<Map<String, String>, double[]> m = new HashMap<>();
        m.put(Map.of(), vs);
        return m;
    }

    private static double[] nanRow(int n) {
        double[] o = new double[n];
        Arrays.fill(o, Double.NaN);
        return o;
    }

    /** The bounds of one evaluation, shared by its inputs. */
    static final class Limits {
        private final int maxSeries;
        private int series;
        private long values;

        Limits(int maxSeries) {
            this.maxSeries = maxSeries;
        }

        void newSeries() {
            if (++series > maxSeries) {
                throw new LogQlLimitException("the query produces more than " + maxSeries + " series: aggregate"
                        + " with sum by (…) or narrow the selector and filters");
            }
        }

        void values(int added) {
            values += added;
            if (values > MAX_VALUES) {
                throw new LogQlLimitException("quantile_over_time would hold more than " + MAX_VALUES
                        + " values: use a shorter range, a larger step or more filters");
            }
        }
    }
}

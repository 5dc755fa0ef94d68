package io.sluice.common.query.logql;

import io.sluice.common.event.Utf8Length;
import io.sluice.common.query.logql.MetricExpr.Grouping;
import io.sluice.common.query.logql.MetricExpr.RangeAggregation;
import io.sluice.common.query.logql.MetricExpr.RangeOp;
import io.sluice.common.query.logql.MetricExpr.Unwrap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The input of one range aggregation of a metric query: the caller runs the aggregation's log query
 * ({@link #selector()}) over the events with {@code fromNanos() <= ts < toNanos()}, in any order,
 * and feeds each to {@link #offer}; {@link MetricEvaluator#result()} then answers. Not
 * thread-safe: feed it from one thread at a time.
 */
public final class RangeInput {

    private final RangeAggregation expr;
    private final LinePipeline pipeline;
    private final StepWindows windows;
    private final UnaryOperator<Map<String, String>> projection;
    private final MetricEvaluator.Limits limits;
    private final boolean countsBytes;
    private final Map<Map<String, String>, Buckets> series = new HashMap<>();
    private Map<String, String> lastLabels;
    private Buckets lastBuckets;
    private long samples;
    private long skipped;

    RangeInput(RangeAggregation expr, long[] times, UnaryOperator<Map<String, String>> pushedDown,
            MetricEvaluator.Limits limits) {
        this.expr = expr;
        Unwrap unwrap = expr.unwrap();
        this.pipeline = LinePipeline.compile(expr.selector(), unwrap == null ? List.of() : unwrap.postFilters());
        this.windows = new StepWindows(times, expr.rangeNanos(), expr.offsetNanos());
        UnaryOperator<Map<String, String>> own = expr.grouping() == null ? null : grouping(expr.grouping());
        if (own != null && pushedDown != null) {
            this.projection = l -> pushedDown.apply(own.apply(l));
        } else {
            this.projection = own != null ? own : pushedDown;
        }
        this.limits = limits;
        this.countsBytes = expr.op() == RangeOp.BYTES_OVER_TIME || expr.op() == RangeOp.BYTES_RATE;
    }

    /** The range aggregation this input feeds. */
    public RangeAggregation expr() {
        return expr;
    }

    /** The log query to run: its stream matchers and required tokens are the planner's pruning input. */
    public LogSelectorExpr selector() {
        return expr.selector();
    }

    /** Earliest event time that can count, inclusive. */
    public long fromNanos() {
        return windows.fromExclusive() + 1;
    }

    /** Latest event time that can count, exclusive. */
    public long toNanos() {
        return windows.toInclusive() + 1;
    }

    /** Samples accepted so far. */
    public long samples() {
        return samples;
    }

    /** Samples skipped: pipeline errors ({@code __error__}) and unwrapped values that are not numbers. */
    public long skipped() {
        return skipped;
    }

    /**
     * Runs the log query over one event and adds its sample.
     *
     * @param streamLabels the event's stream labels
     * @param tsNanos the event's time
     * @param line the log line
     * @param storedFields fields extracted at ingest ({@link LinePipeline}), may be empty
     * @return whether the event became a sample
     * @throws LogQlLimitException when a new series or held sample passes the query's bounds
     */
    public boolean offer(Map<String, String> streamLabels, long tsNanos, String line, Map<String, String> storedFields) {
        int bucket = windows.bucket(tsNanos);
        if (bucket < 0) {
            return false;
        }
        LinePipeline.Result r = pipeline.apply(streamLabels, line, storedFields);
        if (r == null) {
            return false;
        }
        Map<String, String> labels = r.labels();
        double value;
        Unwrap unwrap = expr.unwrap();
        if (unwrap != null) {
            String raw = labels.get(unwrap.label());
            if (raw == null && storedFields != null) {
                raw = storedFields.get(unwrap.label());
            }
            value = raw == null ? Double.NaN : switch (unwrap.conversion()) {
                case NUMBER -> Numbers.parse(raw);
                case DURATION_SECONDS -> Durations.valueSeconds(raw);
                case BYTES -> ByteSizes.parse(raw);
            };
            if (Double.isNaN(value)) {
                skipped++;
                return false;
            }
            if (labels.containsKey(unwrap.label())) {
                labels = new HashMap<>(labels);
                labels.remove(unwrap.label());
            }
        } else if (countsBytes) {
            value = Utf8Length.of(r.line());
        } else {
            value = 1;
        }
        return add(bucket, labels, tsNanos, value);
    }

    /**
     * Adds a sample whose labels the caller already computed (the log query's result labels).
     *
     * @param labels the sample's labels
     * @param tsNanos its time
     * @param value the line's UTF-8 length for {@code bytes_*}, the unwrapped value for unwrapped
     *     aggregations, ignored when counting lines
     * @return whether a window holds it
     */
    public boolean accept(Map<String, String> labels, long tsNanos, double value) {
        int bucket = windows.bucket(tsNanos);
        return bucket >= 0 && add(bucket, labels, tsNanos, value);
    }

    /**
     * Adds {@code count} lines at one time at once, as an index that counts lines without reading them
     * answers ({@code count_over_time}, {@code rate}, {@code bytes_over_time}, {@code bytes_rate}
     * without unwrap): exactly what offering each line would add.
     *
     * @param labels the lines' labels
     * @param tsNanos the time they are counted at
     * @param count how many lines
     * @param bytes their total UTF-8 length (used by the {@code bytes_*} functions)
     * @return whether a window holds them
     * @throws IllegalStateException when the aggregation needs each line's value
     */
    public boolean acceptCount(Map<String, String> labels, long tsNanos, long count, double bytes) {
        boolean counts = expr.unwrap() == null && switch (expr.op()) {
            case COUNT_OVER_TIME, RATE, BYTES_OVER_TIME, BYTES_RATE -> true;
            default -> false;
        };
        if (!counts) {
            throw new IllegalStateException(expr.op() + " needs each line's value");
        }
        int bucket = windows.bucket(tsNanos);
        if (bucket < 0 || count <= 0) {
            return false;
        }
        Buckets b = series(labels);
        if (b == null) {
            return false;
        }
        b.addCount(bucket, count, bytes);
        samples += count;
        return true;
    }

    private Buckets series(Map<String, String> labels) {
        if (labels.containsKey(LinePipeline.ERROR)) {
            skipped++;
            return null;
        }
        if (labels == lastLabels) {
            return lastBuckets;
        }
        Map<String, String> key = projection == null ? new TreeMap<>(labels) : projection.apply(labels);
        Buckets b = series.get(key);
        if (b == null) {
            limits.newSeries();
            b = new Buckets(expr.op(), expr.unwrap() != null, windows.buckets());
            series.put(key, b);
        }
        lastLabels = labels;
        lastBuckets = b;
        return b;
    }

    private boolean add(int bucket, Map<String, String> labels, long tsNanos, double value) {
        Buckets b = series(labels);
        if (b == null) {
            return false;
        }
        limits.values(b.add(bucket, tsNanos, value));
        samples++;
        return true;
    }

    /** Each series' value at every step; {@code NaN} where its window holds no sample. */
    Map<Map<String, String>, double[]> matrix() {
        double rangeSeconds = expr.rangeNanos() / 1e9;
        double q = expr.parameter() == null ? 0 : expr.parameter();
        Map<Map<String, String>, double[]> out = new HashMap<>();
        series.forEach((labels, b) -> {
            double[] v = new double[windows.points()];
            for (int i = 0; i < v.length; i++) {
                v[i] = b.window(windows.first(i), windows.last(i), rangeSeconds, q);
            }
            out.put(labels, v);
        });
        return out;
    }

    /** The labels a grouping keeps: {@code by} keeps those named, {@code without} the others. */
    static UnaryOperator<Map<String, String>> grouping(Grouping g) {
        if (g == null) {
            return l -> new TreeMap<>();
        }
        List<String> names = g.labels();
        if (g.without()) {
            return l -> {
                TreeMap<String, String> m = new TreeMap<>(l);
                names.forEach(m::remove);
                m.remove(LinePipeline.ERROR_DETAILS);
                return m;
            };
        }
        return l -> {
            TreeMap<String, String> m = new TreeMap<>();
            for (String n : names) {
                String v = l.get(n);
                if (v != null) {
                    m.put(n, v);
                }
            }
            return m;
        };
    }
}

package io.sluice.bench;

import io.sluice.common.query.logql.LinePipeline;
import io.sluice.common.query.logql.LogQl;
import io.sluice.common.query.logql.MetricEvaluator;
import io.sluice.common.query.logql.RangeInput;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Lines per second through the LogQL evaluator ({@code io.sluice.common.query.logql}) on one thread,
 * over the 16,000 Loghub-2k lines. One operation is one line.
 *
 * <ul>
 *   <li>{@code pipeline}: {@link LinePipeline#apply} for the query in {@code query}: a substring
 *       filter, an RE2 regex filter, a {@code pattern} parser with a label filter, and a
 *       {@code logfmt} parser with a label filter;</li>
 *   <li>{@code countByLevel}: feeding {@code sum by (level) (count_over_time({…}[1m]))} over a 24 h
 *       range with a 1 min step (the histogram query), timestamps spread over the day;</li>
 *   <li>baselines: {@code baselineContains} ({@code String.contains}) and {@code baselineJdkRegex}
 *       ({@code java.util.regex} {@code find}), the cheapest way to answer the first two queries.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Threads(1)
@State(Scope.Thread)
public class LogQlBenchmark {

    private static final int LINES = 16_000;
    private static final long DAY = 86_400_000_000_000L;
    private static final long START = 1_700_000_000_000_000_000L;
    private static final Map<String, String> STREAM = Map.of("service", "hdfs", "host", "node-1", "level", "INFO");

    @Param({
        "{service=\"hdfs\"} |= \"Exception\"",
        "{service=\"hdfs\"} |~ \"fail(ed|ure)\"",
        "{service=\"hdfs\"} | pattern \"<_> <_> <pid> <lvl> <rest>\" | lvl=\"WARN\"",
        "{service=\"hdfs\"} | logfmt | size > 1KB"})
    public String query;

    private String[] lines;
    private LinePipeline pipeline;
    private Pattern jdkRegex;

    @Setup
    public void setUp() {
        List<String> all = LoghubLines.load();
        lines = all.subList(0, Math.min(LINES, all.size())).toArray(String[]::new);
        pipeline = LinePipeline.compile(LogQl.parseLogQuery(query));
        jdkRegex = Pattern.compile("fail(ed|ure)");
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void pipeline(Blackhole bh) {
        for (String line : lines) {
            bh.consume(pipeline.apply(STREAM, line, Map.of()));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void countByLevel(Blackhole bh) {
        MetricEvaluator ev = MetricEvaluator.create(
                LogQl.parseMetricQuery("sum by (level) (count_over_time({service=\"hdfs\"}[1m]))"),
                START, START + DAY, 60_000_000_000L, MetricEvaluator.DEFAULT_MAX_SERIES);
        RangeInput in = ev.inputs().get(0);
        for (int i = 0; i < lines.length; i++) {
            in.offer(STREAM, START + i * (DAY / LINES), lines[i], Map.of());
        }
        bh.consume(ev.result());
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void baselineContains(Blackhole bh) {
        for (String line : lines) {
            bh.consume(line.contains("Exception"));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void baselineJdkRegex(Blackhole bh) {
        for (String line : lines) {
            bh.consume(jdkRegex.matcher(line).find());
        }
    }
}

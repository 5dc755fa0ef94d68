package io.sluice.bench;

import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.pipeline.parse.MultilineProperties;
import io.sluice.pipeline.parse.ParseProperties;
import io.sluice.pipeline.parse.ParseRule;
import io.sluice.pipeline.parse.ParseStage;
import io.sluice.pipeline.parse.ParserType;
import io.sluice.pipeline.stage.PipelineEvent;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.springframework.util.unit.DataSize;

/**
 * Nanoseconds per event through the pipeline's {@link ParseStage} on one thread, over the 16,000
 * Loghub-2k lines (8 systems) in buffer-entry-sized batches of {@value #BATCH}. One operation is one
 * event, including creating its {@link PipelineEvent} (as {@code EntryProcessor} does);
 * {@code baselineNewEvents} measures that part alone.
 *
 * <ul>
 *   <li>{@code json}: each line inside a JSON object with {@code ts}, {@code level}, {@code logger},
 *       {@code msg}, {@code n} (auto-detected, flattened, time and level taken);</li>
 *   <li>{@code logfmt}: the same five fields as logfmt (auto-detected);</li>
 *   <li>{@code grok}: the raw lines, one grok rule per system written after its Loghub log_format
 *       (selected by the {@code service} label);</li>
 *   <li>{@code auto}: the raw lines without rules: detection rejects them, the line-start time scan runs;</li>
 *   <li>{@code mixed}: json, logfmt and raw lines in turn, no rules.</li>
 * </ul>
 * Dataset folder: system property {@code dataset}, default {@code ../shared/datasets/loghub-2k}.
 *
 * <p>The machine is shared, so wall-clock ns/op overstate the cost when other processes take the
 * cores; like {@code PatternMinerBenchmark}, this also prints the benchmark thread's own CPU time per
 * event over the measurement iterations ({@code [cpu]} lines; garbage collection runs on other
 * threads and is not included). {@link #main} does the same work without JMH. Warm-up is long because on a loaded machine the JIT compiler's
 * threads get little CPU too; short warm-ups measure interpreted code.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 10, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(1)
@State(Scope.Thread)
public class ParseStageBenchmark {

    private static final int BATCH = 100;
    private static final long T0 = 1_764_000_000_000_000_000L;

    /** Grok rules a user would write for the Loghub systems, after each one's log_format. */
    private static final Map<String, String> GROK = Map.of(
            "HDFS", "^%{INT:date} %{INT:time} %{INT:pid} %{LOGLEVEL:level} %{NOTSPACE:component}: %{GREEDYDATA:content}",
            "Hadoop", "^%{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:level} \\[%{DATA:process}\\] %{JAVACLASS:component}: %{GREEDYDATA:content}",
            "Spark", "^%{NOTSPACE:date} %{TIME:time} %{LOGLEVEL:level} %{NOTSPACE:component}: %{GREEDYDATA:content}",
            "Zookeeper", "^%{TIMESTAMP_ISO8601:timestamp} - %{LOGLEVEL:level} +\\[%{DATA:node}:%{NOTSPACE:component}@%{INT:line}\\] - "
                    + "%{GREEDYDATA:content}",
            "OpenSSH", "^%{SYSLOGTIMESTAMP:timestamp} %{HOSTNAME:host} %{WORD:app}\\[%{INT:pid}\\]: %{GREEDYDATA:content}",
            "Apache", "^\\[%{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{YEAR}\\] \\[%{LOGLEVEL:level}\\] %{GREEDYDATA:content}",
            "Linux", "^%{SYSLOGTIMESTAMP:timestamp} %{NOTSPACE:host} %{DATA:app}(?:\\[%{INT:pid}\\])?: %{GREEDYDATA:content}",
            "HealthApp", "^%{PIPEFIELD:time}\\|%{PIPEFIELD:component}\\|%{INT:pid}\\|%{GREEDYDATA:content}");

    @Param({"json", "logfmt", "grok", "auto", "mixed"})
    public String format;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ParseStage stage;
    private LogEvent[] events;
    private int next;
    private long ops;
    private long iterationCpuStart;
    private long measuredOps;
    private long measuredCpuNanos;

    @Setup(Level.Iteration)
    public void startIteration() {
        ops = 0;
        iterationCpuStart = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams params) {
        if (params.getType() == IterationType.MEASUREMENT) {
            measuredCpuNanos += THREADS.getCurrentThreadCpuTime() - iterationCpuStart;
            measuredOps += ops;
        }
    }

    @TearDown(Level.Trial)
    public void report(BenchmarkParams params) {
        if (measuredOps > 0) {
            double ns = (double) measuredCpuNanos / measuredOps;
            System.out.printf("%n[cpu] %s %s: %,d events, %.0f CPU-ns per event = %,.0f events per CPU-second%n",
                    params.getBenchmark().replaceAll(".*\\.", ""), format, measuredOps, ns, 1e9 / ns);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        List<String[]> lines = load();
        List<ParseRule> rules = new ArrayList<>();
        if (format.equals("grok")) {
            GROK.forEach((system, pattern) -> rules.add(new ParseRule(system, "{service=\"" + system + "\"}", ParserType.GROK, pattern,
                    null, null, null, false)));
        }
        stage = new ParseStage(new ParseProperties(rules, true, Duration.ofDays(7), Duration.ofMinutes(10), Map.of("PIPEFIELD", "[^|]+")),
                new MultilineProperties(List.of(), 500, DataSize.ofKilobytes(64)));
        events = new LogEvent[lines.size()];
        for (int i = 0; i < events.length; i++) {
            String system = lines.get(i)[0];
            String line = lines.get(i)[1];
            String message = switch (format) {
                case "json" -> json(system, line, i);
                case "logfmt" -> logfmt(system, line, i);
                case "mixed" -> i % 3 == 0 ? json(system, line, i) : i % 3 == 1 ? logfmt(system, line, i) : line;
                default -> line;
            };
            events[i] = LogEvent.newBuilder().setId(String.format("%032x", i)).setTenant("bench").setTimestampUnixNanos(T0)
                    .setService(system).setHost("host-1").setLevel("").setMessage(message).build();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void parse(Blackhole bh) {
        bh.consume(stage.apply(batch()));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void baselineNewEvents(Blackhole bh) {
        bh.consume(batch());
    }

    /**
     * The same work without JMH, for a machine too loaded for JMH's time-boxed warm-up: per format
     * named in {@code args}, 30 warm-up passes over the 16,000 events, then 30 measured passes,
     * printing this thread's CPU-ns per event (parse, and creating the events alone).
     */
    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int invocations = 30 * 16_000 / BATCH;
        for (String f : args) {
            ParseStageBenchmark b = new ParseStageBenchmark();
            b.format = f;
            b.setUp();
            long sink = 0;
            for (int i = 0; i < invocations; i++) {
                sink += b.stage.apply(b.batch()).size();
            }
            long c0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < invocations; i++) {
                sink += b.stage.apply(b.batch()).size();
            }
            long c1 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < invocations; i++) {
                sink += b.batch().size();
            }
            long c2 = threads.getCurrentThreadCpuTime();
            double events = (double) invocations * BATCH;
            System.out.printf("%s: %.0f CPU-ns per event parsed, %.0f CPU-ns per event created (%d)%n", f, (c1 - c0) / events,
                    (c2 - c1) / events, sink);
        }
    }

    private List<PipelineEvent> batch() {
        ops += BATCH;
        List<PipelineEvent> batch = new ArrayList<>(BATCH);
        for (int k = 0; k < BATCH; k++) {
            batch.add(new PipelineEvent(events[next]));
            next = next + 1 == events.length ? 0 : next + 1;
        }
        return batch;
    }

    private static String time(int i) {
        return Instant.ofEpochSecond(0, T0 - (16_000L - i) * 7_000_000L).toString();
    }

    private static String level(int i) {
        return i % 10 == 0 ? "warn" : i % 25 == 0 ? "error" : "info";
    }

    private static String json(String system, String line, int i) {
        return "{\"ts\":\"" + time(i) + "\",\"level\":\"" + level(i) + "\",\"logger\":\"" + system + "\",\"msg\":\"" + escape(line)
                + "\",\"n\":" + i + "}";
    }

    private static String logfmt(String system, String line, int i) {
        return "ts=" + time(i) + " level=" + level(i) + " logger=" + system + " msg=\"" + escape(line) + "\" n=" + i;
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c >= ' ') {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** (system, line) for every line of every {@code <System>_2k.log}, in file order. */
    private static List<String[]> load() {
        Path dir = Path.of(System.getProperty("dataset", "../shared/datasets/loghub-2k"));
        List<String[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith("_2k.log")).sorted().toList()) {
                String system = file.getFileName().toString().replace("_2k.log", "");
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        out.add(new String[] {system, line});
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Loghub-2k lines under " + dir.toAbsolutePath() + " (set -Ddataset=<dir>)", e);
        }
        if (out.size() % BATCH != 0 || out.isEmpty()) {
            throw new IllegalStateException(out.size() + " lines under " + dir.toAbsolutePath() + "; expected a multiple of " + BATCH);
        }
        return out;
    }
}

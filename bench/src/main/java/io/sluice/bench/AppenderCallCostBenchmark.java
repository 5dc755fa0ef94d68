package io.sluice.bench;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.slf4j.Logger;

/**
 * What one {@code log.info("user {} checked out order {}", user, order)} costs the calling
 * thread, with 1 and 8 logging threads, for these root appenders in the same run:
 * <ul>
 *   <li>{@code sluice}: the Sluice appender with its defaults (early capture: the call is taken by
 *       its turbo filter before Logback builds an event; zstd), sending to a real gRPC server in
 *       this JVM that acknowledges and discards every batch ({@link IngestSink}), so the agent
 *       does all its work: capture, queue, encode, compress, send;</li>
 *   <li>{@code sluiceAppenderPath}: the same with early capture off (Logback builds the event and
 *       calls the appender);</li>
 *   <li>{@code sluiceBesideNoOp}: early capture on, but a synchronous no-op appender is on the root
 *       too (as a console appender would be), so every call goes Logback's usual way;</li>
 *   <li>{@code asyncAppender}: Logback's AsyncAppender ({@code neverBlock=true}, the same queue
 *       capacity) over an appender that does nothing — the baseline the target is set against;</li>
 *   <li>{@code captureFloor}: a synchronous appender that only stores the event reference in a
 *       pre-allocated ring — what any asynchronous hand-off must at least cost (the event escapes),
 *       so {@code sluice - captureFloor} is the agent's own cost on the logging thread;</li>
 *   <li>{@code syncNoOp}: a synchronous appender that does nothing — Logback building the event,
 *       which the JIT may partly optimise away when the event does not escape.</li>
 * </ul>
 * Run with {@code -prof gc} for bytes per call (JMH sums all threads: the agent's and the sink's
 * included). Every trial also prints, from {@link ThreadUsage}, the CPU time and bytes of the
 * logging threads per call and of the agent's threads (its own, and its gRPC client's) per event
 * sent, over the measurement
 * iterations; and how many calls were made and how many reached the destination (the rest were
 * dropped: both appenders drop rather than block when their queue is full).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class AppenderCallCostBenchmark {

    /** Queue capacity of both asynchronous appenders (a power of two, as ring buffers like). */
    static final int QUEUE_CAPACITY = 8192;

    private static final ThreadUsage.Usage ZERO = new ThreadUsage.Usage(0, 0);

    @Param({"sluice", "sluiceAppenderPath", "sluiceBesideNoOp", "asyncAppender", "captureFloor", "syncNoOp"})
    public String appender;

    private final Queue<Caller> callers = new ConcurrentLinkedQueue<>();
    private IngestSink sink;
    private BenchLogging logging;
    private Logger logger;
    private ThreadUsage iterationStart;
    private boolean measuring;
    private long callsAtIterationStart;
    private long sinkEventsAtIterationStart;
    private long measuredCalls;
    private long measuredSent;
    private ThreadUsage.Usage measuredApp = ZERO;
    private ThreadUsage.Usage measuredAgent = ZERO;
    private ThreadUsage.Usage measuredTransport = ZERO;

    /** Per-thread arguments (pre-built, so the benchmark itself allocates nothing) and call count. */
    @State(Scope.Thread)
    public static class Caller {
        final String user = "u-" + Thread.currentThread().getId();
        final Long order = 4_711_000L + Thread.currentThread().getId();
        long calls;

        @Setup(Level.Trial)
        public void register(AppenderCallCostBenchmark benchmark) {
            benchmark.callers.add(this);
        }
    }

    @Setup(Level.Trial)
    public void start() {
        callers.clear();
        measuredCalls = 0;
        measuredSent = 0;
        measuredApp = ZERO;
        measuredAgent = ZERO;
        measuredTransport = ZERO;
        switch (appender) {
            case "sluice" -> {
                sink = IngestSink.discarding();
                logging = BenchLogging.sluice(sink.endpoint(), QUEUE_CAPACITY, System.getProperty("compression"), true, null);
            }
            case "sluiceAppenderPath" -> {
                sink = IngestSink.discarding();
                logging = BenchLogging.sluice(sink.endpoint(), QUEUE_CAPACITY, System.getProperty("compression"), false, null);
            }
            case "sluiceBesideNoOp" -> {
                sink = IngestSink.discarding();
                logging = BenchLogging.sluice(sink.endpoint(), QUEUE_CAPACITY, System.getProperty("compression"), true,
                        CountingAppender.noOp());
            }
            case "asyncAppender" -> logging = BenchLogging.asyncAppender(CountingAppender.noOp(), QUEUE_CAPACITY);
            case "captureFloor" -> logging = BenchLogging.captureFloor();
            case "syncNoOp" -> logging = BenchLogging.synchronousNoOp();
            default -> throw new IllegalArgumentException("unknown appender " + appender);
        }
        logger = logging.logger();
    }

    @Setup(Level.Iteration)
    public void markIteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        iterationStart = ThreadUsage.snapshot();
        callsAtIterationStart = calls();
        sinkEventsAtIterationStart = sink == null ? 0 : sink.events();
    }

    /**
     * Adds this measurement iteration's per-thread usage to the trial's totals: CPU and bytes of the
     * logging threads per call, and of the agent's threads per event it sent.
     */
    @TearDown(Level.Iteration)
    public void recordIteration() {
        if (!measuring) {
            return;
        }
        Map<String, ThreadUsage.Usage> usage = ThreadUsage.snapshot().since(iterationStart);
        measuredCalls += calls() - callsAtIterationStart;
        measuredApp = measuredApp.plus(usage.getOrDefault("app", ZERO));
        if (sink != null) {
            measuredSent += sink.events() - sinkEventsAtIterationStart;
            measuredAgent = measuredAgent.plus(usage.getOrDefault("agent", ZERO));
            measuredTransport = measuredTransport.plus(usage.getOrDefault("transport", ZERO));
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        // Read after JMH stopped and joined the measurement threads.
        long made = calls();
        System.out.printf(Locale.ROOT, "%n  [%s] measurement iterations: logging threads used %s CPU-ns and allocated %s B per call",
                appender, per(measuredApp.cpuNanos(), measuredCalls), per(measuredApp.bytes(), measuredCalls));
        if (sink != null) {
            System.out.printf(Locale.ROOT, "; agent threads used %s CPU-ns and allocated %s B per event sent (%,d sent);"
                            + " gRPC client threads used %s CPU-ns and allocated %s B per event sent",
                    per(measuredAgent.cpuNanos(), measuredSent), per(measuredAgent.bytes(), measuredSent), measuredSent,
                    per(measuredTransport.cpuNanos(), measuredSent), per(measuredTransport.bytes(), measuredSent));
            logging.close();
            Object stats = logging.sluiceAppender().stats();
            System.out.printf(Locale.ROOT, "%n  [" + appender + "] whole trial: calls %,d; events acknowledged by the sink %,d (%.1f%%); agent stats after close: %s%n",
                    made, sink.events(), percent(sink.events(), made), stats);
            sink.close();
        } else if ("syncNoOp".equals(appender) || "captureFloor".equals(appender)) {
            logging.close();
            System.out.printf(Locale.ROOT, "%n  [%s] whole trial: calls %,d (all handled synchronously)%n", appender, made);
        } else {
            long reached = logging.countingAppender().appended();
            logging.close();
            System.out.printf(Locale.ROOT, "%n  [%s] whole trial: calls %,d; events that reached the no-op appender %,d (%.1f%%)%n",
                    appender, made, reached, percent(reached, made));
        }
    }

    @Benchmark
    @Threads(1)
    public void info1Thread(Caller caller) {
        logger.info("user {} checked out order {}", caller.user, caller.order);
        caller.calls++;
    }

    @Benchmark
    @Threads(8)
    public void info8Threads(Caller caller) {
        logger.info("user {} checked out order {}", caller.user, caller.order);
        caller.calls++;
    }

    private long calls() {
        return callers.stream().mapToLong(c -> c.calls).sum();
    }

    private static String per(long amount, long count) {
        return count == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", (double) amount / count);
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}

package io.sluice.bench;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Does a logging call ever block when the destination takes only a tenth of what the
 * application logs? Eight threads log as fast as they can into
 * <ol>
 *   <li>a synchronous appender that does nothing: the control — it cannot block, so its tail is
 *       what this machine's scheduler and GC alone add to a call;</li>
 *   <li>the Sluice appender whose ingest (a real gRPC server in this JVM, {@link IngestSink})
 *       acknowledges at most a tenth of the offered rate;</li>
 *   <li>Logback's AsyncAppender ({@code neverBlock=true}, same queue capacity) over an appender
 *       paced to a tenth of its offered rate.</li>
 * </ol>
 * Every call is timed; prints p50 … p99.99 and max call latency, calls/s, what the destination
 * took and what was dropped. Each asynchronous appender's offered rate is calibrated first, by the
 * same threads logging for a few seconds with a destination that accepts everything; its paced
 * destination then accepts {@code calibrated / overload} events per second. The measured
 * offered/accepted ratio is printed, since dropping is cheaper than queueing and the offered rate
 * rises under overload.
 *
 * <p>Options (system properties): {@code threads} (8), {@code overload} (10), {@code seconds} (15,
 * measured), {@code warmupSeconds} (3), {@code calibrateSeconds} (3).
 */
public final class OverloadLatencyHarness {

    private static final int THREADS = Integer.getInteger("threads", 8);
    private static final int OVERLOAD = Integer.getInteger("overload", 10);
    private static final long MEASURE = TimeUnit.SECONDS.toNanos(Long.getLong("seconds", 15));
    private static final long WARMUP = TimeUnit.SECONDS.toNanos(Long.getLong("warmupSeconds", 3));
    private static final long CALIBRATE = TimeUnit.SECONDS.toNanos(Long.getLong("calibrateSeconds", 3));
    private static final int CAPACITY = AppenderCallCostBenchmark.QUEUE_CAPACITY;

    private OverloadLatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "%d threads, %d s measured after %d s warm-up, queue capacity %,d, overload %d×%n%n",
                THREADS, TimeUnit.NANOSECONDS.toSeconds(MEASURE), TimeUnit.NANOSECONDS.toSeconds(WARMUP), CAPACITY, OVERLOAD);
        try (BenchLogging logging = BenchLogging.synchronousNoOp()) {
            ProducerRun.Result result = ProducerRun.run(logging.logger(), THREADS, WARMUP, MEASURE, () -> { });
            print("Control: synchronous no-op appender (cannot block)", result, result.calls());
        }
        sluice();
        asyncAppender();
    }

    private static void sluice() throws InterruptedException {
        double offered;
        try (IngestSink sink = IngestSink.discarding(); BenchLogging logging = BenchLogging.sluice(sink.endpoint(), CAPACITY)) {
            offered = ProducerRun.run(logging.logger(), THREADS, WARMUP, CALIBRATE, () -> { }).callsPerSecond();
        }
        double accepted = offered / OVERLOAD;
        System.out.printf(Locale.ROOT, "%nSluice calibration: %,.0f calls/s offered with a sink that takes everything; the paced sink accepts %,.0f events/s%n",
                offered, accepted);
        try (IngestSink sink = IngestSink.paced(accepted); BenchLogging logging = BenchLogging.sluice(sink.endpoint(), CAPACITY)) {
            AtomicLong sinkAtStart = new AtomicLong();
            ProducerRun.Result result = ProducerRun.run(logging.logger(), THREADS, WARMUP, MEASURE, () -> sinkAtStart.set(sink.events()));
            long delivered = sink.events() - sinkAtStart.get();
            Object stats = logging.sluiceAppender().stats();
            print("Sluice appender", result, delivered);
            System.out.println("  agent counters at the end of the run (warm-up included): " + stats);
        }
    }

    private static void asyncAppender() throws InterruptedException {
        double offered;
        try (BenchLogging logging = BenchLogging.asyncAppender(CountingAppender.noOp(), CAPACITY)) {
            offered = ProducerRun.run(logging.logger(), THREADS, WARMUP, CALIBRATE, () -> { }).callsPerSecond();
        }
        double accepted = offered / OVERLOAD;
        System.out.printf(Locale.ROOT, "%nAsyncAppender calibration: %,.0f calls/s offered over a no-op appender; the paced appender accepts %,.0f events/s%n",
                offered, accepted);
        CountingAppender slow = CountingAppender.paced(accepted);
        try (BenchLogging logging = BenchLogging.asyncAppender(slow, CAPACITY)) {
            AtomicLong atStart = new AtomicLong();
            ProducerRun.Result result = ProducerRun.run(logging.logger(), THREADS, WARMUP, MEASURE, () -> atStart.set(slow.appended()));
            long delivered = slow.appended() - atStart.get();
            print("Logback AsyncAppender(neverBlock)", result, delivered);
            System.out.printf(Locale.ROOT, "  not delivered in the measured period (dropped by the discarding threshold or a full queue): %,d calls%n",
                    result.calls() - delivered);
        }
    }

    private static void print(String name, ProducerRun.Result result, long delivered) {
        Histogram h = result.latency();
        double deliveredPerSecond = delivered / result.seconds();
        System.out.printf(Locale.ROOT, "%s: %,d calls in %.0f s = %,.0f calls/s, %.0f CPU-ns per call on the logging threads;"
                        + " destination took %,.0f events/s (offered/accepted = %.1f×)%n",
                name, result.calls(), result.seconds(), result.callsPerSecond(), result.cpuNanosPerCall(), deliveredPerSecond,
                result.callsPerSecond() / Math.max(1, deliveredPerSecond));
        System.out.printf(Locale.ROOT, "  call latency ns: p50 %,d  p90 %,d  p99 %,d  p99.9 %,d  p99.99 %,d  max %,d; calls ≥ 1 ms: %,d; GC in period: %d collections, %d ms%n",
                h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getValueAtPercentile(99.99), h.getMaxValue(),
                h.getCountBetweenValues(TimeUnit.MILLISECONDS.toNanos(1), h.getHighestTrackableValue()),
                result.gcCount(), result.gcMillis());
    }
}

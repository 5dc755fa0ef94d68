package io.sluice.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;

/**
 * {@code threads} logging threads calling {@code logger.info("user {} checked out order {}", …)}
 * as fast as they can: first for a warm-up (not recorded), then for the measured period, timing
 * every call with {@link System#nanoTime()} into a per-thread {@link Histogram}, merged at the end.
 */
final class ProducerRun {

    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** What the measured period saw: all calls' latencies, their count, the logging threads' CPU time, GC activity. */
    record Result(Histogram latency, long calls, double seconds, long cpuNanos, long gcCount, long gcMillis) {

        double callsPerSecond() {
            return calls / seconds;
        }

        /** CPU time of the logging threads per call (timing and loop included). */
        double cpuNanosPerCall() {
            return calls == 0 ? 0 : (double) cpuNanos / calls;
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ProducerRun() {
    }

    /**
     * Runs the producers and calls {@code atMeasurementStart} once, when warm-up ends (from the
     * calling thread, before the measured period begins).
     */
    static Result run(Logger logger, int threads, long warmupNanos, long measureNanos, Runnable atMeasurementStart)
            throws InterruptedException {
        long start = System.nanoTime();
        long measureStart = start + warmupNanos;
        long end = measureStart + measureNanos;
        List<Histogram> histograms = new ArrayList<>();
        long[] calls = new long[threads];
        long[] cpu = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
            histograms.add(histogram);
            int index = t;
            String user = "u-" + t;
            Long order = 4_711_000L + t;
            Thread worker = new Thread(() -> {
                long now = System.nanoTime();
                while (now < measureStart) {
                    logger.info("user {} checked out order {}", user, order);
                    now = System.nanoTime();
                }
                long made = 0;
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                while (now < end) {
                    long before = System.nanoTime();
                    logger.info("user {} checked out order {}", user, order);
                    now = System.nanoTime();
                    histogram.recordValue(Math.min(now - before, HIGHEST_NANOS));
                    made++;
                }
                calls[index] = made;
                cpu[index] = THREADS.getCurrentThreadCpuTime() - cpuStart;
            }, "bench-app-" + t);
            workers.add(worker);
        }
        workers.forEach(Thread::start);
        TimeUnit.NANOSECONDS.sleep(Math.max(0, measureStart - System.nanoTime()));
        atMeasurementStart.run();
        long[] gcBefore = gc();
        for (Thread worker : workers) {
            worker.join();
        }
        long[] gcAfter = gc();
        Histogram all = new Histogram(HIGHEST_NANOS, 3);
        histograms.forEach(all::add);
        long total = 0;
        long cpuTotal = 0;
        for (int t = 0; t < threads; t++) {
            total += calls[t];
            cpuTotal += cpu[t];
        }
        return new Result(all, total, measureNanos / 1e9, cpuTotal, gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1]);
    }

    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, bean.getCollectionCount());
            millis += Math.max(0, bean.getCollectionTime());
        }
        return new long[] {count, millis};
    }
}

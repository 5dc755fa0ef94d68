package io.sluice.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * Logs the Loghub sample, cycling over its lines, on its own thread: each line through the logger
 * {@code loghub.<dataset>} at the level {@link LineLevels} reads from it (or, when
 * {@code demo.level-cycle} is set, at its levels in turn), paced at {@code demo.rate-per-second},
 * every {@code demo.exception-every}-th line with an exception and
 * its stack trace attached. Stops after {@code demo.total-events} lines (then runs the on-done
 * action once) or when closed. At the end of a finite run it prints one line to standard output,
 * {@code demo emitted by level: TRACE=a DEBUG=b INFO=c WARN=d ERROR=e}, the lines it logged at each
 * level, so that a test reading the process output knows what the agent was given to ship.
 */
public final class DemoLogGenerator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoLogGenerator.class);

    private final List<LoghubLine> lines;
    private final DemoProperties properties;
    private final Runnable onDone;
    private final PrintStream out;
    private final Map<String, Logger> loggers = new HashMap<>();
    private final AtomicLong emitted = new AtomicLong();
    private final AtomicLongArray emittedByLevel = new AtomicLongArray(Level.values().length);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean stopping;
    private Thread thread;

    DemoLogGenerator(LoghubSample sample, DemoProperties properties, Runnable onDone) {
        this(sample, properties, onDone, System.out);
    }

    /** With {@code out} receiving the per-level summary line instead of standard output. */
    DemoLogGenerator(LoghubSample sample, DemoProperties properties, Runnable onDone, PrintStream out) {
        this.lines = sample.lines();
        this.properties = properties;
        this.onDone = onDone;
        this.out = out;
        for (String dataset : LoghubSample.DATASETS) {
            loggers.put(dataset, LoggerFactory.getLogger("loghub." + dataset));
        }
    }

    /** Starts logging on the thread {@code demo-log-generator}; a second call does nothing. */
    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::run, "demo-log-generator");
            thread.start();
        }
    }

    /** Lines logged so far. */
    public long emitted() {
        return emitted.get();
    }

    /** Lines logged so far at {@code level}. */
    public long emitted(Level level) {
        return emittedByLevel.get(level.ordinal());
    }

    /** {@code demo emitted by level: TRACE=a DEBUG=b INFO=c WARN=d ERROR=e} for the lines logged so far. */
    public String emittedByLevelLine() {
        return "demo emitted by level: TRACE=" + emitted(Level.TRACE) + " DEBUG=" + emitted(Level.DEBUG)
                + " INFO=" + emitted(Level.INFO) + " WARN=" + emitted(Level.WARN) + " ERROR=" + emitted(Level.ERROR);
    }

    /** Waits until {@code demo.total-events} lines were logged (or the generator was closed). */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops logging and waits briefly for the thread to end. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null && running != Thread.currentThread()) {
            running.interrupt();
            running.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    /** The generator loop; runs on the calling thread until done or closed. */
    void run() {
        long total = properties.totalEvents();
        long intervalNanos = properties.ratePerSecond() > 0 ? (long) (1_000_000_000L / properties.ratePerSecond()) : 0;
        LOG.info("Logging Loghub lines: {} at {}", total < 0 ? "forever" : total + " lines",
                intervalNanos > 0 ? properties.ratePerSecond() + " per second" : "full speed");
        long start = System.nanoTime();
        long n = 0;
        try {
            while ((total < 0 || n < total) && !stopping) {
                if (intervalNanos > 0 && !waitUntil(start + n * intervalNanos)) {
                    break;
                }
                emit(lines.get((int) (n % lines.size())), n + 1);
                n++;
                emitted.set(n);
            }
        } finally {
            done.countDown();
        }
        if (total >= 0) {
            out.println(emittedByLevelLine());
            out.flush();
        }
        if (total >= 0 && n == total) {
            LOG.info("Logged {} Loghub lines", n);
            onDone.run();
        }
    }

    private void emit(LoghubLine line, long sequence) {
        Logger logger = loggers.get(line.dataset());
        List<Level> cycle = properties.levelCycle();
        Level level = cycle.isEmpty() ? line.level() : cycle.get((int) ((sequence - 1) % cycle.size()));
        // The sequence number travels as an MDC attribute, so every emitted line can be told apart
        // downstream (end-to-end tests count distinct values to prove exactly-once delivery).
        MDC.put("seq", Long.toString(sequence));
        try {
            if (properties.exceptionEvery() > 0 && sequence % properties.exceptionEvery() == 0) {
                logger.atLevel(level).setCause(simulatedFailure(line)).log(line.text());
            } else {
                logger.atLevel(level).log(line.text());
            }
            emittedByLevel.incrementAndGet(level.ordinal());
        } finally {
            MDC.remove("seq");
        }
    }

    private static Exception simulatedFailure(LoghubLine line) {
        return new IllegalStateException("Simulated failure while handling a " + line.dataset() + " record",
                new IOException("Connection reset by peer"));
    }

    private boolean waitUntil(long dueNanos) {
        long left;
        while ((left = dueNanos - System.nanoTime()) > 0) {
            if (stopping) {
                return false;
            }
            LockSupport.parkNanos(left);
        }
        return !stopping;
    }
}

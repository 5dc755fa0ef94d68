package io.sluice.ingest.tcp;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * A WARN log written at most once per interval; the warnings in between are counted and the
 * count is added to the next one written. For inputs without a reply channel, where every bad
 * message would otherwise flood the log. Thread-safe.
 */
public final class ThrottledWarning {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong next = new AtomicLong(System.nanoTime());
    private final LongAdder suppressed = new LongAdder();

    /** Warnings to {@code log}, at most one per {@code interval}. */
    public ThrottledWarning(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs {@code message} unless one was logged within the interval. */
    public void warn(String message) {
        long now = System.nanoTime();
        long due = next.get();
        if (now - due >= 0 && next.compareAndSet(due, now + intervalNanos)) {
            long skipped = suppressed.sumThenReset();
            log.warn(skipped == 0 ? message : message + " (" + skipped + " similar warnings suppressed since the last one)");
        } else {
            suppressed.increment();
        }
    }
}

package io.sluice.bench;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * The "no-op" destination behind Logback's AsyncAppender in the benchmarks: it only counts what
 * arrives (one plain increment, exact only with a single caller: the AsyncAppender's worker), or,
 * when given a {@link Pacer}, accepts events at a fixed rate to play a slow destination.
 */
final class CountingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private final Pacer pacer;
    private volatile long appended;

    private CountingAppender(Pacer pacer) {
        this.pacer = pacer;
    }

    /** An appender whose append does nothing but count. */
    static CountingAppender noOp() {
        return new CountingAppender(null);
    }

    /** An appender that takes at most {@code eventsPerSecond}. */
    static CountingAppender paced(double eventsPerSecond) {
        return new CountingAppender(new Pacer(eventsPerSecond));
    }

    @Override
    @SuppressWarnings("NonAtomicOperationOnVolatileField") // one writer: AsyncAppender's worker
    protected void append(ILoggingEvent event) {
        if (pacer != null) {
            pacer.acquire(1);
        }
        appended++;
    }

    /** Events that reached this appender. */
    long appended() {
        return appended;
    }
}

package io.sluice.bench;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * The "capture floor": a synchronous appender that only stores the event reference in a
 * pre-allocated ring. Any asynchronous hand-off costs at least this much, because the
 * {@code LoggingEvent} escapes to another thread (so the JIT cannot scalar-replace it, and
 * Logback's own allocation of it counts). The ring index is a plain field: races between logging
 * threads only overwrite slots, which is all a floor needs; nothing reads the ring.
 */
final class CaptureFloorAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static final int SIZE = 8192;

    private final ILoggingEvent[] ring = new ILoggingEvent[SIZE];
    private int next;

    @Override
    protected void append(ILoggingEvent event) {
        ring[next++ & (SIZE - 1)] = event;
    }
}

package io.sluice.agent.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.util.Map;

/**
 * What {@link SluiceTurboFilter} takes from a logging call before Logback would build its
 * {@code LoggingEvent}: one reusable instance per ring slot, filled in place on the logging thread
 * and read, then emptied, by {@link LogbackEventEncoder} on the agent's thread. The ring's
 * publish/poll sequence orders the two, so the fields need no synchronisation.
 */
final class CapturedCall {

    String loggerName;
    Level level;
    long timeNanos;
    String threadName;
    Map<String, String> mdc;
    String format;
    Object[] arguments;
    /** The message formatted on the logging thread (an argument may change later), else null. */
    String formatted;
    IThrowableProxy throwable;

    void set(String loggerName, Level level, long timeNanos, String threadName, Map<String, String> mdc, String format,
            Object[] arguments, String formatted, IThrowableProxy throwable) {
        this.loggerName = loggerName;
        this.level = level;
        this.timeNanos = timeNanos;
        this.threadName = threadName;
        this.mdc = mdc;
        this.format = format;
        this.arguments = arguments;
        this.formatted = formatted;
        this.throwable = throwable;
    }

    /** Drops the references, so a slot does not keep an application's objects alive. */
    void clear() {
        set(null, null, 0, null, null, null, null, null, null);
    }
}

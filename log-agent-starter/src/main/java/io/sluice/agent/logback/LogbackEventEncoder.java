package io.sluice.agent.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.sluice.agent.core.EventEncoder;
import io.sluice.agent.core.EventWriter;
import io.sluice.common.event.Timestamps;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Encodes a captured Logback event on the agent's worker thread: time, level, message (formatted
 * here into a reused buffer when the appender left that to this thread), and as
 * attributes the logger, thread, every MDC entry (trace and span ids as Micrometer Tracing or
 * OpenTelemetry put them there; {@code trace_id}/{@code span_id} are also exposed as
 * {@code traceId}/{@code spanId}) and, for a throwable, {@code exception.type},
 * {@code exception.message} and {@code exception.stacktrace} (one event, not one per line; the
 * message gets the trace's first line appended). The names {@value #LOGGER} and {@value #THREAD}
 * win over MDC entries of the same name. Takes Logback events (from {@link SluiceAppender}) and the
 * slot holders {@link SluiceTurboFilter} fills ({@link CapturedCall}). One worker thread: keeps
 * reusable state.
 */
final class LogbackEventEncoder implements EventEncoder {

    static final String LOGGER = "logger";
    static final String THREAD = "thread";

    private final StringBuilder message = new StringBuilder(256);
    private final BiConsumer<String, String> mdcWriter = this::mdcEntry;
    private EventWriter current;

    @Override
    public void encode(Object captured, EventWriter out) {
        if (captured instanceof CapturedCall call) {
            try {
                encode(call.timeNanos, call.level, call.format, call.arguments, call.formatted, call.loggerName,
                        call.threadName, call.mdc, call.throwable, out);
            } finally {
                call.clear();
            }
            return;
        }
        ILoggingEvent event = (ILoggingEvent) captured;
        Object[] arguments = event.getArgumentArray();
        // The appender left formatting to this thread when the arguments cannot have changed.
        String formatted = ImmutableArguments.all(arguments) ? null : event.getFormattedMessage();
        encode(Timestamps.toNanos(event.getInstant()), event.getLevel(), event.getMessage(), arguments, formatted,
                event.getLoggerName(), event.getThreadName(), mdcOf(event), event.getThrowableProxy(), out);
    }

    @Override
    public Object newSlotHolder() {
        return new CapturedCall();
    }

    private void encode(long timeNanos, Level level, String format, Object[] arguments, String formatted, String loggerName,
            String threadName, Map<String, String> mdc, IThrowableProxy throwable, EventWriter out) {
        current = out;
        out.timestamp(timeNanos).level(level.toString());
        message.setLength(0);
        if (formatted != null) {
            message.append(formatted);
        } else {
            MessageFormat.formatTo(message, format, arguments);
        }
        out.attribute(LOGGER, loggerName).attribute(THREAD, threadName);
        if (mdc != null && !mdc.isEmpty()) {
            mdc.forEach(mdcWriter);
            if (!mdc.containsKey("traceId") && mdc.containsKey("trace_id")) {
                out.attribute("traceId", mdc.get("trace_id"));
            }
            if (!mdc.containsKey("spanId") && mdc.containsKey("span_id")) {
                out.attribute("spanId", mdc.get("span_id"));
            }
        }
        if (throwable != null) {
            String firstLine = throwable.getClassName()
                    + (throwable.getMessage() == null ? "" : ": " + throwable.getMessage());
            if (!message.isEmpty()) {
                message.append(System.lineSeparator());
            }
            message.append(firstLine);
            out.attribute("exception.type", throwable.getClassName())
                    .attribute("exception.message", throwable.getMessage())
                    .attribute("exception.stacktrace", ThrowableProxyUtil.asString(throwable));
        }
        out.message(message);
        current = null;
    }

    private void mdcEntry(String key, String value) {
        if (key != null && !LOGGER.equals(key) && !THREAD.equals(key)) {
            current.attribute(key, value);
        }
    }

    private static Map<String, String> mdcOf(ILoggingEvent event) {
        try {
            return event.getMDCPropertyMap();
        } catch (RuntimeException e) {
            // A LoggerContext created without an MDC adapter cannot answer; ship the event without MDC.
            return null;
        }
    }
}

package io.sluice.agent.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.sluice.agent.core.JsonObjectWriter;
import io.sluice.agent.core.Utf16;
import io.sluice.common.event.Timestamps;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.Map;

/**
 * Turns a Logback event into a Sluice {@link LogEvent} on the logging thread (so MDC and thread
 * name are the caller's): one event per call, a throwable's stack trace appended to the message,
 * and the logger, thread and MDC entries as {@code attributes_json}. The attribute names
 * {@value #LOGGER} and {@value #THREAD} win over MDC entries of the same name.
 */
final class LogEventMapper {

    static final String LOGGER = "logger";
    static final String THREAD = "thread";

    private final String service;
    private final String host;

    LogEventMapper(String service, String host) {
        this.service = service;
        this.host = host;
    }

    LogEvent map(ILoggingEvent event) {
        return LogEvent.newBuilder()
                .setTimestampUnixNanos(Timestamps.toNanos(event.getInstant()))
                .setService(service)
                .setHost(host)
                .setLevel(event.getLevel().toString())
                .setMessage(Utf16.wellFormed(message(event)))
                .setAttributesJson(attributes(event))
                .build();
    }

    private static String message(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (message == null) {
            message = "";
        }
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable == null) {
            return message;
        }
        String trace = ThrowableProxyUtil.asString(throwable);
        return message.isEmpty() ? trace : message + System.lineSeparator() + trace;
    }

    private static String attributes(ILoggingEvent event) {
        JsonObjectWriter json = new JsonObjectWriter()
                .field(LOGGER, event.getLoggerName())
                .field(THREAD, event.getThreadName());
        Map<String, String> mdc = mdcOf(event);
        if (mdc != null) {
            mdc.forEach((key, value) -> {
                if (key != null && !LOGGER.equals(key) && !THREAD.equals(key)) {
                    json.field(key, value);
                }
            });
        }
        return json.toJson();
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

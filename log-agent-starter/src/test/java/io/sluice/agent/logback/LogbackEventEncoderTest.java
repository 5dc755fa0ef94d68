package io.sluice.agent.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.sluice.agent.core.EventWriter;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import net.minidev.json.JSONObject;
import net.minidev.json.parser.JSONParser;
import org.junit.jupiter.api.Test;

class LogbackEventEncoderTest {

    private final LoggerContext context = new LoggerContext();
    private final LogbackEventEncoder encoder = new LogbackEventEncoder();
    private final EventWriter writer = new EventWriter("checkout", "pod-7",
            Map.of("k8s.namespace.name", "shop", "service.version", "1.2.3"));

    private LoggingEvent event(Level level, String message, Throwable throwable, Object... args) {
        return event(Map.of(), level, message, throwable, args);
    }

    private LoggingEvent event(Map<String, String> mdc, Level level, String message, Throwable throwable, Object... args) {
        LoggingEvent event = new LoggingEvent("fqcn", context.getLogger("com.example.Checkout"), level, message, throwable, args);
        event.setThreadName("worker-3");
        event.setInstant(Instant.parse("2026-11-24T10:15:30.123456789Z"));
        event.setMDCPropertyMap(mdc);
        return event;
    }

    private LogEvent encode(LoggingEvent event) {
        writer.reset();
        encoder.encode(event, writer);
        return writer.toLogEvent();
    }

    private static JSONObject attributes(LogEvent event) throws Exception {
        return (JSONObject) new JSONParser(JSONParser.MODE_RFC4627).parse(event.getAttributesJson());
    }

    @Test
    void copiesTimeLevelLabelsAndTheFormattedMessage() {
        LogEvent mapped = encode(event(Level.WARN, "order {} took {} ms", null, 42, 1500));

        assertThat(mapped.getTimestampUnixNanos()).isEqualTo(1_795_515_330_123_456_789L);
        assertThat(mapped.getLevel()).isEqualTo("WARN");
        assertThat(mapped.getService()).isEqualTo("checkout");
        assertThat(mapped.getHost()).isEqualTo("pod-7");
        assertThat(mapped.getMessage()).isEqualTo("order 42 took 1500 ms");
        assertThat(mapped.getId()).isEmpty();
    }

    @Test
    void keepsAnExceptionInOneEventWithAStructuredStackTrace() throws Exception {
        Exception failure = new IllegalStateException("payment refused", new IOException("socket closed"));
        LogEvent mapped = encode(event(Level.ERROR, "checkout failed", failure));

        assertThat(mapped.getMessage())
                .isEqualTo("checkout failed" + System.lineSeparator() + "java.lang.IllegalStateException: payment refused");
        JSONObject attributes = attributes(mapped);
        assertThat(attributes.get("exception.type")).isEqualTo("java.lang.IllegalStateException");
        assertThat(attributes.get("exception.message")).isEqualTo("payment refused");
        assertThat((String) attributes.get("exception.stacktrace"))
                .startsWith("java.lang.IllegalStateException: payment refused")
                .contains("\tat io.sluice.agent.logback.LogbackEventEncoderTest.keepsAnExceptionInOneEventWithAStructuredStackTrace")
                .contains("Caused by: java.io.IOException: socket closed");
    }

    @Test
    void putsLoggerThreadMdcTraceIdsAndStaticContextIntoTheAttributesWithLoggerAndThreadWinning() throws Exception {
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("traceId", "abc\"123");
        mdc.put("spanId", "def");
        mdc.put("thread", "spoofed");
        mdc.put("user", "zoë\n");

        assertThat(attributes(encode(event(mdc, Level.INFO, "hello", null)))).containsOnly(
                Map.entry("logger", "com.example.Checkout"),
                Map.entry("thread", "worker-3"),
                Map.entry("traceId", "abc\"123"),
                Map.entry("spanId", "def"),
                Map.entry("user", "zoë\n"),
                Map.entry("k8s.namespace.name", "shop"),
                Map.entry("service.version", "1.2.3"));
    }

    @Test
    void exposesOpenTelemetryStyleTraceKeysAsTraceIdAndSpanId() throws Exception {
        JSONObject attributes = attributes(encode(event(Map.of("trace_id", "t1", "span_id", "s1"), Level.INFO, "hi", null)));

        assertThat(attributes).containsEntry("traceId", "t1").containsEntry("spanId", "s1").containsEntry("trace_id", "t1");
    }

    @Test
    void replacesUnpairedSurrogatesInTheMessageSoItIsValidUtf8() {
        LogEvent mapped = encode(event(Level.INFO, "half an emoji: \uD83D, a whole one: \uD83D\uDE00", null));
        assertThat(mapped.getMessage()).isEqualTo("half an emoji: \uFFFD, a whole one: \uD83D\uDE00");
    }
}

package io.sluice.agent.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import net.minidev.json.JSONObject;
import net.minidev.json.parser.JSONParser;
import org.junit.jupiter.api.Test;

class LogEventMapperTest {

    private final LoggerContext context = new LoggerContext();
    private final LogEventMapper mapper = new LogEventMapper("checkout", "pod-7");

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

    @Test
    void copiesTimeLevelLabelsAndTheFormattedMessage() {
        LogEvent mapped = mapper.map(event(Level.WARN, "order {} took {} ms", null, 42, 1500));

        assertThat(mapped.getTimestampUnixNanos()).isEqualTo(1_795_515_330_123_456_789L);
        assertThat(mapped.getLevel()).isEqualTo("WARN");
        assertThat(mapped.getService()).isEqualTo("checkout");
        assertThat(mapped.getHost()).isEqualTo("pod-7");
        assertThat(mapped.getMessage()).isEqualTo("order 42 took 1500 ms");
        assertThat(mapped.getId()).isEmpty();
        assertThat(mapped.getTenant()).isEmpty();
    }

    @Test
    void appendsTheStackTraceToTheMessageOfTheSameEvent() {
        Exception failure = new IllegalStateException("payment refused", new IOException("socket closed"));
        LogEvent mapped = mapper.map(event(Level.ERROR, "checkout failed", failure));

        assertThat(mapped.getMessage())
                .startsWith("checkout failed" + System.lineSeparator() + "java.lang.IllegalStateException: payment refused")
                .contains("\tat io.sluice.agent.logback.LogEventMapperTest.appendsTheStackTraceToTheMessageOfTheSameEvent")
                .contains("Caused by: java.io.IOException: socket closed");
    }

    @Test
    void putsLoggerThreadAndMdcIntoTheAttributesWithLoggerAndThreadWinning() throws Exception {
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("traceId", "abc\"123");
        mdc.put("thread", "spoofed");
        mdc.put("user", "zoë\n");
        LoggingEvent event = event(mdc, Level.INFO, "hello", null);

        JSONObject attributes = (JSONObject) new JSONParser(JSONParser.MODE_RFC4627).parse(mapper.map(event).getAttributesJson());

        assertThat(attributes).containsOnly(
                Map.entry("logger", "com.example.Checkout"),
                Map.entry("thread", "worker-3"),
                Map.entry("traceId", "abc\"123"),
                Map.entry("user", "zoë\n"));
    }

    @Test
    void replacesUnpairedSurrogatesInTheMessageSoItIsValidUtf8() {
        LogEvent mapped = mapper.map(event(Level.INFO, "half an emoji: \uD83D", null));
        assertThat(mapped.getMessage()).isEqualTo("half an emoji: \uFFFD");
    }
}

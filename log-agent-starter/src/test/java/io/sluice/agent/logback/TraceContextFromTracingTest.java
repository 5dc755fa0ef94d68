package io.sluice.agent.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.otel.bridge.Slf4JEventListener;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.sluice.agent.testing.IngestTestServer;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

/**
 * Trace and span ids come from real tracing: Micrometer Tracing over the OpenTelemetry SDK (what
 * Spring Boot's tracing auto-configuration wires), whose {@link Slf4JEventListener} puts
 * {@code traceId} and {@code spanId} into the MDC while a span is in scope (it hears of scopes
 * through OpenTelemetry's context storage, wrapped once per JVM as Boot does). A real agent ships to a
 * real gRPC server; each event carries the ids of the span it was logged in, on both capture
 * paths (early capture, and the appender path when another appender is attached).
 */
class TraceContextFromTracingTest {

    /** Puts the ids of the span in scope into the MDC; OpenTelemetry's context storage reports scope changes to it. */
    private static final Slf4JEventListener MDC_LISTENER = new Slf4JEventListener();

    static {
        ContextStorage.addWrapper(new EventPublishingContextWrapper(MDC_LISTENER::onEvent));
    }

    private final LoggerContext context = new LoggerContext();
    private SdkTracerProvider tracerProvider;
    private Tracer tracer;
    private IngestTestServer server;
    private SluiceAppender appender;

    @TempDir
    Path spoolDir;

    @BeforeEach
    void start() {
        context.setMDCAdapter(MDC.getMDCAdapter());
        tracerProvider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build();
        OtelCurrentTraceContext current = new OtelCurrentTraceContext();
        tracer = new OtelTracer(tracerProvider.get("sluice-agent-test"), current, MDC_LISTENER::onEvent,
                new OtelBaggageManager(current, List.of(), List.of()));
        server = IngestTestServer.startReadingZstd();
        appender = new SluiceAppender();
        appender.setContext(context);
        appender.setEndpoint(server.target());
        appender.setServiceName("traced");
        appender.setSpoolDir(spoolDir.toString());
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        appender.attachmentsChanged();
    }

    @AfterEach
    void tearDown() {
        appender.stop();
        context.stop();
        server.close();
        tracerProvider.close();
        MDC.clear();
    }

    @Test
    void eventsLoggedInsideASpanCarryItsTraceAndSpanIdsWhenEarlyCaptured() {
        assertThat(appender.isEarlyCapturing()).isTrue();

        logInsideSpansAndCheck(context.getLogger("com.example.Checkout"));
    }

    @Test
    void eventsLoggedInsideASpanCarryItsTraceAndSpanIdsOnTheAppenderPath() {
        Logger logger = context.getLogger("com.example.Checkout");
        ListAppender<ILoggingEvent> other = new ListAppender<>();
        other.setContext(context);
        other.start();
        logger.addAppender(other);
        appender.attachmentsChanged();

        logInsideSpansAndCheck(logger);

        assertThat(other.list).hasSize(3);
    }

    private void logInsideSpansAndCheck(Logger logger) {
        Span parent = tracer.nextSpan().name("checkout").start();
        Span child;
        try (Tracer.SpanInScope outer = tracer.withSpan(parent)) {
            logger.info("charging card");
            child = tracer.nextSpan().name("reserve stock").start();
            try (Tracer.SpanInScope inner = tracer.withSpan(child)) {
                logger.info("reserving stock");
            } finally {
                child.end();
            }
        } finally {
            parent.end();
        }
        logger.info("outside any span");

        assertThat(appender.agent().flush(Duration.ofSeconds(30))).isTrue();
        List<LogEvent> events = server.events();
        assertThat(events).extracting(LogEvent::getMessage)
                .containsExactly("charging card", "reserving stock", "outside any span");
        String traceId = parent.context().traceId();
        assertThat(traceId).hasSize(32).isNotEqualTo("0".repeat(32));
        assertThat(child.context().traceId()).isEqualTo(traceId);
        assertThat(events.get(0).getAttributesJson())
                .contains("\"traceId\":\"" + traceId + "\"").contains("\"spanId\":\"" + parent.context().spanId() + "\"");
        assertThat(events.get(1).getAttributesJson())
                .contains("\"traceId\":\"" + traceId + "\"").contains("\"spanId\":\"" + child.context().spanId() + "\"");
        assertThat(events.get(2).getAttributesJson()).doesNotContain("traceId").doesNotContain("spanId");
    }
}

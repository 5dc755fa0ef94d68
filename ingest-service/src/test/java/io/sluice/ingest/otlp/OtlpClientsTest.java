package io.sluice.ingest.otlp;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.sluice.common.event.Timestamps;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.compat.KeyedIngest;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenTelemetry Java SDK's own OTLP log exporters (gRPC, and HTTP/protobuf), configured as a
 * user would (endpoint + Authorization header), against a running ingest-service and the real
 * Redis.
 */
class OtlpClientsTest {

    private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
    private static final String SPAN_ID = "eee19b7ec3c1b174";

    private static KeyedIngest sluice;

    @BeforeAll
    static void start() {
        sluice = KeyedIngest.start(Map.of());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        sluice.ingest.close();
    }

    @BeforeEach
    void emptyTheBuffer() {
        sluice.ingest.clearKeys();
    }

    @Test
    void theSdksGrpcExporterDeliversRecordsWithServiceHostLevelAttributesAndTenant() {
        LogRecordExporter exporter = OtlpGrpcLogRecordExporter.builder()
                .setEndpoint("http://127.0.0.1:" + sluice.ingest.grpcPort())
                .addHeader("Authorization", "Bearer " + sluice.key)
                .setCompression("gzip")
                .build();

        emitThree(exporter, "grpc");

        assertDelivered("grpc");
    }

    @Test
    void theSdksHttpProtobufExporterDeliversRecordsWithServiceHostLevelAttributesAndTenant() {
        LogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
                .setEndpoint(sluice.http() + "/v1/logs")
                .addHeader("Authorization", "Bearer " + sluice.key)
                .build();

        emitThree(exporter, "http");

        assertDelivered("http");
    }

    @Test
    void anExporterWithAWrongKeyStoresNothing() {
        LogRecordExporter exporter = OtlpHttpLogRecordExporter.builder()
                .setEndpoint(sluice.http() + "/v1/logs")
                .addHeader("Authorization", "Bearer not-the-key")
                .build();
        LogRecordExporter grpc = OtlpGrpcLogRecordExporter.builder()
                .setEndpoint("http://127.0.0.1:" + sluice.ingest.grpcPort())
                .addHeader("Authorization", "Bearer not-the-key")
                .build();

        exportOne(exporter);
        exportOne(grpc);
        assertThat(sluice.events()).isEmpty();
    }

    /** Emits one record and waits until the exporter's attempt is over (the SDK logs the refusal). */
    private static void exportOne(LogRecordExporter exporter) {
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).build()).build()) {
            provider.get("test").logRecordBuilder().setBody("refused").setTimestamp(Instant.now()).emit();
            provider.forceFlush().join(20, TimeUnit.SECONDS);
        }
    }

    private static void emitThree(LogRecordExporter exporter, String transport) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                stringKey("service.name"), "checkout-" + transport,
                stringKey("host.name"), "web-1",
                stringKey("deployment.environment"), "prod")));
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .setResource(resource)
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).setScheduleDelay(Duration.ofMillis(50)).build())
                .build()) {
            Logger logger = provider.loggerBuilder("io.example.Checkout").setInstrumentationVersion("1.2.3").build();
            Span span = Span.wrap(SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault()));
            logger.logRecordBuilder()
                    .setTimestamp(Instant.parse("2026-11-24T10:15:30.123456789Z"))
                    .setSeverity(Severity.ERROR)
                    .setSeverityText("ERROR")
                    .setBody("payment failed")
                    .setAttribute(longKey("order.id"), 42L)
                    .setAttribute(stringKey("payment.provider"), "acme-pay")
                    .setContext(Context.root().with(span))
                    .emit();
            logger.logRecordBuilder().setSeverity(Severity.WARN2).setBody("slow response").setTimestamp(Instant.now()).emit();
            logger.logRecordBuilder().setSeverity(Severity.DEBUG).setBody("cache miss").setTimestamp(Instant.now()).emit();
            assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).as("export succeeded").isTrue();
        }
    }

    private static void assertDelivered(String transport) {
        await().atMost(Duration.ofSeconds(60)).until(() -> sluice.events().size() >= 3);
        List<String> sent = List.of("payment failed", "slow response", "cache miss");
        // ERROR goes to the tenant's priority stream, apart from the others: compare in the order sent.
        List<LogEvent> events = sluice.events().stream().sorted(Comparator.comparingInt(e -> sent.indexOf(e.getMessage()))).toList();
        assertThat(events).hasSize(3);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.getTenant()).isEqualTo(sluice.tenant);
            assertThat(event.getService()).isEqualTo("checkout-" + transport);
            assertThat(event.getHost()).isEqualTo("web-1");
        });
        assertThat(events).extracting(LogEvent::getLevel).containsExactly("ERROR", "WARN", "DEBUG");
        assertThat(events).extracting(LogEvent::getMessage).containsExactly("payment failed", "slow response", "cache miss");
        LogEvent first = events.get(0);
        assertThat(first.getTimestampUnixNanos()).isEqualTo(Timestamps.toNanos(Instant.parse("2026-11-24T10:15:30.123456789Z")));
        JsonNode attributes = KeyedIngest.attributes(first);
        assertThat(attributes.get("order.id").longValue()).isEqualTo(42);
        assertThat(attributes.get("payment.provider").stringValue()).isEqualTo("acme-pay");
        assertThat(attributes.get("deployment.environment").stringValue()).isEqualTo("prod");
        assertThat(attributes.get("telemetry.sdk.language").stringValue()).isEqualTo("java");
        assertThat(attributes.get("scope.name").stringValue()).isEqualTo("io.example.Checkout");
        assertThat(attributes.get("scope.version").stringValue()).isEqualTo("1.2.3");
        assertThat(attributes.get("trace_id").stringValue()).isEqualTo(TRACE_ID);
        assertThat(attributes.get("span_id").stringValue()).isEqualTo(SPAN_ID);
        assertThat(attributes.has("service.name")).isFalse();
        assertThat(attributes.has("severity_text")).isFalse();
    }
}

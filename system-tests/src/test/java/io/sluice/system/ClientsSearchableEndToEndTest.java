package io.sluice.system;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.sluice.admin.AdminApplication;
import io.sluice.ingest.IngestApplication;
import io.sluice.pipeline.PipelineApplication;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;

/**
 * Issue 4, must-show 1 (standard protocols): the OpenTelemetry SDK's OTLP gRPC and HTTP exporters,
 * loki4j's Logback appender and a curl-style {@code _bulk} body, each configured as a user would
 * with the tenant's API key, send to a separate ingest instance; pipeline archives; the events are
 * found through admin-ui's {@code /api/v1/search} with their service, host, level, message,
 * attributes and tenant.
 */
class ClientsSearchableEndToEndTest {

    private static final String TENANT = "acme-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String KEY = "key-" + UUID.randomUUID();
    private static Cluster cluster;
    private static int ingestHttpPort;

    @BeforeAll
    static void startServices() {
        cluster = new Cluster();
        Map<String, Object> tenancy = Map.of("sluice.tenancy.bootstrap-api-key", KEY, "sluice.tenancy.bootstrap-tenant", TENANT);
        var ingestProps = new java.util.HashMap<String, Object>(tenancy);
        ingestProps.put("spring.grpc.server.enabled", true);
        ingestProps.put("spring.grpc.server.port", cluster.ingestGrpcPort);
        cluster.ingest = cluster.run(IngestApplication.class, ingestProps);
        ingestHttpPort = Cluster.httpPort(cluster.ingest);
        cluster.pipeline = cluster.run(PipelineApplication.class, Map.of());
        cluster.admin = cluster.run(AdminApplication.class, Map.of());
    }

    @AfterAll
    static void stopServices() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void eventsOfEveryClientAreSearchableWithTheirFieldsAndTenant() throws Exception {
        Instant from = Instant.now().minusSeconds(3600);
        otel(OtlpGrpcLogRecordExporter.builder()
                .setEndpoint("http://127.0.0.1:" + cluster.ingestGrpcPort)
                .addHeader("Authorization", "Bearer " + KEY)
                .build(), "otel-grpc-svc");
        otel(OtlpHttpLogRecordExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ingestHttpPort + "/v1/logs")
                .addHeader("Authorization", "Bearer " + KEY)
                .build(), "otel-http-svc");
        loki4j();
        bulk();

        String range = "&from=" + from.toEpochMilli() + "&to=" + Instant.now().plusSeconds(3600).toEpochMilli();
        for (String service : new String[] {"otel-grpc-svc", "otel-http-svc", "loki-svc", "bulk-svc"}) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> search("{service=\"" + service + "\"}", range).get("total").asLong() == 2);
        }

        for (String service : new String[] {"otel-grpc-svc", "otel-http-svc", "loki-svc", "bulk-svc"}) {
            JsonNode error = search("{service=\"" + service + "\", level=\"ERROR\"}", range).get("events");
            assertThat(error.size()).as(service).isEqualTo(1);
            JsonNode event = error.get(0);
            assertThat(event.get("tenant").asString()).isEqualTo(TENANT);
            assertThat(event.get("host").asString()).isEqualTo("node-1");
            assertThat(event.get("message").asString()).isEqualTo("payment declined for order 17");
            assertThat(event.get("attributes").get("region").asString()).as(service + " attributes").isEqualTo("eu-west");
            JsonNode info = search("{service=\"" + service + "\", level=\"INFO\"}", range).get("events");
            assertThat(info.size()).isEqualTo(1);
            assertThat(info.get(0).get("message").asString()).isEqualTo("order 17 received");
        }
        assertThat(search("{service=~\".+\"} |= \"order 17\"", range).get("total").asLong()).isEqualTo(8);
    }

    private static JsonNode search(String query, String range) {
        return Http.get(cluster.baseUrl(cluster.admin) + "/api/v1/search?query=" + Http.enc(query) + range + "&limit=50", KEY).json();
    }

    private static void otel(LogRecordExporter exporter, String service) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                stringKey("service.name"), service, stringKey("host.name"), "node-1", stringKey("region"), "eu-west")));
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(resource)
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).build()).build()) {
            Logger logger = provider.get("com.example.Shop");
            logger.logRecordBuilder().setTimestamp(Instant.now()).setSeverity(Severity.INFO).setBody("order 17 received").emit();
            logger.logRecordBuilder().setTimestamp(Instant.now()).setSeverity(Severity.ERROR).setBody("payment declined for order 17").emit();
            assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
    }

    private static void loki4j() throws Exception {
        LoggerContext logback = new LoggerContext();
        logback.setMDCAdapter(MDC.getMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(logback);
        configurator.doConfigure(new ByteArrayInputStream("""
                <configuration>
                  <appender name="LOKI" class="com.github.loki4j.logback.Loki4jAppender">
                    <http>
                      <url>http://127.0.0.1:%d/loki/api/v1/push</url>
                      <auth><username>%s</username><password>%s</password></auth>
                    </http>
                    <labels>
                      app = loki-svc
                      host = node-1
                      region = eu-west
                    </labels>
                    <message><pattern>%%msg</pattern></message>
                  </appender>
                  <root level="INFO"><appender-ref ref="LOKI"/></root>
                </configuration>
                """.formatted(ingestHttpPort, TENANT, KEY).getBytes(StandardCharsets.UTF_8)));
        org.slf4j.Logger log = logback.getLogger("com.example.Shop");
        log.info("order 17 received");
        log.error("payment declined for order 17");
        logback.stop();
    }

    private static void bulk() throws Exception {
        String body = """
                {"index":{"_index":"logs-shop"}}
                {"@timestamp":"%s","message":"order 17 received","log":{"level":"info"},"service":{"name":"bulk-svc"},"host":{"name":"node-1"},"region":"eu-west"}
                {"create":{"_index":"logs-shop"}}
                {"@timestamp":"%s","message":"payment declined for order 17","log.level":"error","service.name":"bulk-svc","host.name":"node-1","region":"eu-west"}
                """.formatted(Instant.now(), Instant.now());
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ingestHttpPort + "/_bulk"))
                .header("Content-Type", "application/x-ndjson")
                .header("Authorization", "ApiKey " + java.util.Base64.getEncoder().encodeToString(("id:" + KEY).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.JSON.readTree(response.body()).get("errors").asBoolean()).as(response.body()).isFalse();
    }
}

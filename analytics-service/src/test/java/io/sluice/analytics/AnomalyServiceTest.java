package io.sluice.analytics;

import static io.sluice.analytics.BufferFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.StreamMessage;
import io.sluice.analytics.consume.EntryProcessor;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.platform.stream.StreamBatch;
import io.sluice.platform.tenant.ApiKeyFormat;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Anomaly detection wired into analytics, against the real Redis: batches appended to the buffer
 * stream as ingest does go through the consumer's {@link EntryProcessor} into the window hashes;
 * the closer judges the due windows and the findings land in the tenant's capped stream and at
 * {@code GET /api/v1/anomalies}. One-second windows and a short warm-up keep the test short; the
 * new-template bound is raised because five seconds of history cannot show a settled vocabulary
 * at the per-day default. The lateness (10 s) is what keeps a busy machine honest: a window is
 * judged once the watermark, advanced by processing time while no entry arrives, is that far past
 * its end — with none, a consumer pausing a second between two entries would see the incident's
 * window judged before its entry was counted.
 */
@SpringBootTest(classes = AnalyticsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sluice.analytics.alerting-enabled=false",
        "sluice.analytics.anomaly.window=1s",
        "sluice.analytics.anomaly.lateness=10s",
        "sluice.analytics.anomaly.close-interval=200ms",
        "sluice.analytics.anomaly.warmup-windows=5",
        "sluice.analytics.anomaly.new-templates-per-day=1000000",
        "sluice.analytics.anomaly.max-findings=50"})
@DirtiesContext
@Import(AnomalyServiceTest.Cleanup.class)
class AnomalyServiceTest {

    private static final String PREFIX = "h-anomaly:" + UUID.randomUUID() + ":";
    private static final BufferFixture BUFFER = new BufferFixture(PREFIX);
    private static final String DATABASE = "h_anomaly_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private static final String TENANT = "h-anomaly-shop";
    private static final String KEY = ApiKeyFormat.generate();
    /** A whole second, a few minutes back: history windows are judged at once, later ones as time passes. */
    private static final Instant T = Instant.ofEpochSecond(Instant.now().getEpochSecond() - 300);
    private static final int HISTORY = 20;

    @LocalServerPort
    int port;

    @Autowired
    EntryProcessor processor;

    WebTestClient http;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.redis.url", () -> BufferFixture.URL);
        registry.add("sluice.redis.key-prefix", () -> PREFIX);
        registry.add("sluice.mysql.url", () -> "mysql://root@127.0.0.1:3306/" + DATABASE);
        registry.add("sluice.tenancy.bootstrap-api-key", () -> KEY);
        registry.add("sluice.tenancy.bootstrap-tenant", () -> TENANT);
    }

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60))
                .defaultHeader("Authorization", "Bearer " + KEY).build();
    }

    @Test
    void aSpikeWithANeverSeenTemplateIsFoundExplainedStoredAndServed() {
        for (int s = 0; s < HISTORY; s++) {
            BUFFER.append(batch(second(s, 20, "INFO", "checkout", "order %d placed in %d ms")));
        }
        List<LogEvent> incident = new ArrayList<>(second(HISTORY, 200, "INFO", "checkout", "order %d placed in %d ms"));
        incident.addAll(second(HISTORY, 5, "ERROR", "checkout", "payment gateway refused connection pool slot %d after %d retries"));
        String incidentEntry = BUFFER.append(batch(incident));
        long spikeWindow = T.plusSeconds(HISTORY).toEpochMilli();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(findingTypes()).contains("RATE_SPIKE", "NEW_TEMPLATE"));

        http.get().uri("/api/v1/anomalies?limit=50").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.tenant").isEqualTo(TENANT)
                .jsonPath("$.anomalies[?(@.type == 'RATE_SPIKE')].windowStart").isEqualTo(List.of(spikeWindow))
                .jsonPath("$.anomalies[?(@.type == 'RATE_SPIKE')].service").isEqualTo(List.of("checkout"))
                .jsonPath("$.anomalies[?(@.type == 'RATE_SPIKE')].actual").value(a -> assertThat(((List<?>) a).get(0).toString())
                        .isIn("205.0", "200.0"))
                .jsonPath("$.anomalies[?(@.type == 'RATE_SPIKE')].expected").value(e -> assertThat(((Number) ((List<?>) e).get(0)).doubleValue())
                        .isBetween(19.0, 26.0))
                .jsonPath("$.anomalies[?(@.type == 'NEW_TEMPLATE')].windowStart").isEqualTo(List.of(spikeWindow))
                .jsonPath("$.anomalies[?(@.type == 'NEW_TEMPLATE')].explanation").value(x -> assertThat(x.toString())
                        .contains("payment gateway refused connection pool slot"))
                .jsonPath("$.anomalies[?(@.type == 'NEW_TEMPLATE')].samples[0]").value(x -> assertThat(x.toString())
                        .contains("payment gateway refused"));

        // The same entry delivered again changes no count.
        String counts = PREFIX + "analytics:anomaly:counts:" + TENANT + ":" + spikeWindow;
        Map<String, String> before = BUFFER.redis().hgetall(counts);
        StreamMessage<String, byte[]> entry = BUFFER.read(incidentEntry);
        processor.handle(new StreamBatch(entry.getStream(), List.of(entry))).block(Duration.ofSeconds(20));
        assertThat(BUFFER.redis().hgetall(counts)).isEqualTo(before).containsEntry("l\tcheckout\tINFO", "200");

        assertThat(BUFFER.redis().ttl(PREFIX + "analytics:anomaly:state:" + TENANT)).isPositive();
        assertThat(BUFFER.redis().type(PREFIX + "analytics:anomalies:" + TENANT)).isEqualTo("stream");
    }

    @Test
    void anomaliesApiAnswersOnlyWithAValidKeyAndOnlyForTheKeysTenant() {
        WebTestClient anonymous = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        anonymous.get().uri("/api/v1/anomalies").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/v1/anomalies?tenant=someone-else").exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/anomalies?limit=0").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(m -> assertThat(m.toString()).contains("limit"));
    }

    private static List<String> findingTypes() {
        return BUFFER.redis().xrange(PREFIX + "analytics:anomalies:" + TENANT, io.lettuce.core.Range.create("-", "+")).stream()
                .map(m -> m.getBody().get("type")).toList();
    }

    /** {@code n} events of second {@code s} (from {@code T}), messages numbered. */
    private static List<LogEvent> second(int s, int n, String level, String service, String format) {
        List<LogEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(event(TENANT, T.plusSeconds(s).plusMillis(i * 900L / n), level, service, String.format(format, s * 1000 + i, 10 + i % 50)));
        }
        return out;
    }

    private static LogBatch batch(List<LogEvent> events) {
        return LogBatch.newBuilder().addAllEvents(events).build();
    }

    /** Removes the test's keys and database once the context has stopped. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Cleanup {

        @Bean
        DisposableBean anomalyTestCleanup() {
            return () -> {
                BUFFER.close();
                try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                        Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
                }
            };
        }
    }
}

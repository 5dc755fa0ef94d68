package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.pipeline.support.TestDatabase;
import io.sluice.pipeline.support.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

class PipelineApplicationTest {

    final HttpClient http = HttpClient.newHttpClient();

    String get(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    @Test
    void theStandaloneServiceProcessesTheBufferAndExposesHealthInfoAndPrometheusMetrics() throws Exception {
        TestDatabase database = new TestDatabase();
        try (TestRedis redis = new TestRedis()) {
            SpringApplication app = new SpringApplication(PipelineApplication.class);
            Map<String, Object> defaults = new HashMap<>(PipelineApplication.DEFAULTS);
            defaults.put("server.port", "0");
            defaults.put("sluice.redis.key-prefix", redis.prefix());
            defaults.put("sluice.mysql.url", database.url());
            defaults.put("sluice.pipeline.block", "200ms");
            app.setDefaultProperties(defaults);
            try (ConfigurableApplicationContext context = app.run()) {
                int port = ((WebServerApplicationContext) context).getWebServer().getPort();
                redis.addBatch(TestRedis.events("app", 7, 1_764_000_000_000_000_000L));
                await().atMost(Duration.ofSeconds(60)).until(() -> database.archivedCount("app") == 7);

                assertThat(get(port, "/actuator/health")).contains("\"status\":\"UP\"");
                get(port, "/actuator/info");
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get(port, "/actuator/prometheus"))
                        .contains("sluice_pipeline_events_archived_total 7.0")
                        .contains("sluice_pipeline_entries_acked_total 1.0")
                        .contains("sluice_pipeline_entries_claimed_total")
                        .contains("sluice_pipeline_entries_malformed_total"));
            }
        } finally {
            database.drop();
        }
    }

    @Test
    void theDefaultPortIs8082() {
        assertThat(PipelineApplication.DEFAULTS).containsEntry("server.port", "8082");
    }
}

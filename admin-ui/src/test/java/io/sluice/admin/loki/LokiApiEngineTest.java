package io.sluice.admin.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.admin.AdminApplication;
import io.sluice.admin.TestDatabase;
import io.sluice.common.event.EventIds;
import io.sluice.common.event.Timestamps;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import io.sluice.platform.tenant.ApiKeyFormat;
import io.sluice.platform.tenant.TenantAdmin;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The Loki API end to end in the real admin-ui application: events of two tenants written through
 * the archive sink the pipeline writes with (chunks in a real MariaDB), queried over HTTP through
 * log-store's query engine (real Redis for the hot tier, empty here, so every line comes from the
 * archive). Checks that what Grafana would ask returns the stored events in Loki's shapes.
 */
@SpringBootTest(classes = AdminApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LokiApiEngineTest {

    private static final TestDatabase DATABASE = new TestDatabase();
    private static final String KEY = ApiKeyFormat.generate();
    private static final String PREFIX = "test:" + UUID.randomUUID() + ":";
    private static final long S = 1_000_000_000L;
    /** A whole minute well before now, so every event is in the archive's past. */
    private static final long T0 = Timestamps.toNanos(Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30)));
    private static final int BULK = 30;

    @Autowired
    ArchiveSink sink;

    @Autowired
    TenantAdmin tenants;

    @LocalServerPort
    int port;

    WebTestClient client;
    String otherKey;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.mysql.url", DATABASE::url);
        registry.add("sluice.redis.key-prefix", () -> PREFIX);
        registry.add("sluice.tenancy.bootstrap-api-key", () -> KEY);
    }

    @BeforeAll
    void writeEvents() {
        List<ArchivedEvent> events = new ArrayList<>();
        events.add(event("default", T0 - 60 * S, "checkout", "ERROR", "{\"msg\":\"payment timeout\",\"latency_ms\":3000}"));
        events.add(event("default", T0 - 90 * S, "checkout", "INFO", "{\"msg\":\"payment accepted\",\"latency_ms\":120}"));
        events.add(event("default", T0 - 150 * S, "search", "WARN", "slow query took 1200 ms"));
        for (int i = 0; i < BULK; i++) {
            events.add(event("default", T0 - 600 * S + i * S, "bulk", "DEBUG", "bulk line " + i));
        }
        List<ArchivedEvent> other = List.of(event("other", T0 - 60 * S, "billing", "ERROR", "payment timeout elsewhere"));
        Long stored = sink.write(List.of(new ArchiveEntry("loki-it:" + UUID.randomUUID(), events),
                new ArchiveEntry("loki-it:" + UUID.randomUUID(), other))).block(Duration.ofSeconds(60));
        assertThat(stored).isEqualTo(events.size() + other.size());
        otherKey = tenants.createTenant("other", null).then(tenants.createKey("other", "test")).block(Duration.ofSeconds(30)).key();
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60))
                .defaultHeader("Authorization", "Bearer " + KEY).build();
    }

    @AfterAll
    void dropDatabase() {
        DATABASE.drop();
    }

    @Test
    void aLogQueryWithAFilterAndAParserReturnsTheStoredLinesAsStreams() {
        JsonNode data = ok("/loki/api/v1/query_range?query={q}&start={s}&end={e}",
                "{service=\"checkout\"} |= \"payment\" | json | latency_ms > 500", T0 - 3600 * S, T0).get("data");

        assertThat(data.get("resultType").asString()).isEqualTo("streams");
        JsonNode result = data.get("result");
        assertThat(result.size()).isEqualTo(1);
        assertThat(result.get(0).get("stream").get("service").asString()).isEqualTo("checkout");
        assertThat(result.get(0).get("stream").get("latency_ms").asString()).isEqualTo("3000");
        assertThat(result.get(0).get("values").size()).isEqualTo(1);
        assertThat(result.get(0).get("values").get(0).get(0).asString()).isEqualTo(Long.toString(T0 - 60 * S));
        assertThat(result.get(0).get("values").get(0).get(1).asString()).contains("payment timeout");
        assertThat(data.get("stats").get("summary").get("totalEntriesReturned").asLong()).isEqualTo(1);
    }

    @Test
    void theLimitAndDirectionPickTheNewestOrOldestLines() {
        JsonNode backward = ok("/loki/api/v1/query_range?query={q}&start={s}&end={e}&limit=3", "{service=\"bulk\"}", T0 - 3600 * S, T0);
        assertThat(lines(backward)).containsExactly("bulk line 29", "bulk line 28", "bulk line 27");

        JsonNode forward = ok("/loki/api/v1/query_range?query={q}&start={s}&end={e}&limit=2&direction=forward",
                "{service=\"bulk\"}", T0 - 3600 * S, T0);
        assertThat(lines(forward)).containsExactly("bulk line 0", "bulk line 1");
    }

    @Test
    void countOverTimeByLevelIsAMatrixOfTheStoredCounts() {
        JsonNode data = ok("/loki/api/v1/query_range?query={q}&start={s}&end={e}&step=60",
                "sum by (level) (count_over_time({service=~\"checkout|search\"}[5m]))", (T0 - 60 * S) / S, T0 / S).get("data");

        assertThat(data.get("resultType").asString()).isEqualTo("matrix");
        assertThat(valuesOf(data.get("result"), "ERROR")).isEqualTo("[[" + (T0 - 60 * S) / S + ",\"1\"],[" + T0 / S + ",\"1\"]]");
        assertThat(valuesOf(data.get("result"), "INFO")).isEqualTo("[[" + (T0 - 60 * S) / S + ",\"1\"],[" + T0 / S + ",\"1\"]]");
        assertThat(valuesOf(data.get("result"), "WARN")).isEqualTo("[[" + (T0 - 60 * S) / S + ",\"1\"],[" + T0 / S + ",\"1\"]]");
    }

    @Test
    void anInstantMetricQueryIsAVectorOfTheStoredCount() {
        JsonNode data = ok("/loki/api/v1/query?query={q}&time={t}", "sum(count_over_time({service=\"bulk\"}[1h]))", T0).get("data");

        assertThat(data.get("resultType").asString()).isEqualTo("vector");
        assertThat(data.get("result").toString()).isEqualTo("[{\"metric\":{},\"value\":[" + T0 / S + ",\"" + BULK + "\"]}]");
    }

    @Test
    void labelsValuesAndSeriesComeFromTheTenantsStreams() {
        String range = "?start=" + (T0 - 3600 * S) + "&end=" + T0;
        assertThat(strings(ok("/loki/api/v1/labels" + range).get("data"))).contains("level", "service");
        assertThat(strings(ok("/loki/api/v1/label/service/values" + range).get("data")))
                .containsExactly("bulk", "checkout", "search");
        JsonNode series = ok("/loki/api/v1/series" + range + "&match[]={m}", "{service=\"checkout\"}").get("data");
        assertThat(series.valueStream().map(s -> s.get("level").asString()).toList()).containsExactlyInAnyOrder("ERROR", "INFO");
    }

    @Test
    void anotherTenantsKeySeesOnlyItsOwnEvents() {
        JsonNode body = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
                .get().uri("/loki/api/v1/query_range?query={q}&start={s}&end={e}", "{level=\"ERROR\"}", T0 - 3600 * S, T0)
                .header("Authorization", "Bearer " + otherKey)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(lines(body)).containsExactly("payment timeout elsewhere");
    }

    @Test
    void aQueryTheParserRefusesGets400WithTheColumn() {
        JsonNode body = client.get().uri("/loki/api/v1/query_range?query={q}", "{service=\"checkout\"} | jsonn").exchange()
                .expectStatus().isBadRequest()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(body.get("status").asString()).isEqualTo("error");
        assertThat(body.get("errorType").asString()).isEqualTo("bad_data");
        assertThat(body.get("error").asString()).isEqualTo("parse error at line 1, col 24: unknown pipeline stage 'jsonn': expected json, logfmt, pattern, regexp, line_format, label_format, drop, keep or a label filter such as latency_ms > 500");
    }

    private static ArchivedEvent event(String tenant, long nanos, String service, String level, String message) {
        return new ArchivedEvent(EventIds.next(), tenant, nanos, service, "host-a", level, message, null, null);
    }

    private JsonNode ok(String uri, Object... values) {
        var result = client.get().uri(uri, values).exchange().expectBody(JsonNode.class).returnResult();
        assertThat(result.getStatus().value()).as("answer %s", result.getResponseBody()).isEqualTo(200);
        return result.getResponseBody();
    }

    private static List<String> lines(JsonNode body) {
        return body.get("data").get("result").valueStream()
                .flatMap(s -> s.get("values").valueStream())
                .map(v -> v.get(1).asString())
                .toList();
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    private static String valuesOf(JsonNode result, String level) {
        return result.valueStream().filter(s -> level.equals(s.get("metric").path("level").asString(null)))
                .findFirst().orElseThrow().get("values").toString();
    }
}

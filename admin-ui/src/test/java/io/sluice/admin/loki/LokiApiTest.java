package io.sluice.admin.loki;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.admin.AdminApplication;
import io.sluice.admin.TestDatabase;
import io.sluice.common.event.Timestamps;
import io.sluice.logstore.engine.LogLine;
import io.sluice.logstore.engine.LogsRequest;
import io.sluice.logstore.engine.MetricRequest;
import io.sluice.logstore.engine.QueryLimitException;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.query.SearchTimeoutException;
import io.sluice.platform.tenant.ApiKeyFormat;
import io.sluice.platform.tenant.TenantAdmin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;

/**
 * The Loki API over HTTP in the real admin-ui application (real MariaDB for tenants and keys),
 * with a small in-memory engine holding known lines of two tenants: Loki's JSON shapes for each
 * endpoint and error, Grafana's health check and authentication, tenant scoping, and the requests
 * the engine receives (defaults applied as Loki applies them).
 */
@SpringBootTest(classes = AdminApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(LokiApiTest.Engine.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LokiApiTest {

    private static final TestDatabase DATABASE = new TestDatabase();
    private static final String KEY = ApiKeyFormat.generate();
    private static final String PREFIX = "test:" + UUID.randomUUID() + ":";
    private static final long S = 1_000_000_000L;
    /** A whole minute, an hour or so ago, so that ranges ending at it are in the past. */
    private static final long T0 = Timestamps.toNanos(Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30)));

    private static final LogLine TIMEOUT = line("default", T0 - 60 * S, Map.of("service", "checkout", "level", "error"), "payment timeout");
    private static final LogLine ACCEPTED = line("default", T0 - 90 * S, Map.of("service", "checkout", "level", "info"), "payment accepted");
    private static final LogLine RETRY = line("default", T0 - 120 * S, Map.of("service", "checkout", "level", "error"), "payment retry");
    private static final LogLine SLOW = line("default", T0 - 150 * S, Map.of("service", "search", "level", "warn"), "slow query");
    private static final LogLine OLD = line("default", T0 - 3 * 3600 * S, Map.of("service", "legacy", "level", "info"), "long ago");
    private static final LogLine ELSEWHERE = line("other", T0 - 60 * S, Map.of("service", "billing", "level", "error"), "payment elsewhere");

    /** The in-memory engine, preferred over any engine log-store provides. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Engine {
        @Bean
        @Primary
        InMemoryLogQueryEngine inMemoryLogQueryEngine() {
            return new InMemoryLogQueryEngine();
        }
    }

    @Autowired
    InMemoryLogQueryEngine engine;

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
        registry.add("sluice.admin.max-limit", () -> "5000");
    }

    @BeforeAll
    void holdKnownLines() {
        List.of(TIMEOUT, ACCEPTED, RETRY, SLOW, OLD, ELSEWHERE).forEach(engine::add);
        otherKey = tenants.createTenant("other", null).then(tenants.createKey("other", "test")).block(Duration.ofSeconds(30)).key();
        client = anonymous().mutate().defaultHeader("Authorization", "Bearer " + KEY).build();
    }

    @BeforeEach
    void resetEngine() {
        engine.reset();
    }

    @AfterAll
    void dropDatabase() {
        DATABASE.drop();
    }

    @Test
    void aLogRangeQueryAnswersStreamsOfNanosecondStringsNewestFirstWithStats() {
        JsonNode body = ok("/loki/api/v1/query_range?query={q}&start={s}&end={e}&limit=10", "{service=\"checkout\"}", T0 - 3600 * S, T0);

        assertThat(body.propertyNames()).containsExactly("status", "data");
        assertThat(body.get("status").asString()).isEqualTo("success");
        JsonNode data = body.get("data");
        assertThat(data.propertyNames()).containsExactly("resultType", "result", "stats");
        assertThat(data.get("resultType").asString()).isEqualTo("streams");
        JsonNode result = data.get("result");
        assertThat(result.size()).isEqualTo(2);
        assertThat(result.get(0).propertyNames()).containsExactly("stream", "values");
        assertThat(result.get(0).get("stream").propertyNames()).containsExactly("level", "service");
        assertThat(result.get(0).get("stream").get("level").asString()).isEqualTo("error");
        JsonNode errors = result.get(0).get("values");
        assertThat(errors.size()).isEqualTo(2);
        assertThat(errors.get(0).get(0).isString()).isTrue();
        assertThat(errors.get(0).get(0).asString()).isEqualTo(Long.toString(TIMEOUT.event().timestampNanos()));
        assertThat(errors.get(0).get(1).asString()).isEqualTo("payment timeout");
        assertThat(errors.get(1).get(1).asString()).isEqualTo("payment retry");
        assertThat(result.get(1).get("values").get(0).get(1).asString()).isEqualTo("payment accepted");
        JsonNode summary = data.get("stats").get("summary");
        assertThat(summary.get("totalEntriesReturned").asLong()).isEqualTo(3);
        assertThat(summary.get("totalBytesProcessed").asLong()).isEqualTo(1234);
        assertThat(data.get("stats").get("querier").get("store").get("totalChunksRef").asLong()).isEqualTo(2);
        assertThat(engine.lastRequest).isEqualTo(new LogsRequest("default", "{service=\"checkout\"}", T0 - 3600 * S, T0, 10, true, null));
    }

    @Test
    void forwardDirectionAndTheLimitReachTheEngine() {
        JsonNode body = ok("/loki/api/v1/query_range?query={q}&start={s}&end={e}&limit=2&direction=forward",
                "{service=\"checkout\"}", (T0 - 3600 * S) / S, T0 / S);

        JsonNode result = body.get("data").get("result");
        assertThat(result.get(0).get("values").get(0).get(1).asString()).isEqualTo("payment retry");
        assertThat(result.get(1).get("values").get(0).get(1).asString()).isEqualTo("payment accepted");
        assertThat(engine.lastRequest).isEqualTo(new LogsRequest("default", "{service=\"checkout\"}", T0 - 3600 * S, T0, 2, false, null));
    }

    @Test
    void withoutBoundsTheLastHourIsAskedWithLokisDefaults() {
        long before = Timestamps.toNanos(Instant.now());
        ok("/loki/api/v1/query_range?query={q}", "{service=\"checkout\"}");
        long after = Timestamps.toNanos(Instant.now());

        LogsRequest asked = (LogsRequest) engine.lastRequest;
        assertThat(asked.toNanos()).isBetween(before, after);
        assertThat(asked.toNanos() - asked.fromNanos()).isEqualTo(3600 * S);
        assertThat(asked.limit()).isEqualTo(100);
        assertThat(asked.backward()).isTrue();
    }

    @Test
    void aRangeQueryCanBePostedAsAForm() {
        JsonNode body = client.post().uri("/loki/api/v1/query_range")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("query", "{service=\"search\"}")
                        .with("start", Long.toString(T0 - 3600 * S)).with("end", Long.toString(T0)))
                .exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(body.get("data").get("result").get(0).get("values").get(0).get(1).asString()).isEqualTo("slow query");
    }

    @Test
    void aMetricRangeQueryAnswersAMatrixOfSecondsAndValueStrings() {
        JsonNode body = ok("/loki/api/v1/query_range?query={q}&start={s}&end={e}&step=60s",
                "count_over_time({service=\"checkout\"}[5m])", (T0 - 120 * S) / S, T0 / S);

        JsonNode data = body.get("data");
        assertThat(data.get("resultType").asString()).isEqualTo("matrix");
        JsonNode errors = series(data.get("result"), "level", "error");
        assertThat(errors.propertyNames()).containsExactly("metric", "values");
        assertThat(errors.get("values").toString()).isEqualTo("[[" + (T0 - 120 * S) / S + ",\"1\"],[" + (T0 - 60 * S) / S
                + ",\"2\"],[" + T0 / S + ",\"2\"]]");
        assertThat(engine.lastRequest).isEqualTo(new MetricRequest("default", "count_over_time({service=\"checkout\"}[5m])",
                T0 - 120 * S, T0, 60 * S));
    }

    @Test
    void anInstantMetricQueryAnswersAVector() {
        JsonNode body = ok("/loki/api/v1/query?query={q}&time={t}", "count_over_time({service=\"checkout\"}[5m])", T0);

        JsonNode data = body.get("data");
        assertThat(data.get("resultType").asString()).isEqualTo("vector");
        JsonNode info = series(data.get("result"), "level", "info");
        assertThat(info.propertyNames()).containsExactly("metric", "value");
        assertThat(info.get("value").toString()).isEqualTo("[" + T0 / S + ",\"1\"]");
        assertThat(series(data.get("result"), "level", "error").get("value").get(1).asString()).isEqualTo("2");
    }

    @Test
    void anInstantLogQueryAnswersStreamsOfTheHourBeforeItsTime() {
        JsonNode body = ok("/loki/api/v1/query?query={q}&time={t}", "{service=\"search\"}", T0);

        assertThat(body.get("data").get("resultType").asString()).isEqualTo("streams");
        assertThat(body.get("data").get("result").get(0).get("values").get(0).get(1).asString()).isEqualTo("slow query");
        assertThat(engine.lastRequest).isEqualTo(new LogsRequest("default", "{service=\"search\"}", T0 - 3600 * S, T0, 100, true, null));
    }

    @Test
    void grafanasHealthCheckWithBasicAuthAndItsTenantHeaderGetsTwo() {
        String basic = Base64.getEncoder().encodeToString(("default:" + KEY).getBytes(StandardCharsets.UTF_8));
        JsonNode body = anonymous().get().uri("/loki/api/v1/query?query={q}&time=4000000000&limit=100&direction=backward", "vector(1)+vector(1)")
                .header("Authorization", "Basic " + basic)
                .header("X-Scope-OrgID", "default")
                .exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(body.get("data").get("resultType").asString()).isEqualTo("vector");
        // Grafana sends the end of its 1 s..4 s range in nanoseconds; ten digits read as seconds, as Loki reads them.
        assertThat(body.get("data").get("result").toString()).isEqualTo("[{\"metric\":{},\"value\":[4000000000,\"2\"]}]");
        assertThat(engine.lastRequest).isNull();
    }

    @Test
    void aScalarInstantQueryAnswersAScalar() {
        JsonNode body = ok("/loki/api/v1/query?query={q}&time=4", "1+1");

        assertThat(body.get("data").get("resultType").asString()).isEqualTo("scalar");
        assertThat(body.get("data").get("result").toString()).isEqualTo("[4,\"2\"]");
    }

    @Test
    void labelsAndValuesAreTheTenantsSortedAndScopedToTheRange() {
        assertThat(ok("/loki/api/v1/labels").toString()).isEqualTo("{\"status\":\"success\",\"data\":[\"level\",\"service\"]}");
        assertThat(ok("/loki/api/v1/label/service/values").get("data").toString()).isEqualTo("[\"checkout\",\"search\"]");
        assertThat(ok("/loki/api/v1/label/service/values?start={s}&end={e}", (T0 - 4 * 3600 * S) / S, T0 / S).get("data").toString())
                .isEqualTo("[\"checkout\",\"legacy\",\"search\"]");
        assertThat(ok("/loki/api/v1/label/level/values?query={q}", "{service=\"checkout\"}").get("data").toString())
                .isEqualTo("[\"error\",\"info\"]");
        assertThat(ok("/loki/api/v1/label/nothing/values").get("data").toString()).isEqualTo("[]");
    }

    @Test
    void seriesAreTheLabelSetsMatchingAnySelector() {
        JsonNode body = ok("/loki/api/v1/series?match[]={a}&match[]={b}", "{service=\"search\"}", "{level=\"info\"}");

        assertThat(body.get("status").asString()).isEqualTo("success");
        assertThat(body.get("data").valueStream().map(JsonNode::toString).toList()).containsExactlyInAnyOrder(
                "{\"level\":\"warn\",\"service\":\"search\"}", "{\"level\":\"info\",\"service\":\"checkout\"}");
    }

    @Test
    void seriesWithoutAMatcherAreRefused() {
        assertThat(error("/loki/api/v1/series", 400).get("error").asString()).isEqualTo("no match[] parameter provided");
    }

    @Test
    void anotherTenantsKeySeesOnlyItsOwnData() {
        JsonNode labels = anonymous().get().uri("/loki/api/v1/label/service/values").header("Authorization", "Bearer " + otherKey)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(labels.get("data").toString()).isEqualTo("[\"billing\"]");

        JsonNode logs = anonymous().get().uri("/loki/api/v1/query_range?query={q}", "{level=\"error\"}")
                .header("Authorization", "Bearer " + otherKey).header("X-Scope-OrgID", "other")
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(logs.get("data").get("result").size()).isEqualTo(1);
        assertThat(logs.get("data").get("result").get(0).get("values").get(0).get(1).asString()).isEqualTo("payment elsewhere");
    }

    @Test
    void aQueryThatDoesNotParseGets400WithLokisParseErrorText() {
        JsonNode body = error("/loki/api/v1/query_range?query={q}", 400, "{service=\"checkout\"} |~ \"x\"");

        assertThat(body.propertyNames()).containsExactly("status", "errorType", "error", "message");
        assertThat(body.get("message").asString()).isEqualTo(body.get("error").asString());
        assertThat(body.get("status").asString()).isEqualTo("error");
        assertThat(body.get("errorType").asString()).isEqualTo("bad_data");
        assertThat(body.get("error").asString()).isEqualTo("parse error at line 1, col 21: unexpected text after the stream selector");
    }

    @Test
    void unusableParametersGet400BadData() {
        JsonNode body = error("/loki/api/v1/query_range?query={q}&start=yesterday", 400, "{service=\"checkout\"}");
        assertThat(body.get("errorType").asString()).isEqualTo("bad_data");
        assertThat(body.get("error").asString()).startsWith("invalid parameter \"start\"");

        assertThat(error("/loki/api/v1/query_range?query={q}&limit=5001", 400, "{a=\"b\"}").get("error").asString())
                .isEqualTo("max entries limit per query exceeded, limit > max_entries_limit (5001 > 5000)");
        assertThat(error("/loki/api/v1/query", 400).get("error").asString()).isEqualTo("query parameter is required");
        assertThat(engine.lastRequest).isNull();
    }

    @Test
    void withoutAValidKeyEveryEndpointAnswers401InLokisShape() {
        for (String path : List.of("/loki/api/v1/query_range?query=x", "/loki/api/v1/query?query=x", "/loki/api/v1/labels",
                "/loki/api/v1/label/service/values", "/loki/api/v1/series?match[]=x")) {
            anonymous().get().uri(path).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"sluice\"")
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("error")
                    .jsonPath("$.errorType").isEqualTo("unauthorized")
                    .jsonPath("$.error").value(m -> assertThat((String) m).startsWith("no API key"));
        }
        anonymous().get().uri("/loki/api/v1/labels").header("Authorization", "Bearer " + ApiKeyFormat.generate()).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("the API key is not valid (unknown or revoked)");
        assertThat(engine.lastRequest).isNull();
    }

    @Test
    void aScopeHeaderNamingAnotherTenantGets403() {
        client.get().uri("/loki/api/v1/labels").header("X-Scope-OrgID", "other").exchange()
                .expectStatus().isForbidden()
                .expectBody()
                .jsonPath("$.status").isEqualTo("error")
                .jsonPath("$.errorType").isEqualTo("forbidden");
        assertThat(engine.lastRequest).isNull();
    }

    @Test
    void aQueryOverItsMemoryBoundGets422() {
        engine.failNextWith(new QueryLimitException("the query would hold more than 10000 series; add labels to the selector"));

        JsonNode body = error("/loki/api/v1/query_range?query={q}", 422, "count_over_time({service=\"checkout\"}[1m])");

        assertThat(body.get("errorType").asString()).isEqualTo("execution");
        assertThat(body.get("error").asString()).isEqualTo("the query would hold more than 10000 series; add labels to the selector");
    }

    @Test
    void aQueryOverItsTimeBudgetGets504() {
        engine.failNextWith(new SearchTimeoutException("the query ran longer than 30s; narrow the time range", null));

        JsonNode body = error("/loki/api/v1/query_range?query={q}", 504, "{service=\"checkout\"}");

        assertThat(body.get("errorType").asString()).isEqualTo("timeout");
        assertThat(body.get("error").asString()).isEqualTo("the query ran longer than 30s; narrow the time range");
    }

    @Test
    void anUnreachableStoreGets503() {
        engine.failNextWith(new DataAccessResourceFailureException("connection refused"));

        JsonNode body = error("/loki/api/v1/labels", 503);

        assertThat(body.get("errorType").asString()).isEqualTo("unavailable");
        assertThat(body.get("error").asString()).isEqualTo("the log store is unavailable right now; retry later");
    }

    private static LogLine line(String tenant, long nanos, Map<String, String> labels, String message) {
        ArchivedEvent event = new ArchivedEvent(UUID.randomUUID().toString().replace("-", ""), tenant, nanos, labels.get("service"), "host-a",
                labels.get("level"), message, null, null);
        return new LogLine(event, labels, message);
    }

    private static JsonNode series(JsonNode result, String label, String value) {
        return result.valueStream().filter(s -> value.equals(s.get("metric").path(label).asString(null))).findFirst().orElseThrow();
    }

    private WebTestClient anonymous() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60)).build();
    }

    private JsonNode ok(String uri, Object... values) {
        return client.get().uri(uri, values).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("application/json")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode error(String uri, int status, Object... values) {
        return client.get().uri(uri, values).exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith("application/json")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}

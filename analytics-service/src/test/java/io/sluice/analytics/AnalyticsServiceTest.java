package io.sluice.analytics;

import static io.sluice.analytics.BufferFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.XAddArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.sluice.analytics.consume.EntryProcessor;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.MatchCount;
import io.sluice.common.proto.alert.v1.RuleMatcher;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.platform.tenant.ApiKeyFormat;
import io.sluice.platform.stream.StreamBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * analytics-service against the real Redis and a real gRPC {@code AlertIntake} server: batches are
 * appended to the buffer stream exactly as ingest does, and the test observes the statistics
 * hashes, the stats API, the reports received over gRPC and the stream's pending list.
 */
@SpringBootTest(classes = AnalyticsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sluice.analytics.claim-min-idle=1s",
        "sluice.analytics.claim-interval=300ms",
        "sluice.analytics.matcher-refresh=200ms",
        "management.endpoints.web.exposure.include=health,info,prometheus"})
@DirtiesContext
@Import(AnalyticsServiceTest.Cleanup.class)
class AnalyticsServiceTest {

    private static final String PREFIX = "test:" + UUID.randomUUID() + ":";
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");
    private static final BufferFixture BUFFER = new BufferFixture(PREFIX);
    private static final RecordingAlertIntake ALERT = startAlertIntake();
    private static final String DATABASE = "sluice_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    /** A key of tenant {@code shape}, the bootstrap key of this instance. */
    private static final String KEY = ApiKeyFormat.generate();

    @LocalServerPort
    int port;

    @Autowired
    EntryProcessor processor;

    WebTestClient http;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.redis.url", () -> BufferFixture.URL);
        registry.add("sluice.redis.key-prefix", () -> PREFIX);
        registry.add("sluice.analytics.alert-target", () -> "static://127.0.0.1:" + ALERT.port());
        registry.add("sluice.mysql.url", () -> "mysql://root@127.0.0.1:3306/" + DATABASE);
        registry.add("sluice.tenancy.bootstrap-api-key", () -> KEY);
        registry.add("sluice.tenancy.bootstrap-tenant", () -> "shape");
    }

    @BeforeEach
    void client() {
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60))
                .defaultHeader("Authorization", "Bearer " + KEY).build();
    }

    @Test
    void countsEveryEventOnceInTheMinuteLevelAndServiceOfItsEventTime() {
        BUFFER.append(batch(
                event("counts", T.plusSeconds(1), "ERROR", "checkout", "a"),
                event("counts", T.plusSeconds(2), "ERROR", "checkout", "b"),
                event("counts", T.plusSeconds(59), "ERROR", "checkout", "c"),
                event("counts", T.plusSeconds(10), "INFO", "checkout", "d"),
                event("counts", T.plusSeconds(11), "INFO", "checkout", "e"),
                event("counts", T.plusSeconds(61), "WARN", "cart", "f")));
        BUFFER.append(batch(
                event("counts", T.plusSeconds(65), "ERROR", "cart", "g"),
                event("counts", T.plusSeconds(120), "INFO", "cart", "h"),
                event("counts", T.plusSeconds(121), "INFO", "cart", "i"),
                event("counts", T.plusSeconds(179), "INFO", "cart", "j"),
                event("other", T.plusSeconds(1), "ERROR", "checkout", "k")));

        // ERROR/FATAL events sit in the tenants' priority streams, found by the next registry refresh:
        // nothing pending does not yet mean everything was read, so wait for the counts themselves.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(pendingCount()).isZero();
            assertThat(stats("counts", T)).isEqualTo(Map.of("ERROR:checkout", "3", "INFO:checkout", "2"));
            assertThat(stats("counts", T.plusSeconds(60))).isEqualTo(Map.of("WARN:cart", "1", "ERROR:cart", "1"));
            assertThat(stats("counts", T.plusSeconds(120))).isEqualTo(Map.of("INFO:cart", "3"));
            assertThat(stats("other", T)).isEqualTo(Map.of("ERROR:checkout", "1"));
        });
        assertThat(BUFFER.redis().ttl(PREFIX + "stats:counts:" + T.toEpochMilli())).isBetween(47L * 3600, 48L * 3600);
    }

    @Test
    void aRedeliveredEntryIsCountedOnceAndReportedAgainUnderTheSameBatchId() {
        Instant at = T.plusSeconds(3600);
        String id = BUFFER.append(batch(
                event("redeliver", at, "ERROR", "api", "x"),
                event("redeliver", at.plusMillis(10), "ERROR", "api", "y"),
                event("redeliver", at.plusMillis(20), "INFO", "api", "z")));
        await().atMost(Duration.ofSeconds(60)).until(() -> ALERT.reportsOf(id).size() == 1 && pendingCount() == 0);
        assertThat(stats("redeliver", at)).isEqualTo(Map.of("ERROR:api", "2", "INFO:api", "1"));

        StreamMessage<String, byte[]> entry = BUFFER.read(id);
        processor.handle(new StreamBatch(entry.getStream(), List.of(entry))).block(Duration.ofSeconds(20));

        assertThat(stats("redeliver", at)).isEqualTo(Map.of("ERROR:api", "2", "INFO:api", "1"));
        assertThat(ALERT.reportsOf(id)).hasSize(2).allSatisfy(r -> assertThat(r).isEqualTo(ALERT.reportsOf(id).get(0)));
    }

    @Test
    void anEntryWhoseReportFailsStaysPendingAndIsRetriedUntilReported() {
        Instant at = T.plusSeconds(7200);
        ALERT.refuseNext.set(4);
        String id = BUFFER.append(batch(
                event("retry", at, "INFO", "web", "1"),
                event("retry", at.plusMillis(1), "INFO", "web", "2")));

        await().atMost(Duration.ofSeconds(60)).until(() -> ALERT.reportsOf(id).size() == 1 && pendingCount() == 0);

        assertThat(ALERT.refuseNext.get()).as("every refusal was met by a retry").isZero();
        assertThat(stats("retry", at)).isEqualTo(Map.of("INFO:web", "2"));
        assertThat(ALERT.reportsOf(id).get(0).getMatchesList())
                .containsExactly(match(21, at.toEpochMilli(), 2));
    }

    @Test
    void reportsMatchCountsPerRuleAndOneSecondBucketWithTheEntryIdAsBatchId() {
        Instant at = T.plusSeconds(10_800);
        String id = BUFFER.append(batch(
                event("alerts", at.plusMillis(100), "ERROR", "checkout", "payment timeout"),
                event("alerts", at.plusMillis(500), "ERROR", "cart", "boom"),
                event("alerts", at.plusMillis(1200), "ERROR", "cart", "boom"),
                event("alerts", at.plusMillis(1900), "INFO", "checkout", "timeout while polling"),
                event("alerts", at.plusMillis(2000), "INFO", "checkout", "all good")));

        await().atMost(Duration.ofSeconds(60)).until(() -> ALERT.reportsOf(id).size() == 1);

        FindingsBatch report = ALERT.reportsOf(id).get(0);
        long second = at.toEpochMilli();
        assertThat(report.getMatchesList()).containsExactlyInAnyOrder(
                match(11, second, 2), match(11, second + 1000, 1),
                match(12, second, 1), match(12, second + 1000, 1));
    }

    @Test
    void entriesOfTwoShardsWithTheSameEntryIdAreBothCountedAndReportedUnderDifferentBatchIds() {
        Instant at = T.plusSeconds(18_000);
        // Redis gives the first entries of two streams written in the same millisecond the same id.
        String first = appendWithId("alerts", 0, "1700000000000-0", batch(event("alerts", at, "ERROR", "twin", "one")));
        String second = appendWithId("alerts", 1, "1700000000000-0", batch(event("alerts", at, "ERROR", "twin", "two")));

        await().atMost(Duration.ofSeconds(60)).until(() -> ALERT.reportsOf(first).size() == 1 && ALERT.reportsOf(second).size() == 1
                && pendingCount() == 0);
        assertThat(stats("alerts", at)).containsEntry("ERROR:twin", "2");
    }

    private static String appendWithId(String tenant, int shard, String id, LogBatch batch) {
        String stream = BUFFER.stream(tenant, shard);
        BUFFER.redis().sadd(PREFIX + "buffer:streams", stream);
        RedisClient client = RedisClient.create(BufferFixture.URL);
        try (StatefulRedisConnection<String, byte[]> c = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
            c.sync().xadd(stream, new XAddArgs().id(id), Map.of("b", batch.toByteArray()));
        } finally {
            client.shutdown();
        }
        return tenant + "." + shard + "/" + id;
    }

    @Test
    void entriesWithoutMatchesAreNotReported() {
        String id = BUFFER.append(batch(event("quiet", T, "INFO", "web", "hello")));

        await().atMost(Duration.ofSeconds(60)).until(() -> pendingCount() == 0 && !stats("quiet", T).isEmpty());
        assertThat(ALERT.reportsOf(id)).isEmpty();
    }

    @Test
    void statsApiAnswersOneBucketPerMinuteIncludingEmptyOnesWithTotals() {
        Instant at = T.plusSeconds(14_400);
        BUFFER.append(batch(
                event("shape", at.plusSeconds(5), "ERROR", "checkout", "a"),
                event("shape", at.plusSeconds(6), "INFO", "checkout", "b"),
                event("shape", at.plusSeconds(125), "INFO", "cart", "c"),
                event("shape", at.plusSeconds(126), "WARN", "cart", "d")));
        await().atMost(Duration.ofSeconds(60)).until(() -> !stats("shape", at.plusSeconds(120)).isEmpty());
        long from = at.toEpochMilli();
        long to = from + 180_000;

        http.get().uri("/api/v1/stats?tenant=shape&from={from}&to={to}", at.toString(), to).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.from").isEqualTo(from)
                .jsonPath("$.to").isEqualTo(to)
                .jsonPath("$.stepMillis").isEqualTo(60_000)
                .jsonPath("$.buckets.length()").isEqualTo(3)
                .jsonPath("$.buckets[0].start").isEqualTo(from)
                .jsonPath("$.buckets[0].total").isEqualTo(2)
                .jsonPath("$.buckets[0].levels.ERROR").isEqualTo(1)
                .jsonPath("$.buckets[0].levels.INFO").isEqualTo(1)
                .jsonPath("$.buckets[0].services.checkout").isEqualTo(2)
                .jsonPath("$.buckets[1].start").isEqualTo(from + 60_000)
                .jsonPath("$.buckets[1].total").isEqualTo(0)
                .jsonPath("$.buckets[1].levels").isEmpty()
                .jsonPath("$.buckets[1].services").isEmpty()
                .jsonPath("$.buckets[2].start").isEqualTo(from + 120_000)
                .jsonPath("$.buckets[2].total").isEqualTo(2)
                .jsonPath("$.buckets[2].levels.WARN").isEqualTo(1)
                .jsonPath("$.buckets[2].services.cart").isEqualTo(2)
                .jsonPath("$.totals.events").isEqualTo(4)
                .jsonPath("$.totals.levels.INFO").isEqualTo(2)
                .jsonPath("$.totals.levels.ERROR").isEqualTo(1)
                .jsonPath("$.totals.levels.WARN").isEqualTo(1)
                .jsonPath("$.totals.services.checkout").isEqualTo(2)
                .jsonPath("$.totals.services.cart").isEqualTo(2);
    }

    @Test
    void statsApiAnswersOnlyWithAValidKeyAndOnlyForTheKeysTenant() {
        WebTestClient anonymous = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60)).build();
        anonymous.get().uri("/api/v1/stats?tenant=shape").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer realm=\"sluice\"")
                .expectBody().jsonPath("$.error").value(m -> assertThat((String) m).startsWith("no API key"));
        anonymous.get().uri("/api/v1/stats").header("Authorization", "Bearer " + ApiKeyFormat.generate()).exchange()
                .expectStatus().isUnauthorized();
        http.get().uri("/api/v1/stats?tenant=counts").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo("key belongs to another tenant");
        http.get().uri("/api/v1/stats").header("X-Sluice-Tenant", "other").exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void statsApiDefaultsToTheLastHour() {
        http.get().uri("/api/v1/stats").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.stepMillis").isEqualTo(60_000)
                .jsonPath("$.buckets.length()").value(n -> assertThat((Integer) n).isBetween(60, 61))
                .jsonPath("$.totals.events").isEqualTo(0);
    }

    @Test
    void statsApiRejectsBadParametersWithAMessage() {
        http.get().uri("/api/v1/stats?from=yesterday").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(m -> assertThat((String) m).startsWith("from: ").contains("RFC 3339"));
        http.get().uri("/api/v1/stats?from=0&to=999999999999").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").value(m -> assertThat((String) m).contains("7 days"));
    }

    @Test
    void exposesHealthAndPrometheusMetrics() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
        http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    private static RecordingAlertIntake startAlertIntake() {
        try {
            return new RecordingAlertIntake(List.of(
                    matcher(11, "alerts", "{level=\"ERROR\"}"),
                    matcher(12, "alerts", "{service=\"checkout\"} |= \"timeout\""),
                    matcher(13, "elsewhere", "{}"),
                    matcher(21, "retry", "{}"),
                    matcher(31, "redeliver", "{level=\"ERROR\"}")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RuleMatcher matcher(long id, String tenant, String query) {
        return RuleMatcher.newBuilder().setRuleId(id).setTenant(tenant).setQuery(query).build();
    }

    private static MatchCount match(long rule, long bucket, long count) {
        return MatchCount.newBuilder().setRuleId(rule).setBucketStartMillis(bucket).setCount(count).build();
    }

    private static LogBatch batch(LogEvent... events) {
        return LogBatch.newBuilder().addAllEvents(List.of(events)).build();
    }

    private static Map<String, String> stats(String tenant, Instant minute) {
        return BUFFER.redis().hgetall(PREFIX + "stats:" + tenant + ":" + minute.toEpochMilli());
    }

    private static long pendingCount() {
        long pending = 0;
        for (String stream : BUFFER.streams()) {
            try {
                pending += BUFFER.redis().xpending(stream, "analytics").getCount();
            } catch (RedisCommandExecutionException e) {
                pending++; // not discovered yet: the group does not exist on the stream
            }
        }
        return pending;
    }

    /** Removes the test's keys and stops the gRPC server once the context (and its consumer) has stopped. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Cleanup {

        @Bean
        DisposableBean analyticsTestCleanup() {
            return () -> {
                BUFFER.close();
                ALERT.close();
                try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                        Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
                }
            };
        }
    }
}

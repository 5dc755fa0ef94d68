package io.sluice.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.StreamMessage;
import io.sluice.analytics.consume.EntryProcessor;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.platform.stream.StreamBatch;
import io.sluice.platform.tenant.ApiKeyFormat;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
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
 * Window statistics and leaderboards against the real Redis, through the real consumer group: a known
 * event set, with events on both sides of a 10 s / 1 min / 5 min / 1 h edge (all four meet at
 * {@link #EDGE}), an entry with an event late but within the allowed lateness and one with events
 * beyond it, appended one entry at a time (lateness depends on the order entries are counted in) and
 * checked through {@code /api/v1/windows} against a plain recount of the events; then a redelivered
 * entry, quantiles against exact order statistics, and the leaderboards' order.
 */
@SpringBootTest(classes = AnalyticsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sluice.analytics.alerting-enabled=false",
        "sluice.analytics.anomaly.enabled=false",
        "sluice.analytics.window.allowed-lateness=5m"})
@DirtiesContext
@Import(WindowServiceTest.Cleanup.class)
class WindowServiceTest {

    private static final String PREFIX = "h_window_" + UUID.randomUUID() + ":";
    private static final BufferFixture BUFFER = new BufferFixture(PREFIX);
    private static final String DATABASE = "h_window_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private static final String TENANT = "h_window_shop";
    private static final String KEY = ApiKeyFormat.generate();
    /** An hour edge three hours back: it is also a 10 s, 1 min and 5 min edge. */
    private static final long EDGE = (Instant.now().toEpochMilli() / 3_600_000L - 2) * 3_600_000L;
    private static final long HOUR_BEFORE = EDGE - 3_600_000L;

    /** The events the windows must count (late ones excluded), in the order appended. */
    private static final List<LogEvent> COUNTED = new ArrayList<>();
    private static final List<Long> LATENCIES = new ArrayList<>();
    private static String firstEntry;

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

    /** Runs once, from the first test: the consumer only runs once the application context has started. */
    private static synchronized void appendTheEventSetOneEntryAtATime() {
        if (firstEntry != null) {
            return;
        }
        List<LogEvent> a = List.of(
                event(EDGE - 5_000, "INFO", "checkout", "order 17 placed café", 120),
                event(EDGE - 1, "INFO", "checkout", "order 18 placed café", 80),
                event(EDGE, "INFO", "checkout", "order 19 placed café", 95),
                event(EDGE + 1_000, "ERROR", "checkout", "payment failed for order 19", -1),
                event(EDGE + 2_000, "ERROR", "cart", "inventory timeout after 3000 ms", -1),
                event(EDGE + 3_000, "ERROR", "cart", "inventory timeout after 3100 ms", -1),
                event(EDGE + 4_000, "ERROR", "cart", "inventory timeout after 2900 ms", -1),
                event(EDGE + 12_000, "ERROR", "checkout", "payment failed for order 20", -1),
                event(EDGE + 20_000, "WARN", "cart", "cart 7 slow", -1));
        firstEntry = appendAndWait(a);
        COUNTED.addAll(a);
        // The watermark is now EDGE + 20 s: 4 minutes behind it is within the 5-minute lateness.
        List<LogEvent> withinLateness = List.of(event(EDGE - 240_000, "ERROR", "checkout", "payment failed for order 16", -1));
        appendAndWait(withinLateness);
        COUNTED.addAll(withinLateness);
        // 10 minutes behind it is not: only counted as dropped.
        appendAndWait(List.of(event(EDGE - 600_000, "INFO", "checkout", "order 3 placed café", 10),
                event(EDGE - 600_000, "INFO", "checkout", "order 4 placed café", 10)));
        Random random = new Random(42);
        List<LogEvent> search = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            long latency = (long) Math.min(60_000, Math.exp(random.nextGaussian() * 1.2 + 4.5));
            LATENCIES.add(latency);
            search.add(event(EDGE + 30_000 + i * 9L, "INFO", "search", "query " + i + " done latency_ms=" + latency, -1));
        }
        appendAndWait(search);
        COUNTED.addAll(search);
    }

    @BeforeEach
    void client() {
        appendTheEventSetOneEntryAtATime();
        http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60))
                .defaultHeader("Authorization", "Bearer " + KEY).build();
    }

    @Test
    void everyWindowWidthCountsExactlyTheEventsOfItsEventTimeIncludingLateOnesWithinTheLateness() {
        // Hard figures first: the 10 s windows around the edge, and the hours either side of it.
        List<Map<String, Object>> tens = buckets("window=10s&from=" + (EDGE - 10_000) + "&to=" + (EDGE + 30_000));
        assertThat(tens).extracting(b -> number(b, "events")).containsExactly(2L, 5L, 1L, 1L);
        assertThat(number(tens.get(0), "bytes")).isEqualTo(utf8("order 17 placed café") + utf8("order 18 placed café"));
        assertThat(number(tens.get(1), "errors")).isEqualTo(4);
        assertThat(((Number) tens.get(1).get("errorRatio")).doubleValue()).isEqualTo(0.8);
        List<Map<String, Object>> hours = buckets("window=1h&from=" + HOUR_BEFORE + "&to=" + (EDGE + 3_600_000));
        assertThat(hours).extracting(b -> number(b, "events")).containsExactly(3L, 1007L);
        assertThat(hours.get(0).get("levels")).isEqualTo(Map.of("INFO", 2, "ERROR", 1));

        // Then every window of every width over the two hours against a plain recount.
        for (String size : List.of("10s", "1m", "5m", "1h")) {
            long width = switch (size) {
                case "10s" -> 10_000L;
                case "1m" -> 60_000L;
                case "5m" -> 300_000L;
                default -> 3_600_000L;
            };
            long from = size.equals("10s") ? EDGE - 300_000 : HOUR_BEFORE;
            long to = size.equals("10s") ? EDGE + 60_000 : EDGE + 3_600_000;
            for (Map<String, Object> b : buckets("window=" + size + "&from=" + from + "&to=" + to)) {
                long start = number(b, "start");
                assertThat(number(b, "end")).isEqualTo(start + width);
                assertBucket(b, e -> millis(e) >= start && millis(e) < start + width, size + " at " + start);
            }
        }
    }

    @Test
    void eventsBeyondTheLatenessAreCountedAsLateDroppedOnly() {
        Map<String, Object> view = view("window=1h&from=" + (HOUR_BEFORE - 3_600_000) + "&to=" + (EDGE + 3_600_000));
        assertThat(number(view, "lateDropped")).isEqualTo(2);
        assertThat(BUFFER.redis().hgetall(PREFIX + "analytics:window:late:" + TENANT)).isEqualTo(Map.of("checkout", "2"));
        assertThat(BUFFER.redis().get(PREFIX + "analytics:window:watermark:" + TENANT)).isEqualTo(Long.toString(EDGE + 30_000 + 999 * 9));
    }

    @Test
    void slidingWindowsAreSumsOfTheTenSecondWindows() {
        List<Map<String, Object>> sliding = buckets("window=1m&step=10s&from=" + (EDGE - 10_000) + "&to=" + (EDGE + 50_000));
        assertThat(sliding).extracting(b -> number(b, "end"))
                .containsExactly(EDGE, EDGE + 10_000, EDGE + 20_000, EDGE + 30_000, EDGE + 40_000, EDGE + 50_000);
        assertThat(sliding).extracting(b -> number(b, "events")).containsExactly(2L, 7L, 8L, 9L, 1009L, 1009L);
        for (Map<String, Object> b : sliding) {
            long start = number(b, "start");
            long end = number(b, "end");
            assertBucket(b, e -> millis(e) >= start && millis(e) < end, "sliding to " + end);
        }
        List<Map<String, Object>> filtered = buckets("window=5m&step=1m&service=checkout&level=ERROR&from=" + (EDGE - 60_000) + "&to=" + EDGE);
        assertThat(filtered).extracting(b -> number(b, "events")).containsExactly(1L);
    }

    @Test
    void aRedeliveredEntryIsCountedOnce() {
        Map<String, String> before = BUFFER.redis().hgetall(PREFIX + "analytics:window:" + TENANT + ":1m:" + EDGE);
        StreamMessage<String, byte[]> entry = BUFFER.read(firstEntry);
        processor.handle(new StreamBatch(entry.getStream(), List.of(entry))).block(Duration.ofSeconds(60));
        assertThat(BUFFER.redis().hgetall(PREFIX + "analytics:window:" + TENANT + ":1m:" + EDGE)).isEqualTo(before).isNotEmpty();
        assertBucket(buckets("window=1m&from=" + EDGE + "&to=" + (EDGE + 60_000)).get(0), e -> millis(e) >= EDGE && millis(e) < EDGE + 60_000,
                "after redelivery");
    }

    @Test
    void quantilesAreWithinHdrHistogramPrecisionOfTheExactOrderStatistics() {
        Map<String, Object> bucket = buckets("window=1m&service=search&from=" + EDGE + "&to=" + (EDGE + 60_000)).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> latency = (Map<String, Object>) ((Map<String, Object>) bucket.get("quantiles")).get("latency_ms");
        List<Long> sorted = LATENCIES.stream().sorted().toList();
        assertThat(number(latency, "count")).isEqualTo(1000);
        for (int p : List.of(50, 90, 99)) {
            long exact = sorted.get((int) Math.ceil(p / 100.0 * sorted.size()) - 1);
            assertThat(number(latency, "p" + p)).as("p" + p).isBetween(exact, exact + Math.max(1, exact / 100));
        }
        long max = sorted.get(sorted.size() - 1);
        assertThat(number(latency, "max")).isBetween(max, max + Math.max(1, max / 100));
        // checkout's latencies came from the attributes JSON
        Map<String, Object> checkout = buckets("window=10s&service=checkout&from=" + (EDGE - 10_000) + "&to=" + EDGE).get(0);
        assertThat(checkout.get("quantiles")).asString().contains("count=2");
    }

    @Test
    void leaderboardsRankErrorTemplatesServicesAndNewTemplatesPerHourAndDay() {
        List<Map<String, Object>> errors = entries("board=top-error-templates&window=1h&at=" + EDGE);
        assertThat(errors).extracting(e -> e.get("service")).containsExactly("cart", "checkout");
        assertThat(errors).extracting(e -> number(e, "value")).containsExactly(3L, 2L);
        assertThat(errors.get(0).get("text").toString()).startsWith("inventory timeout after");
        List<Map<String, Object>> before = entries("board=top-error-templates&window=1h&at=" + HOUR_BEFORE);
        assertThat(before).extracting(e -> number(e, "value")).containsExactly(1L);

        assertThat(entries("board=noisiest-services&window=1h&at=" + EDGE)).extracting(e -> e.get("service") + "=" + e.get("value"))
                .containsExactly("search=1000", "cart=4", "checkout=3");
        boolean sameDay = EDGE / 86_400_000L == HOUR_BEFORE / 86_400_000L;
        List<Map<String, Object>> day = entries("board=noisiest-services&window=1d&at=" + EDGE);
        assertThat(day.get(0)).containsEntry("service", "search");
        assertThat(day.get(1).get("service") + "=" + day.get(1).get("value")).isEqualTo(sameDay ? "checkout=6" : "cart=4");

        List<Map<String, Object>> fresh = entries("board=new-templates&window=1h&at=" + EDGE + "&limit=100");
        assertThat(fresh).extracting(e -> e.get("service")).contains("search", "cart", "checkout");
        assertThat(fresh.get(0).get("service")).isEqualTo("search");
        assertThat(fresh).extracting(e -> number(e, "value")).isSortedAccordingTo((x, y) -> Long.compare(y, x));
        assertThat(BUFFER.redis().ttl(PREFIX + "analytics:board:" + TENANT + ":new-templates:1h:" + EDGE)).isBetween(29L * 86_400, 30L * 86_400);
        assertThat(BUFFER.redis().ttl(PREFIX + "analytics:window:" + TENANT + ":10s:" + EDGE)).isBetween(1L, 7_200L);
        assertThat(BUFFER.redis().ttl(PREFIX + "analytics:window:" + TENANT + ":1h:" + EDGE)).isBetween(29L * 86_400, 30L * 86_400);
    }

    @Test
    void badParametersGet400AndOtherTenantsOrNoKeyAreRefused() {
        for (String query : List.of("window=2m", "window=1m&step=5m", "window=10s&from=0&to=86400000", "template=abc", "level=LOUD",
                "from=yesterday", "window=1m&from=2000&to=1000")) {
            http.get().uri("/api/v1/windows?" + query).exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error").value(m -> assertThat(m.toString()).isNotBlank());
        }
        for (String query : List.of("", "board=top", "board=new-templates&window=1w", "board=new-templates&limit=0")) {
            http.get().uri("/api/v1/leaderboards?" + query).exchange().expectStatus().isBadRequest();
        }
        WebTestClient anonymous = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(60)).build();
        anonymous.get().uri("/api/v1/windows").exchange().expectStatus().isUnauthorized();
        anonymous.get().uri("/api/v1/leaderboards?board=new-templates").exchange().expectStatus().isUnauthorized();
        http.get().uri("/api/v1/windows?tenant=someone-else").exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/leaderboards?board=new-templates&tenant=someone-else").exchange().expectStatus().isForbidden();
    }

    private void assertBucket(Map<String, Object> b, Predicate<LogEvent> in, String what) {
        List<LogEvent> expected = COUNTED.stream().filter(in).toList();
        Set<String> errorLevels = Set.of("ERROR", "FATAL");
        assertThat(number(b, "events")).as(what + " events").isEqualTo(expected.size());
        assertThat(number(b, "bytes")).as(what + " bytes").isEqualTo(expected.stream().mapToLong(e -> utf8(e.getMessage())).sum());
        assertThat(number(b, "errors")).as(what + " errors").isEqualTo(expected.stream().filter(e -> errorLevels.contains(e.getLevel())).count());
    }

    private Map<String, Object> view(String query) {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = http.get().uri("/api/v1/windows?" + query).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return body;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> buckets(String query) {
        return (List<Map<String, Object>>) view(query).get("buckets");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> entries(String query) {
        Map<String, Object> body = http.get().uri("/api/v1/leaderboards?" + query).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (List<Map<String, Object>>) body.get("entries");
    }

    private static long number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).longValue();
    }

    private static long millis(LogEvent e) {
        return e.getTimestampUnixNanos() / 1_000_000L;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** An event of the test tenant; a latency of -1 means none, otherwise it is in the attributes JSON. */
    private static LogEvent event(long millis, String level, String service, String message, long latency) {
        LogEvent e = BufferFixture.event(TENANT, Instant.ofEpochMilli(millis), level, service, message);
        return latency < 0 ? e : e.toBuilder().setAttributesJson("{\"route\":\"/orders\",\"latency_ms\":" + latency + "}").build();
    }

    /** Appends one entry and waits until analytics has counted it (its done-marker is set). */
    private static String appendAndWait(List<LogEvent> events) {
        String id = BUFFER.append(TENANT, 0, LogBatch.newBuilder().addAllEvents(events).build());
        await().atMost(Duration.ofSeconds(90)).until(() -> BUFFER.redis().exists(PREFIX + "analytics:window:done:" + id) == 1L);
        return id;
    }

    /** Removes the test's keys and database once the context has stopped. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Cleanup {

        @Bean
        DisposableBean windowTestCleanup() {
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

package io.sluice.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 2, must-show 1: the demo app's agent sends 10,000 events through ingest (gRPC) → Redis
 * buffer → pipeline → MySQL archive, each service a separate instance; every event is archived
 * exactly once, found by the search API, and counted once by analytics.
 */
class DemoAppToConsoleEndToEndTest {

    private static final int EVENTS = 10_000;
    private static Cluster cluster;

    @BeforeAll
    static void startServices() {
        cluster = new Cluster().start();
    }

    @AfterAll
    static void stopServices() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void tenThousandDemoEventsAreArchivedOnceSearchableAndCounted() throws Exception {
        Instant from = Instant.now().minusSeconds(60);
        try (DemoAppProcess demo = DemoAppProcess.start(
                "--sluice.agent.endpoint=127.0.0.1:" + cluster.ingestGrpcPort,
                "--sluice.agent.api-key=" + cluster.apiKey,
                "--sluice.agent.queue-capacity=20000",
                "--sluice.agent.loggers=loghub",
                "--sluice.agent.shutdown-timeout=60s",
                "--demo.total-events=" + EVENTS,
                "--demo.rate-per-second=0",
                "--demo.exit-when-done=true")) {
            assertThat(demo.waitFor(180)).as("demo app finished; its output:%n%s", demo.output()).isTrue();
            assertThat(demo.exitValue()).as("demo exit code; output:%n%s", demo.output()).isZero();
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> cluster.sql("SELECT COUNT(*) FROM log_event") >= EVENTS);
        // Settle: everything pending has been acknowledged, and nothing more arrives.
        await().atMost(Duration.ofSeconds(60)).until(() -> pendingOf("pipeline") == 0 && pendingOf("analytics") == 0);

        assertThat(cluster.sql("SELECT COUNT(*) FROM log_event")).isEqualTo(EVENTS);
        assertThat(cluster.sql("SELECT COUNT(DISTINCT event_id) FROM log_event")).isEqualTo(EVENTS);
        assertThat(cluster.sql("SELECT COUNT(DISTINCT JSON_VALUE(attributes, '$.seq')) FROM log_event"))
                .as("each demo event (numbered by its seq attribute) archived once").isEqualTo(EVENTS);

        Instant to = Instant.now().plusSeconds(60);
        String range = "&from=" + from.toEpochMilli() + "&to=" + to.toEpochMilli();
        JsonNode search = Http.get(cluster.baseUrl(cluster.admin) + "/api/v1/search?query="
                + Http.enc("{service=\"demo-app\"}") + range + "&limit=50", cluster.apiKey).json();
        assertThat(search.get("total").asLong()).isEqualTo(EVENTS);
        assertThat(search.get("events").size()).isEqualTo(50);
        JsonNode newest = search.get("events").get(0);
        assertThat(newest.get("service").asString()).isEqualTo("demo-app");
        assertThat(newest.get("message").asString()).isNotBlank();
        assertThat(newest.get("attributes").isObject()).isTrue();
        assertThat(newest.get("timestampNanos").asLong())
                .isGreaterThanOrEqualTo(search.get("events").get(49).get("timestampNanos").asLong());

        JsonNode stats = Http.get(cluster.baseUrl(cluster.analytics) + "/api/v1/stats?" + range.substring(1), cluster.apiKey).json();
        assertThat(stats.get("totals").get("events").asLong()).isEqualTo(EVENTS);
        long bucketSum = 0;
        for (JsonNode b : stats.get("buckets")) {
            bucketSum += b.get("total").asLong();
        }
        assertThat(bucketSum).isEqualTo(EVENTS);
        long levelSum = 0;
        for (JsonNode v : stats.get("totals").get("levels")) {
            levelSum += v.asLong();
        }
        assertThat(levelSum).isEqualTo(EVENTS);

        long errorsInArchive = cluster.sql("SELECT COUNT(*) FROM log_event WHERE level = 'ERROR'");
        JsonNode errors = Http.get(cluster.baseUrl(cluster.admin) + "/api/v1/search?query="
                + Http.enc("{level=\"ERROR\"}") + range + "&limit=1", cluster.apiKey).json();
        assertThat(errors.get("total").asLong()).isEqualTo(errorsInArchive);
        assertThat(stats.get("totals").get("levels").path("ERROR").asLong(0)).isEqualTo(errorsInArchive);

        assertThat(Http.get(cluster.baseUrl(cluster.admin) + "/").status()).isEqualTo(303);
        Http.Response overview = Http.consolePage(cluster.baseUrl(cluster.admin), "/", cluster.apiKey);
        assertThat(overview.status()).isEqualTo(200);
    }

    private long pendingOf(String group) {
        try (var client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:6379");
                var conn = client.connect()) {
            long pending = 0;
            for (String stream : conn.sync().smembers(cluster.keyPrefix + "buffer:streams")) {
                try {
                    pending += conn.sync().xpending(stream, group).getCount();
                } catch (io.lettuce.core.RedisCommandExecutionException e) {
                    pending++; // the group has not discovered this stream yet
                }
            }
            return pending;
        }
    }
}

package io.sluice.pipeline.mine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.pipeline.support.TestDatabase;
import io.sluice.pipeline.support.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Templates mined by a real pipeline (buffer in Redis, store in MariaDB) reach {@code log_template} with
 * their counts and event times: periodically, and on shutdown when no periodic flush came first; a restarted
 * pipeline gives known lines the stored ids.
 */
class TemplateFlushTest {

    static final long T0 = 1_764_000_000_000_000_000L;

    static TestRedis redis;
    static TestDatabase database;

    @BeforeAll
    static void start() {
        redis = new TestRedis();
        database = new TestDatabase();
    }

    @AfterAll
    static void stop() {
        redis.close();
        database.drop();
    }

    static List<LogEvent> events(String tenant, String service, List<String> messages, long startNanos) {
        List<LogEvent> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            out.add(LogEvent.newBuilder().setId(EventIds.next()).setTenant(tenant).setService(service).setHost("h").setLevel("INFO")
                    .setTimestampUnixNanos(startNanos + i).setMessage(messages.get(i)).build());
        }
        return out;
    }

    static List<String> rows(String tenant) {
        return database.queryColumn("SELECT CONCAT(service, '|', template, '|', count, '|', first_seen - " + T0 + ", '|', last_seen - " + T0
                + ") FROM log_template WHERE tenant = '" + tenant + "' ORDER BY service, template");
    }

    @Test
    void countsAndEventTimesAreFlushedWhileRunning() {
        try (MiningPipeline pipeline = new MiningPipeline(redis, database, "flush-1")) {
            redis.addBatch(events("tf-run", "api", List.of("GET /users/17 took 5 ms", "GET /users/99 took 7 ms", "cache miss"), T0));
            redis.addBatch(events("tf-run", "db", List.of("cache miss"), T0 + 100));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(rows("tf-run")).containsExactly(
                    "api|GET <*> took <*> ms|2|0|1", "api|cache miss|1|2|2", "db|cache miss|1|100|100"));
        }
    }

    @Test
    void shutdownFlushesWhatNoPeriodicFlushWroteAndARestartKeepsTheIds() {
        List<String> lines = List.of("user 1 logged in from 10.0.0.1", "user 2 logged in from 10.0.0.2", "disk /dev/sda1 full");
        List<LogEvent> first = events("tf-stop", "auth", lines, T0);
        Map<String, String> noPeriodicFlush = Map.of("sluice.pipeline.mining.flush-interval", "1h");
        List<Long> firstIds;
        try (MiningPipeline pipeline = new MiningPipeline(redis, database, "stop-1", noPeriodicFlush)) {
            redis.addBatch(first);
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.archive().archived() == first.size());
            assertThat(rows("tf-stop")).isEmpty();
            firstIds = first.stream().map(e -> pipeline.archive().templateIdOf(e.getId())).toList();
        }
        assertThat(rows("tf-stop")).containsExactly("auth|disk <*> full|1|2|2", "auth|user <*> logged in from <*>|2|0|1");

        List<LogEvent> again = events("tf-stop", "auth", List.of("user 3 logged in from 10.0.0.3", "disk /dev/sdb2 full"), T0 + 50);
        try (MiningPipeline restarted = new MiningPipeline(redis, database, "stop-2")) {
            redis.addBatch(again);
            await().atMost(Duration.ofSeconds(60)).until(() -> restarted.archive().archived() == again.size());
            assertThat(again).extracting(e -> restarted.archive().templateIdOf(e.getId())).containsExactly(firstIds.get(0), firstIds.get(2));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(rows("tf-stop"))
                    .containsExactly("auth|disk <*> full|2|2|51", "auth|user <*> logged in from <*>|3|0|50"));
        }
    }
}

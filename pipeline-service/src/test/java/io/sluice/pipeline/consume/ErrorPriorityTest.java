package io.sluice.pipeline.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.pipeline.support.PipelineContext;
import io.sluice.pipeline.support.TestDatabase;
import io.sluice.pipeline.support.TestRedis;
import io.sluice.platform.stream.ShardRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ERROR and above first under load: with a 100,000-event INFO backlog in the buffer, ERROR and
 * FATAL events appended afterwards (routed to the tenant's priority stream as ingest routes them)
 * are all archived, once each, and acknowledged while most of the backlog is still waiting.
 * Archived counts per level come from the chunks' index rows ({@code level_counts}), so polling
 * them costs no chunk decoding. (The numbered shards are consumed exactly as before: the other
 * consume tests cover that.)
 */
class ErrorPriorityTest {

    static final long T0 = 1_764_000_000_000_000_000L;
    static final String TENANT = "prio-acme";
    static final int BACKLOG_ENTRIES = 1_000;
    static final int EVENTS_PER_ENTRY = 100;

    final ShardRouter router = new ShardRouter(4);

    /** Appends {@code events} split by shard exactly as ingest's BufferWriter does (priority on). */
    void append(TestRedis redis, List<LogEvent> events) {
        Map<String, List<LogEvent>> parts = new LinkedHashMap<>();
        for (LogEvent e : events) {
            parts.computeIfAbsent(router.partOf(e.getService(), e.getHost(), e.getLevel(), true), k -> new ArrayList<>()).add(e);
        }
        parts.forEach((shard, part) -> redis.addBatch(redis.keys().bufferStream(TENANT, shard), part));
    }

    static List<LogEvent> events(String level, int count, int offset) {
        List<LogEvent> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = offset + i;
            out.add(LogEvent.newBuilder().setId(EventIds.next()).setTenant(TENANT).setTimestampUnixNanos(T0 + n)
                    .setService("svc-" + (n % 8)).setHost("pod-1").setLevel(level).setMessage(level + " line " + n).build());
        }
        return out;
    }

    @Test
    void errorsAppendedBehindAnInfoBacklogAreArchivedBeforeTheBacklogIsDrained() {
        TestDatabase database = new TestDatabase();
        try (TestRedis redis = new TestRedis()) {
            // The tenant's priority stream is known before the errors come (as it is once the tenant had any error): a
            // stream first registered later is found only by the next registry refresh (1 s), long enough to drain much of
            // the backlog, which would measure discovery rather than priority.
            String priority = redis.keys().bufferStream(TENANT, ShardRouter.PRIORITY_SHARD);
            redis.register(priority);
            for (int i = 0; i < BACKLOG_ENTRIES; i++) {
                append(redis, events("INFO", EVENTS_PER_ENTRY, i * EVENTS_PER_ENTRY));
            }
            long backlog = (long) BACKLOG_ENTRIES * EVENTS_PER_ENTRY;
            try (PipelineContext pipeline = new PipelineContext(redis, database, Map.of(
                    "sluice.pipeline.consumer-name", "prio-1",
                    "sluice.pipeline.max-in-flight", "2"))) {
                await().atMost(Duration.ofSeconds(120)).until(() -> count(database, "INFO") > 0);
                List<LogEvent> errors = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    List<LogEvent> batch = events(i % 2 == 0 ? "ERROR" : "FATAL", 50, 1_000_000 + i * 50);
                    errors.addAll(batch);
                    append(redis, batch);
                }

                await().atMost(Duration.ofSeconds(120)).until(() -> count(database, "ERROR") + count(database, "FATAL") == errors.size());
                long infoWhenErrorsDone = count(database, "INFO");
                System.out.println("all " + errors.size() + " errors archived when " + infoWhenErrorsDone + " of " + backlog
                        + " backlog events were");
                assertThat(infoWhenErrorsDone).as("errors overtook the backlog").isLessThan(backlog / 2);

                await().atMost(Duration.ofSeconds(60)).until(() -> redis.sync().xpending(priority, "pipeline").getCount() == 0);
                assertThat(database.archived(TENANT).stream().filter(e -> e.level().equals("ERROR") || e.level().equals("FATAL"))
                        .map(ArchivedEvent::id))
                        .containsExactlyInAnyOrderElementsOf(errors.stream().map(LogEvent::getId).toList());
            }
        } finally {
            database.drop();
        }
    }

    static long count(TestDatabase database, String level) {
        return database.archivedCount(TENANT, level);
    }
}

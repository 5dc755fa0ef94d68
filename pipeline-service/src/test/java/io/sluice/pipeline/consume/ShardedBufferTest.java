package io.sluice.pipeline.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.pipeline.support.PipelineContext;
import io.sluice.pipeline.support.TestDatabase;
import io.sluice.pipeline.support.TestRedis;
import io.sluice.platform.stream.GroupConsumer;
import io.sluice.platform.stream.ShardRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline over the sharded buffer: batches split by shard the way ingest splits them
 * ({@link ShardRouter}, four shards) are archived exactly once, and two pipeline instances share
 * the shards between them.
 */
class ShardedBufferTest {

    static final long T0 = 1_764_000_000_000_000_000L;

    TestRedis redis;
    TestDatabase database;
    final ShardRouter router = new ShardRouter(4);

    @BeforeEach
    void start() {
        redis = new TestRedis();
        database = new TestDatabase();
    }

    @AfterEach
    void stop() {
        redis.close();
        database.drop();
    }

    /** Appends {@code batches} batches of events of {@code services} services, each split per shard as ingest does. */
    List<LogEvent> ingest(String tenant, int batches, int services, int eventsPerService) {
        List<LogEvent> all = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            Map<Integer, List<LogEvent>> parts = new LinkedHashMap<>();
            for (int s = 0; s < services; s++) {
                for (int i = 0; i < eventsPerService; i++) {
                    LogEvent e = LogEvent.newBuilder().setId(EventIds.next()).setTenant(tenant).setTimestampUnixNanos(T0 + all.size())
                            .setService("service-" + s).setHost("host-" + (s % 3)).setLevel("INFO").setMessage("b" + b + " s" + s + " i" + i)
                            .build();
                    parts.computeIfAbsent(router.shardOf(e.getService(), e.getHost()), k -> new ArrayList<>()).add(e);
                    all.add(e);
                }
            }
            parts.forEach((shard, events) -> redis.addBatch(redis.keys().bufferStream(tenant, shard), events));
        }
        return all;
    }

    void assertArchivedExactlyOnce(String tenant, List<LogEvent> expected) {
        assertThat(database.archivedCount(tenant)).isEqualTo(expected.size());
        assertThat(database.archivedIds(tenant))
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(LogEvent::getId).toList());
        await().atMost(Duration.ofSeconds(60)).until(() -> redis.hotEvents(tenant).size() >= expected.size());
        assertThat(redis.hotEvents(tenant)).extracting(LogEvent::getId)
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(LogEvent::getId).toList());
    }

    @Test
    void eventsOfSeveralServicesLandInSeveralShardStreamsAndAreAllArchivedExactlyOnce() {
        try (PipelineContext pipeline = new PipelineContext(redis, database, Map.of("sluice.pipeline.consumer-name", "solo"))) {
            List<LogEvent> acme = ingest("shard-acme", 10, 8, 5);
            List<LogEvent> beta = ingest("shard-beta", 5, 3, 4);

            assertThat(redis.streams()).as("several shards per tenant").filteredOn(s -> s.contains("{shard-acme.")).hasSizeGreaterThanOrEqualTo(3);
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.pending("pipeline") == 0
                    && database.archivedCount() == acme.size() + beta.size());
            assertArchivedExactlyOnce("shard-acme", acme);
            assertArchivedExactlyOnce("shard-beta", beta);
            assertThat(pipeline.bean(MeterRegistry.class).get("sluice.pipeline.entries.dead-lettered").counter().count()).isZero();
        }
    }

    @Test
    void twoPipelineInstancesShareTheShardsBothDoWorkAndNothingIsArchivedTwice() {
        try (PipelineContext one = new PipelineContext(redis, database, Map.of("sluice.pipeline.consumer-name", "one"));
                PipelineContext two = new PipelineContext(redis, database, Map.of("sluice.pipeline.consumer-name", "two"))) {
            // The tenant's shard streams are registered (as ingest does on its first append) and both instances read them
            // before anything is appended: otherwise whichever instance discovers them first can archive everything before
            // the other one's next registry refresh, and nothing would show that the shards are shared.
            List<String> shards = IntStream.range(0, router.shards()).mapToObj(s -> redis.keys().bufferStream("shared", s)).toList();
            shards.forEach(redis::register);
            await().atMost(Duration.ofSeconds(60)).until(() -> one.bean(GroupConsumer.class).streams().containsAll(shards)
                    && two.bean(GroupConsumer.class).streams().containsAll(shards));
            List<LogEvent> expected = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                expected.addAll(ingest("shared", 5, 8, 10));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.pending("pipeline") == 0
                    && database.archivedCount("shared") == expected.size());

            assertArchivedExactlyOnce("shared", expected);
            double ackedByOne = one.bean(MeterRegistry.class).get("sluice.pipeline.entries.acked").counter().count();
            double ackedByTwo = two.bean(MeterRegistry.class).get("sluice.pipeline.entries.acked").counter().count();
            System.out.printf("entries acknowledged: %.0f by instance one, %.0f by instance two%n", ackedByOne, ackedByTwo);
            assertThat(ackedByOne).as("instance one did work").isPositive();
            assertThat(ackedByTwo).as("instance two did work").isPositive();
            assertThat(ackedByOne + ackedByTwo).as("every entry acknowledged once").isEqualTo(entryCount());
            double archived = one.bean(MeterRegistry.class).get("sluice.pipeline.events.archived").counter().count()
                    + two.bean(MeterRegistry.class).get("sluice.pipeline.events.archived").counter().count();
            assertThat(archived).isEqualTo(expected.size());
        }
    }

    long entryCount() {
        return redis.streams().stream().mapToLong(s -> redis.sync().xlen(s)).sum();
    }
}

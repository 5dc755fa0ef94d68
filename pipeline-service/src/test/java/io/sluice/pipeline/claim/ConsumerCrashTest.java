package io.sluice.pipeline.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.models.stream.PendingMessages;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import io.sluice.pipeline.support.PipelineContext;
import io.sluice.pipeline.support.TestDatabase;
import io.sluice.pipeline.support.TestRedis;
import io.sluice.platform.stream.GroupConsumer;
import io.sluice.platform.stream.StreamBatch;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Must-show 2 of issue 2: a pipeline consumer killed between XREADGROUP and XACK leaves pending
 * entries; another consumer claims them; nothing is lost and nothing is archived twice.
 */
class ConsumerCrashTest {

    static final long T0 = 1_764_000_000_000_000_000L;
    static final String GROUP = "pipeline";

    TestRedis redis;
    TestDatabase database;

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

    List<LogEvent> addBatches(String tenant, int batches, int eventsPerBatch, List<String> entryIds) {
        List<LogEvent> all = new ArrayList<>();
        List<List<LogEvent>> perBatch = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<LogEvent> events = TestRedis.events(tenant, eventsPerBatch, T0 + (long) b * eventsPerBatch + entryIds.size() * 1_000_000L);
            perBatch.add(events);
            all.addAll(events);
        }
        entryIds.addAll(redis.addBatchesAtomically(perBatch));
        return all;
    }

    void assertArchivedExactlyOnce(List<LogEvent> expected, String tenant) {
        assertThat(database.archivedCount(tenant)).isEqualTo(expected.size());
        assertThat(database.archivedIds(tenant)).doesNotHaveDuplicates();
        assertThat(database.archivedIds(tenant))
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(LogEvent::getId).toList());
        List<LogEvent> hot = redis.hotEvents(tenant);
        assertThat(hot).extracting(LogEvent::getId).containsExactlyInAnyOrderElementsOf(expected.stream().map(LogEvent::getId).toList());
    }

    @Test
    void aPipelineStoppedAbruptlyMidBatchLosesNothingAndAnotherInstanceArchivesEveryEventExactlyOnce() throws Exception {
        PipelineContext victim = new PipelineContext(redis, database, Map.of(
                "sluice.pipeline.consumer-name", "victim",
                "sluice.pipeline.claim-interval", "1h",
                "sluice.pipeline.shutdown-timeout", "100ms"));
        List<String> entryIds = new ArrayList<>();
        List<LogEvent> expected;
        try (Connection lock = database.connect(); Statement s = lock.createStatement()) {
            redis.register(redis.stream("crash"));
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.hasGroup(redis.stream("crash"), GROUP));
            // The victim's archive insert now hangs, so it holds the entries it read without acknowledging them.
            s.execute("LOCK TABLES log_chunk WRITE");
            expected = new ArrayList<>(addBatches("crash", 20, 50, entryIds));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                PendingMessages p = redis.sync().xpending(redis.stream("crash"), GROUP);
                return p.getConsumerMessageCount().getOrDefault("victim", 0L) == 20;
            });
            CompletableFuture<Void> killed = CompletableFuture.runAsync(victim::close);
            await().atMost(Duration.ofSeconds(60)).until(() -> !victim.bean(GroupConsumer.class).isRunning());
            s.execute("UNLOCK TABLES");
            killed.get();
        }
        assertThat(redis.sync().xpending(redis.stream("crash"), GROUP).getConsumerMessageCount()).containsEntry("victim", 20L);
        expected.addAll(addBatches("crash", 10, 50, entryIds));

        try (PipelineContext rescuer = new PipelineContext(redis, database, Map.of(
                "sluice.pipeline.consumer-name", "rescuer",
                "sluice.pipeline.claim-min-idle", "2s",
                "sluice.pipeline.claim-interval", "200ms"))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> redis.pending(GROUP) == 0
                    && database.archivedCount("crash") == 1500);
            assertThat(rescuer.bean(MeterRegistry.class).get("sluice.pipeline.entries.claimed").counter().count()).isGreaterThanOrEqualTo(20);
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.hotEvents("crash").size() == 1500);
            assertArchivedExactlyOnce(expected, "crash");
        }
    }

    @Test
    void entriesReadByAConsumerThatDiedAfterArchivingPartOfThemAreClaimedAndNothingIsArchivedTwice() {
        List<String> entryIds = new ArrayList<>();
        redis.sync().xgroupCreate(StreamOffset.from(redis.stream("dead"), "0"), GROUP, io.lettuce.core.XGroupCreateArgs.Builder.mkstream());
        List<LogEvent> expected = addBatches("dead", 8, 25, entryIds);
        List<StreamMessage<String, byte[]>> read = redis.sync().xreadgroup(Consumer.from(GROUP, "dead-1"), XReadArgs.Builder.count(100),
                StreamOffset.lastConsumed(redis.stream("dead")));
        assertThat(read).hasSize(8);

        // dead-1 had archived its first two entries (and done nothing else) before it died: the
        // archive commits whole entries, keyed like the pipeline keys them. Written through an instance
        // that claims nothing, so the rescuer below cannot have taken the entries over first.
        StreamBatch deadBatch = new StreamBatch(redis.stream("dead"), read);
        List<ArchiveEntry> partial = List.of(
                new ArchiveEntry(deadBatch.uniqueId(read.get(0).getId()), expected.subList(0, 25).stream().map(e -> ArchivedEvent.of(e, null)).toList()),
                new ArchiveEntry(deadBatch.uniqueId(read.get(1).getId()), expected.subList(25, 50).stream().map(e -> ArchivedEvent.of(e, null)).toList()));
        try (PipelineContext writer = new PipelineContext(redis, database, Map.of(
                "sluice.pipeline.consumer-name", "partial-writer",
                "sluice.pipeline.claim-interval", "1h"))) {
            assertThat(writer.bean(ArchiveSink.class).write(partial).block(Duration.ofSeconds(60))).isEqualTo(50);
        }

        try (PipelineContext rescuer = new PipelineContext(redis, database, Map.of(
                "sluice.pipeline.consumer-name", "rescuer",
                "sluice.pipeline.claim-min-idle", "2s",
                "sluice.pipeline.claim-interval", "200ms"))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> redis.pending(GROUP) == 0);
            assertArchivedExactlyOnce(expected, "dead");
            assertThat(rescuer.bean(MeterRegistry.class).get("sluice.pipeline.events.archived").counter().count()).isEqualTo(150);
            assertThat(rescuer.bean(MeterRegistry.class).get("sluice.pipeline.entries.claimed").counter().count()).isGreaterThanOrEqualTo(8);
        }
    }
}

package io.sluice.pipeline.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.pipeline.support.PipelineContext;
import io.sluice.pipeline.support.TestDatabase;
import io.sluice.pipeline.support.TestRedis;
import io.sluice.platform.stream.GroupConsumer;
import io.sluice.platform.stream.StreamBatch;
import io.lettuce.core.Range;
import io.lettuce.core.XAddArgs;
import io.sluice.common.proto.ingest.v1.LogBatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedeliveryTest {

    static TestRedis redis;
    static TestDatabase database;
    static PipelineContext pipeline;

    @BeforeAll
    static void start() {
        redis = new TestRedis();
        database = new TestDatabase();
        pipeline = new PipelineContext(redis, database, Map.of());
        // Only this test drives the handler: the instance's own loop (and its claimer) is stopped once it created the group.
        redis.register(redis.stream("redelivered"));
        await().atMost(Duration.ofSeconds(60)).until(() -> redis.hasGroup(redis.stream("redelivered"), "pipeline"));
        pipeline.bean(GroupConsumer.class).stop();
    }

    @AfterAll
    static void stop() {
        pipeline.close();
        redis.close();
        database.drop();
    }

    @Test
    void theSameEntryHandledTwiceIsArchivedAndWrittenToTheHotTierOnce() {
        List<LogEvent> events = TestRedis.events("redelivered", 40, 1_764_000_000_000_000_000L);
        String stream = redis.stream("redelivered");
        redis.addBatch(stream, events);
        List<StreamMessage<String, byte[]>> entries = redis.sync().xreadgroup(Consumer.from("pipeline", "m-1"), XReadArgs.Builder.count(10),
                StreamOffset.lastConsumed(stream));
        assertThat(entries).hasSize(1);
        EntryProcessor processor = pipeline.bean(EntryProcessor.class);
        StreamBatch batch = new StreamBatch(stream, entries);

        assertThat(processor.handle(batch).block(Duration.ofSeconds(20))).isEmpty();
        assertThat(processor.handle(batch).block(Duration.ofSeconds(20))).isEmpty();

        assertThat(database.archivedCount("redelivered")).isEqualTo(40);
        assertThat(redis.hotEvents("redelivered")).extracting(LogEvent::getId)
                .containsExactlyInAnyOrderElementsOf(events.stream().map(LogEvent::getId).toList());
        assertThat(redis.hotEntries("redelivered")).isEqualTo(1);
        assertThat(pipeline.bean(MeterRegistry.class).get("sluice.pipeline.events.archived").counter().count()).isEqualTo(40);
    }

    @Test
    void entriesWithTheSameIdInDifferentStreamsAreBothWrittenToTheHotTier() {
        List<LogEvent> first = TestRedis.events("same-id", 3, 1_764_000_000_000_000_000L);
        List<LogEvent> second = TestRedis.events("same-id", 4, 1_764_000_000_100_000_000L);
        String a = redis.keys().bufferStream("same-id", 0);
        String b = redis.keys().bufferStream("same-id", 1);
        redis.register(a);
        redis.register(b);
        // Redis gives the first entry of two streams written in the same millisecond the same id.
        redis.sync().xadd(a, new XAddArgs().id("1700000000000-0"), Map.of("b", batch(first)));
        redis.sync().xadd(b, new XAddArgs().id("1700000000000-0"), Map.of("b", batch(second)));
        EntryProcessor processor = pipeline.bean(EntryProcessor.class);

        processor.handle(new StreamBatch(a, redis.sync().xrange(a, Range.create("-", "+")))).block(Duration.ofSeconds(20));
        processor.handle(new StreamBatch(b, redis.sync().xrange(b, Range.create("-", "+")))).block(Duration.ofSeconds(20));

        assertThat(redis.hotEvents("same-id")).hasSize(7);
        assertThat(database.archivedCount("same-id")).isEqualTo(7);
    }

    static byte[] batch(List<LogEvent> events) {
        return LogBatch.newBuilder().addAllEvents(events).build().toByteArray();
    }
}

package io.sluice.pipeline.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.pipeline.claim.PendingClaimer;
import io.sluice.pipeline.support.PipelineContext;
import io.sluice.pipeline.support.TestDatabase;
import io.sluice.pipeline.support.TestRedis;
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
        // Only this test drives the processor: the instance's own loop and claimer are stopped.
        await().atMost(Duration.ofSeconds(30)).until(() -> !redis.sync().xinfoGroups(redis.keys().bufferStream()).isEmpty());
        pipeline.bean(BufferConsumer.class).stop();
        pipeline.bean(PendingClaimer.class).stop();
    }

    @AfterAll
    static void stop() {
        pipeline.close();
        redis.close();
        database.drop();
    }

    @Test
    void theSameEntryProcessedTwiceIsArchivedAndWrittenToTheHotTierOnce() {
        List<LogEvent> events = TestRedis.events("redelivered", 40, 1_764_000_000_000_000_000L);
        redis.addBatch(events);
        List<StreamMessage<String, byte[]>> entries = redis.sync().xreadgroup(Consumer.from("pipeline", "m-1"), XReadArgs.Builder.count(10),
                StreamOffset.lastConsumed(redis.keys().bufferStream()));
        assertThat(entries).hasSize(1);
        EntryProcessor processor = pipeline.bean(EntryProcessor.class);

        assertThat(processor.process(entries).block(Duration.ofSeconds(20))).isEqualTo(1);
        assertThat(processor.process(entries).block(Duration.ofSeconds(20))).isEqualTo(1);

        assertThat(database.queryLong("SELECT COUNT(*) FROM log_event WHERE tenant = 'redelivered'")).isEqualTo(40);
        assertThat(redis.hotEvents("redelivered")).extracting(LogEvent::getId)
                .containsExactlyInAnyOrderElementsOf(events.stream().map(LogEvent::getId).toList());
        assertThat(redis.pending("pipeline")).isZero();
        assertThat(pipeline.bean(MeterRegistry.class).get("sluice.pipeline.events.archived").counter().count()).isEqualTo(40);
    }
}

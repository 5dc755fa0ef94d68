package io.sluice.pipeline.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.pipeline.support.PipelineContext;
import io.sluice.pipeline.support.TestDatabase;
import io.sluice.pipeline.support.TestRedis;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ArchiveOutageTest {

    static TestRedis redis;
    static TestDatabase database;
    static PipelineContext pipeline;

    @BeforeAll
    static void start() {
        redis = new TestRedis();
        database = new TestDatabase();
        // The claimer stays out of the way: this test is about the read loop's own retry.
        pipeline = new PipelineContext(redis, database, Map.of("sluice.pipeline.claim-interval", "1h"));
    }

    @AfterAll
    static void stop() {
        pipeline.close();
        redis.close();
        database.drop();
    }

    @Test
    void whileTheArchiveFailsNothingIsAcknowledgedAndOnceItRecoversEveryEventIsArchivedOnce() throws Exception {
        redis.register(redis.stream("outage"));
        await().atMost(Duration.ofSeconds(60)).until(() -> redis.hasGroup(redis.stream("outage"), "pipeline"));
        List<LogEvent> events = TestRedis.events("outage", 30, 1_764_000_000_000_000_000L);
        MeterRegistry meters = pipeline.bean(MeterRegistry.class);
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("RENAME TABLE log_chunk TO log_chunk_away");
            redis.addBatchesAtomically(List.of(events.subList(0, 10), events.subList(10, 30)));
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.pending("pipeline") == 2);
            // The consumer retries the batch it holds: wait for several failed attempts, during which
            // nothing may be acknowledged, and which do not count as deliveries (no dead-lettering in an outage).
            await().atMost(Duration.ofSeconds(60)).until(() -> meters.get("sluice.pipeline.batches.failed").counter().count() >= 4);
            assertThat(redis.pending("pipeline")).isEqualTo(2);
            assertThat(redis.sync().xpending(redis.stream("outage"), "pipeline", Range.create("-", "+"), Limit.from(10)))
                    .extracting(p -> p.getRedeliveryCount()).containsExactly(1L, 1L);
            assertThat(meters.get("sluice.pipeline.entries.acked").counter().count()).isZero();
            assertThat(redis.hotEvents("outage")).isEmpty();
            s.execute("RENAME TABLE log_chunk_away TO log_chunk");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> redis.pending("pipeline") == 0);
        assertThat(database.archivedIds("outage"))
                .containsExactlyInAnyOrderElementsOf(events.stream().map(LogEvent::getId).toList());
        assertThat(redis.hotEvents("outage")).hasSize(30);
        assertThat(meters.get("sluice.pipeline.entries.acked").counter().count()).isEqualTo(2);
        assertThat(meters.get("sluice.pipeline.entries.dead-lettered").counter().count()).isZero();
    }
}

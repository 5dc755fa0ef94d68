package io.sluice.pipeline.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.pipeline.support.PipelineContext;
import io.sluice.pipeline.support.TestDatabase;
import io.sluice.pipeline.support.TestRedis;
import io.sluice.platform.stream.ShardRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fairness: a noisy tenant with 200,000 events queued in the buffer must not delay a quiet
 * tenant's events by more than a few seconds, because every round reads at most
 * {@code batch-count} entries from each stream.
 *
 * <p>The pipeline archives a 200,000-event backlog in a few seconds, about as long as the quiet
 * tenant's measurements take, so a backlog queued once could be gone before (or while) they run
 * and the test would measure nothing. A producer therefore keeps at least 200,000 of the noisy
 * tenant's events waiting (appended but not yet archived) for as long as the quiet tenants are
 * measured, and the test checks, when each quiet tenant's events are all archived, that the
 * backlog was indeed still there.
 */
class NoisyTenantTest {

    static final long T0 = 1_764_000_000_000_000_000L;
    static final int NOISY_EVENTS = 200_000;
    static final int EVENTS_PER_ENTRY = 500;
    /** Bound on what the producer appends in all (Redis keeps the entries until the test ends). */
    static final long MAX_NOISY_EVENTS = 5L * NOISY_EVENTS;

    TestRedis redis;
    TestDatabase database;
    String noisyStream;
    final AtomicLong noisyAppended = new AtomicLong();

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

    long archived(String tenant) {
        return database.archivedCount(tenant);
    }

    /** The noisy tenant's events appended and not yet archived. */
    long noisyWaiting() {
        return noisyAppended.get() - archived("noisy");
    }

    /** Appends one entry of {@link #EVENTS_PER_ENTRY} noisy events. */
    void appendNoisyEntry() {
        long entry = noisyAppended.get() / EVENTS_PER_ENTRY;
        LogBatch.Builder batch = LogBatch.newBuilder();
        for (int i = 0; i < EVENTS_PER_ENTRY; i++) {
            batch.addEvents(LogEvent.newBuilder().setId(EventIds.next()).setTenant("noisy").setTimestampUnixNanos(T0 + entry * 1000L + i)
                    .setService("chatty").setHost("pod-1").setLevel("DEBUG").setMessage("cache miss key=" + entry + "-" + i + " took 3 ms"));
        }
        redis.sync().xadd(noisyStream, Map.of("b", batch.build().toByteArray()));
        noisyAppended.addAndGet(EVENTS_PER_ENTRY);
    }

    /** Appends noisy entries until at least {@link #NOISY_EVENTS} are waiting (or the overall bound is reached). */
    void topUpNoisy() {
        long missing = NOISY_EVENTS - noisyWaiting();
        for (long n = 0; n < missing && noisyAppended.get() < MAX_NOISY_EVENTS; n += EVENTS_PER_ENTRY) {
            appendNoisyEntry();
        }
    }

    @Test
    void aQuietTenantsEventsAreArchivedWithinSecondsWhileANoisyTenantsBacklogOf200000EventsIsWorkedOff() throws Exception {
        ShardRouter router = new ShardRouter(4);
        try (PipelineContext pipeline = new PipelineContext(redis, database, Map.of("sluice.pipeline.consumer-name", "fair",
                "sluice.pipeline.shutdown-timeout", "1s"))) {
            // Baseline in the same run: a quiet tenant's latency with nothing else queued.
            long baseline = quietLatencyMillis("quiet-baseline", router);

            // The noisy tenant's one chatty service: all of its events go to one shard stream, much faster than they are archived.
            noisyStream = redis.keys().bufferStream("noisy", router.shardOf("chatty", "pod-1"));
            redis.register(noisyStream);
            topUpNoisy();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> archived("noisy") >= 2_000);

            AtomicBoolean measuring = new AtomicBoolean(true);
            ExecutorService producer = Executors.newSingleThreadExecutor();
            Future<?> producing = producer.submit(() -> {
                while (measuring.get()) {
                    topUpNoisy();
                    Thread.sleep(20);
                }
                return null;
            });
            List<Long> latencies = new ArrayList<>();
            List<Long> waitingWhenQuietDone = new ArrayList<>();
            try {
                for (int round = 0; round < 3; round++) {
                    latencies.add(quietLatencyMillis("quiet-" + round, router));
                    waitingWhenQuietDone.add(noisyWaiting());
                }
            } finally {
                measuring.set(false);
                producer.shutdown();
            }
            producing.get(30, TimeUnit.SECONDS);
            System.out.printf("quiet tenant latency: %d ms alone; %s ms behind a backlog of at least %,d events (noisy events waiting when"
                    + " each was done: %s; noisy archived: %,d of %,d appended)%n",
                    baseline, latencies, NOISY_EVENTS, waitingWhenQuietDone, archived("noisy"), noisyAppended.get());

            assertThat(waitingWhenQuietDone).as("the backlog was still being worked off")
                    .allSatisfy(waiting -> assertThat(waiting).isGreaterThanOrEqualTo(NOISY_EVENTS / 2));
            // A new tenant's stream is found by the next registry refresh (1 s), then read in the next round; the bound is
            // generous for a shared, overloaded 2-core machine, while the backlog alone would take seconds to minutes.
            assertThat(latencies).allSatisfy(ms -> assertThat(ms).as("quiet tenant latency (ms)").isLessThan(10_000));
        }
    }

    /** Appends 10 events of a new tenant and waits until all are archived; emits how long that took. */
    long quietLatencyMillis(String tenant, ShardRouter router) {
        List<LogEvent> quiet = TestRedis.events(tenant, 10, T0);
        long sent = System.nanoTime();
        redis.addBatch(redis.keys().bufferStream(tenant, router.shardOf("svc", "host-1")), quiet);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> archived(tenant) == 10);
        return (System.nanoTime() - sent) / 1_000_000;
    }
}

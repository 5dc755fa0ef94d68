package io.sluice.agent.core;

import static io.sluice.agent.core.Events.event;
import static io.sluice.agent.core.Events.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogAgentTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final RecordingSender sender = new RecordingSender();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private LogAgent agent;

    @AfterEach
    void closeAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    private LogAgent agent(int batchSize, Duration linger, int capacity) {
        AgentConfig config = AgentConfig.defaults("localhost:1", "svc", "h")
                .withBatching(batchSize, linger)
                .withQueueCapacity(capacity)
                .withTimes(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMillis(500));
        agent = new LogAgent(config, sender, (message, cause) -> warnings.add(message));
        return agent;
    }

    @Test
    void sendsFullBatchesWithoutWaitingForTheLinger() {
        agent(10, Duration.ofMinutes(1), 100);
        for (int i = 0; i < 20; i++) {
            agent.offer(info(i));
        }
        agent.start();

        await().atMost(BOUND).until(() -> sender.acknowledged().size() == 2);
        assertThat(sender.acknowledgedSizes()).containsExactly(10, 10);
        assertThat(sender.acknowledged().stream().flatMap(b -> b.getEventsList().stream()).map(LogEvent::getMessage))
                .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "event " + i).toList());
    }

    @Test
    void sendsAPartialBatchOnceTheFirstEventHasLingered() {
        Duration linger = Duration.ofMillis(300);
        agent(10, linger, 100).start();
        long offeredAt = System.nanoTime();
        agent.offer(info(1));
        agent.offer(info(2));

        await().atMost(BOUND).until(() -> sender.acknowledged().size() == 1);
        assertThat(sender.acknowledgedSizes()).containsExactly(2);
        assertThat(sender.attempts().get(0).nanoTime() - offeredAt).isGreaterThanOrEqualTo(linger.toNanos());
    }

    @Test
    void flushSendsAPartialBatchWithoutWaitingForTheLinger() {
        agent(100, Duration.ofMinutes(10), 100).start();
        for (int i = 0; i < 7; i++) {
            agent.offer(info(i));
        }

        assertThat(agent.flush(BOUND)).isTrue();
        assertThat(sender.acknowledgedSizes()).containsExactly(7);
        assertThat(agent.stats().sent()).isEqualTo(7);
    }

    @Test
    void flushReportsFailureWhenEventsCannotBeSentInTime() {
        sender.failAlways();
        agent(100, Duration.ofMinutes(10), 100).start();
        agent.offer(info(1));

        assertThat(agent.flush(Duration.ofMillis(200))).isFalse();
    }

    @Test
    void countsQueueFullDropsByLevelAndKeepsRoomForErrors() {
        agent(10, Duration.ofMillis(10), 20);
        for (int i = 0; i < 30; i++) {
            agent.offer(info(i));
        }
        for (int i = 0; i < 5; i++) {
            agent.offer(event("ERROR", "error " + i));
        }

        AgentStats stats = agent.stats();
        assertThat(stats.queued()).isEqualTo(18 + 2);
        assertThat(stats.dropped()).containsEntry("INFO", 12L).containsEntry("ERROR", 3L);
        assertThat(warnings).hasSize(1).first().asString().contains("queue is full");
    }

    @Test
    void resendsATransientlyFailedBatchWithTheSameIdempotencyKeyUntilItIsAcknowledged() {
        sender.failNext(3, true);
        agent(10, Duration.ofMillis(10), 100).start();
        agent.offer(info(1));
        agent.offer(info(2));
        assertThat(agent.flush(BOUND)).isTrue();
        agent.offer(info(3));
        assertThat(agent.flush(BOUND)).isTrue();

        List<String> keys = sender.attempts().stream().map(a -> a.batch().getIdempotencyKey()).toList();
        assertThat(keys).hasSize(5);
        assertThat(keys.subList(0, 4)).containsOnly(keys.get(0));
        assertThat(keys.get(0)).isEqualTo(agent.instanceId() + ":1");
        assertThat(keys.get(4)).isEqualTo(agent.instanceId() + ":2");
        assertThat(sender.acknowledgedSizes()).containsExactly(2, 1);
        AgentStats stats = agent.stats();
        assertThat(stats.sent()).isEqualTo(3);
        assertThat(stats.retries()).isEqualTo(3);
        assertThat(stats.droppedTotal()).isZero();
    }

    @Test
    void dropsABatchRefusedAsAWholeAndCarriesOnWithTheNext() {
        sender.failNext(1, false);
        agent(10, Duration.ofMillis(10), 100).start();
        agent.offer(event("WARN", "refused"));
        agent.offer(event("ERROR", "refused too"));
        assertThat(agent.flush(BOUND)).isTrue();
        agent.offer(info(3));
        assertThat(agent.flush(BOUND)).isTrue();

        assertThat(sender.attempts()).hasSize(2);
        AgentStats stats = agent.stats();
        assertThat(stats.failedBatches()).isEqualTo(1);
        assertThat(stats.dropped()).containsEntry("WARN", 1L).containsEntry("ERROR", 1L);
        assertThat(stats.sent()).isEqualTo(1);
        assertThat(warnings).anyMatch(w -> w.contains("dropped a batch of 2 events"));
    }

    @Test
    void countsEventsIngestRejectsInAPartiallyAcceptedBatch() {
        sender.rejectEach(1);
        agent(10, Duration.ofMillis(10), 100).start();
        for (int i = 0; i < 4; i++) {
            agent.offer(info(i));
        }
        assertThat(agent.flush(BOUND)).isTrue();

        assertThat(agent.stats().sent()).isEqualTo(3);
        assertThat(agent.stats().rejected()).isEqualTo(1);
        assertThat(warnings).anyMatch(w -> w.contains("refused 1 of 4 events"));
    }

    @Test
    void closeSendsWhatIsQueuedAndThenRefusesNewEvents() {
        agent(100, Duration.ofMinutes(10), 100).start();
        for (int i = 0; i < 42; i++) {
            agent.offer(info(i));
        }
        agent.close();

        assertThat(sender.acknowledgedSizes()).containsExactly(42);
        assertThat(sender.isClosed()).isTrue();
        assertThat(agent.offer(info(43))).isFalse();
        assertThat(agent.stats().dropped("INFO")).isEqualTo(1);
    }

    @Test
    void closeGivesUpAfterTheShutdownTimeoutWhenIngestStaysDown() {
        sender.failAlways();
        agent(5, Duration.ofMillis(10), 100).start();
        for (int i = 0; i < 12; i++) {
            agent.offer(info(i));
        }
        long start = System.nanoTime();
        agent.close();
        long took = System.nanoTime() - start;

        assertThat(took).isLessThan(TimeUnit.SECONDS.toNanos(3));
        AgentStats stats = agent.stats();
        assertThat(stats.sent()).isZero();
        assertThat(stats.dropped("INFO")).isEqualTo(12);
        assertThat(stats.failedBatches()).isEqualTo(1);
        assertThat(sender.attempts()).hasSizeGreaterThan(1);
    }

    @Test
    void everyBatchGetsTheNextSequenceNumber() {
        agent(1, Duration.ZERO, 100);
        for (int i = 0; i < 3; i++) {
            agent.offer(info(i));
        }
        agent.start();
        assertThat(agent.flush(BOUND)).isTrue();

        assertThat(sender.acknowledged()).extracting(LogBatch::getIdempotencyKey).containsExactly(
                agent.instanceId() + ":1", agent.instanceId() + ":2", agent.instanceId() + ":3");
    }
}

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

    private AgentConfig config(int batchSize, Duration linger, int capacity) {
        return AgentConfig.defaults("localhost:1", "svc", "h")
                .withBatching(batchSize, linger)
                .withQueueCapacity(capacity)
                .withTimes(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMillis(500));
    }

    private LogAgent agent(int batchSize, Duration linger, int capacity) {
        agent = new LogAgent(config(batchSize, linger, capacity), sender, (message, cause) -> warnings.add(message));
        return agent;
    }

    private LogAgent agent(AgentConfig config, BatchSpool spool) {
        agent = new LogAgent(config, sender, spool, (captured, out) -> { }, (message, cause) -> warnings.add(message),
                AgentListener.NONE);
        return agent;
    }

    private static List<String> messages(List<LogBatch> batches) {
        return batches.stream().flatMap(b -> b.getEventsList().stream()).map(LogEvent::getMessage).toList();
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
        assertThat(messages(sender.acknowledged()))
                .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "event " + i).toList());
    }

    @Test
    void sealsABatchWhenTheNextEventWouldTakeItOverBatchBytes() {
        agent = new LogAgent(config(1000, Duration.ofMinutes(1), 100).withBatchBytes(1200), sender, AgentDiagnostics.NONE);
        String text = "x".repeat(300);
        for (int i = 0; i < 7; i++) {
            agent.offer(event("INFO", text + i));
        }
        agent.start();
        assertThat(agent.flush(BOUND)).isTrue();

        assertThat(sender.acknowledgedSizes()).containsExactly(3, 3, 1);
        assertThat(sender.acknowledged()).allMatch(b -> b.getSerializedSize() <= 1200);
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
    void dropsLowerLevelsFirstWhenTheRingIsFullAndCountsByLevel() {
        agent(10, Duration.ofMillis(10), 16);
        for (int i = 0; i < 30; i++) {
            agent.offer(info(i));
        }
        for (int i = 0; i < 5; i++) {
            agent.offer(event("ERROR", "error " + i));
        }

        AgentStats stats = agent.stats();
        assertThat(stats.dropped()).containsEntry("INFO", 15L).containsEntry("ERROR", 4L);
        assertThat(warnings).hasSize(1).first().asString().contains("queue is full");
        // Logging threads keep no queued count: the worker counts what it takes from the ring.
        agent.start();
        assertThat(agent.flush(BOUND)).isTrue();
        assertThat(agent.stats().queued()).isEqualTo(15 + 1);
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
        assertThat(keys.get(0)).startsWith(agent.instanceId() + ":");
        long first = Long.parseLong(keys.get(0).substring(keys.get(0).indexOf(':') + 1));
        assertThat(keys.get(4)).isEqualTo(agent.instanceId() + ":" + (first + 1));
        assertThat(sender.acknowledgedSizes()).containsExactly(2, 1);
        AgentStats stats = agent.stats();
        assertThat(stats.sent()).isEqualTo(3);
        assertThat(stats.retries()).isEqualTo(3);
        assertThat(stats.spooledBatches()).as("the failed batch, and the next while the breaker was open").isBetween(1L, 2L);
        assertThat(stats.droppedTotal()).isZero();
    }

    @Test
    void waitsForTheServersRetryHintRatherThanItsOwnBackoff() {
        sender.retryAfter(Duration.ofMillis(700)).failNext(1, true);
        agent(10, Duration.ofMillis(10), 100).start();
        agent.offer(info(1));
        assertThat(agent.flush(BOUND)).isTrue();

        List<RecordingSender.Attempt> attempts = sender.attempts();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(1).nanoTime() - attempts.get(0).nanoTime())
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(700));
    }

    @Test
    void spoolsDuringAnOutageAndDeliversEverythingOnceWithErrorBatchesFirst() {
        sender.failAlways();
        agent(config(5, Duration.ofMillis(5), 1024).withBreakerOpenDuration(Duration.ofMillis(200)),
                new MemoryBatchSpool(1 << 20)).start();
        for (int i = 0; i < 20; i++) {
            agent.offer(info(i));
        }
        await().atMost(BOUND).until(() -> agent.stats().spooledBatches() >= 4);
        for (int i = 0; i < 10; i++) {
            agent.offer(event("ERROR", "error " + i));
        }
        await().atMost(BOUND).until(() -> agent.stats().spooledBatches() >= 6);
        await().atMost(BOUND).until(() -> agent.breakerState().equals("OPEN"));

        sender.recover();
        assertThat(agent.flush(BOUND)).isTrue();

        List<LogBatch> delivered = sender.acknowledged();
        assertThat(messages(delivered)).hasSize(30).doesNotHaveDuplicates();
        assertThat(delivered.subList(0, 2)).allMatch(b -> b.getEvents(0).getLevel().equals("ERROR"));
        assertThat(delivered.stream().map(LogBatch::getIdempotencyKey)).doesNotHaveDuplicates();
        assertThat(agent.stats().droppedTotal()).isZero();
        await().atMost(BOUND).until(() -> agent.breakerState().equals("CLOSED"));
    }

    @Test
    void aboveEightyPercentOfTheSpoolOnlyWarnAndErrorBatchesAreKept() {
        sender.failAlways();
        agent(config(1, Duration.ZERO, 1024), new MemoryBatchSpool(2000)).start();
        for (int i = 0; i < 40; i++) {
            agent.offer(info(i));
        }
        await().atMost(BOUND).until(() -> agent.stats().dropped("INFO") > 0);
        for (int i = 0; i < 3; i++) {
            agent.offer(event("WARN", "warn " + i));
        }
        sender.recover();
        assertThat(agent.flush(BOUND)).isTrue();

        AgentStats stats = agent.stats();
        assertThat(stats.dropped("WARN")).isZero();
        assertThat(messages(sender.acknowledged())).contains("warn 0", "warn 1", "warn 2");
        long infoDelivered = messages(sender.acknowledged()).stream().filter(m -> m.startsWith("event ")).count();
        assertThat(infoDelivered + stats.dropped("INFO")).isEqualTo(40);
        assertThat(warnings).anyMatch(w -> w.contains("above 80%"));
    }

    @Test
    void reportsDropsAsOneSyntheticWarnEventPerLevel() throws Exception {
        agent(100, Duration.ofMillis(10), 16);
        for (int i = 0; i < 20; i++) {
            agent.offer(event("DEBUG", "debug " + i));
        }
        agent.start();
        agent.close();

        List<LogEvent> summaries = sender.acknowledged().stream().flatMap(b -> b.getEventsList().stream())
                .filter(e -> e.getMessage().startsWith("dropped ")).toList();
        assertThat(summaries).hasSize(1);
        LogEvent summary = summaries.get(0);
        assertThat(summary.getLevel()).isEqualTo("WARN");
        assertThat(summary.getMessage()).isEqualTo("dropped 5 events at level DEBUG");
        assertThat(summary.getAttributesJson()).contains("\"logger\":\"io.sluice.agent\"", "\"sluice.dropped\":5",
                "\"sluice.droppedLevel\":\"DEBUG\"");
    }

    @Test
    void dropsABatchRefusedAsAWholeAndCarriesOnWithTheNext() {
        sender.failNext(1, false);
        agent(10, Duration.ofMillis(10), 100).start();
        agent.offer(event("WARN", "refused"));
        agent.offer(event("WARN", "refused too"));
        assertThat(agent.flush(BOUND)).isTrue();
        agent.offer(info(3));
        assertThat(agent.flush(BOUND)).isTrue();

        assertThat(sender.attempts()).hasSize(2);
        AgentStats stats = agent.stats();
        assertThat(stats.failedBatches()).isEqualTo(1);
        assertThat(stats.dropped()).containsEntry("WARN", 2L);
        assertThat(stats.sent()).isEqualTo(1);
        assertThat(warnings).anyMatch(w -> w.contains("dropped a batch"));
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
        assertThat(warnings).anyMatch(w -> w.contains("refused 1 events"));
    }

    @Test
    void closeSendsWhatIsQueuedAndThenRefusesNewEvents() {
        agent(100, Duration.ofMinutes(10), 100).start();
        for (int i = 0; i < 42; i++) {
            agent.offer(info(i));
        }
        agent.close();

        assertThat(messages(sender.acknowledged()))
                .containsExactlyElementsOf(IntStream.range(0, 42).mapToObj(i -> "event " + i).toList());
        assertThat(sender.isClosed()).isTrue();
        assertThat(agent.offer(info(43))).isFalse();
        assertThat(agent.stats().dropped("INFO")).isEqualTo(1);
    }

    @Test
    void closeGivesUpAfterTheShutdownTimeoutAndCountsWhatAnInMemorySpoolLoses() {
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

        List<Long> sequences = sender.acknowledged().stream().map(LogBatch::getIdempotencyKey)
                .peek(key -> assertThat(key).startsWith(agent.instanceId() + ":"))
                .map(key -> Long.parseLong(key.substring(key.indexOf(':') + 1))).toList();
        assertThat(sequences).hasSize(3);
        assertThat(sequences.get(1)).isEqualTo(sequences.get(0) + 1);
        assertThat(sequences.get(2)).isEqualTo(sequences.get(0) + 2);
    }
}

package io.sluice.platform.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.models.stream.PendingMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** {@link GroupConsumer} and its {@link PendingClaimer} against the real Redis. */
class GroupConsumerTest {

    static final String GROUP = "g";

    TestStreams redis;
    final List<GroupConsumer> consumers = new ArrayList<>();
    /** Every (stream, entry id, payload) handed to a handler, in order, duplicates included. */
    final Queue<String> handled = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() {
        redis = new TestStreams();
    }

    @AfterEach
    void stop() {
        consumers.forEach(GroupConsumer::stop);
        redis.close();
    }

    GroupSettings settings(String name, int maxInFlight, Duration claimMinIdle) {
        return new GroupSettings(GROUP, name, 10, Duration.ofMillis(200), maxInFlight, claimMinIdle, Duration.ofMillis(200), 2,
                Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    /** Starts a consumer whose handler records each entry, then runs {@code behaviour}. */
    GroupConsumer consumer(GroupSettings settings, Function<StreamBatch, Mono<List<Rejected>>> behaviour) {
        GroupConsumer c = new GroupConsumer(redis.redis, redis.registry, redis.deadLetters, settings, List.of("other"), batch -> {
            batch.entries().forEach(m -> handled.add(batch.stream() + "|" + m.getId() + "|" + payload(m)));
            return behaviour.apply(batch);
        }, ConsumerListener.NONE);
        consumers.add(c);
        c.start();
        return c;
    }

    static String payload(StreamMessage<String, byte[]> m) {
        return m.getBody() == null || m.getBody().get("b") == null ? "" : new String(m.getBody().get("b"), StandardCharsets.UTF_8);
    }

    List<String> payloads() {
        return handled.stream().map(h -> h.substring(h.lastIndexOf('|') + 1)).toList();
    }

    @Test
    void everyEntryOfEveryRegisteredStreamIsHandledOnceAndAcknowledgedIncludingStreamsRegisteredLater() {
        List<String> streams = List.of(redis.stream("a", 0), redis.stream("a", 1), redis.stream("b", 0));
        for (String s : streams) {
            redis.addMany(s, s + "#", 25);
        }
        consumer(settings("c1", 2, Duration.ofSeconds(30)), batch -> Mono.just(List.of()));
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= 75);

        String late = redis.stream("c", 3);
        redis.addMany(late, late + "#", 25);
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= 100);

        assertThat(new HashSet<>(payloads())).hasSize(100);
        assertThat(handled).hasSize(100);
        for (String s : List.of(streams.get(0), streams.get(1), streams.get(2), late)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.pending(s, GROUP) == 0);
            assertThat(redis.sync().xinfoGroups(s)).as("both groups exist on " + s).hasSize(2);
        }
    }

    @Test
    void belowCapacityTheLingerGathersEntriesThatArriveOneByOneIntoOneBatch() throws InterruptedException {
        String stream = redis.stream("linger", 0);
        Queue<Integer> sizes = new ConcurrentLinkedQueue<>();
        GroupSettings lingering = new GroupSettings(GROUP, "c1", 10, Duration.ofMillis(200), 2, Duration.ofSeconds(30),
                Duration.ofMillis(200), 2, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(2));
        consumer(lingering, batch -> {
            sizes.add(batch.entries().size());
            return Mono.just(List.of());
        });
        redis.add(stream, "first");
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 1);

        // The first round found one entry, no backlog: the next read waits out the linger (2 s),
        // so these five, added one at a time well within it, are read and handled as one batch.
        for (int i = 0; i < 5; i++) {
            redis.add(stream, "next-" + i);
            Thread.sleep(50);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 6 && redis.pending(stream, GROUP) == 0);
        assertThat(sizes).containsExactly(1, 5);
    }

    @Test
    void aFullBatchMeansABacklogSoTheNextReadDoesNotLinger() {
        String stream = redis.stream("backlog", 0);
        redis.addMany(stream, "e#", 35);
        GroupSettings lingering = new GroupSettings(GROUP, "c1", 10, Duration.ofMillis(200), 1, Duration.ofSeconds(30),
                Duration.ofMillis(200), 2, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMinutes(1));
        long started = System.nanoTime();
        consumer(lingering, batch -> Mono.just(List.of()));
        // 10 + 10 + 10 full batches, then 5: only the round after that last, small one would linger.
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 35 && redis.pending(stream, GROUP) == 0);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aFailingBatchIsRetriedWithoutBeingAcknowledgedOrCountedAsARedeliveryUntilItSucceeds() {
        String stream = redis.stream("fail", 0);
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger failuresLeft = new AtomicInteger(4);
        consumer(settings("c1", 1, Duration.ofSeconds(30)), batch -> {
            attempts.incrementAndGet();
            return failuresLeft.getAndDecrement() > 0 ? Mono.error(new IllegalStateException("archive down")) : Mono.just(List.of());
        });
        String id = redis.add(stream, "x");

        await().atMost(Duration.ofSeconds(60)).until(() -> attempts.get() >= 3);
        assertThat(redis.pending(stream, GROUP)).isEqualTo(1);
        List<PendingMessage> pending = redis.sync().xpending(stream, GROUP, Range.create("-", "+"), Limit.from(10));
        assertThat(pending).singleElement().satisfies(p -> {
            assertThat(p.getId()).isEqualTo(id);
            assertThat(p.getRedeliveryCount()).as("in-memory retries are not deliveries").isEqualTo(1);
        });

        await().atMost(Duration.ofSeconds(60)).until(() -> redis.pending(stream, GROUP) == 0);
        assertThat(attempts.get()).isEqualTo(5);
        assertThat(redis.sync().xlen(redis.deadLetters.streamKey())).isZero();
    }

    @Test
    void rejectedEntriesAreDeadLetteredWithTheirPayloadAndEverythingIsAcknowledged() {
        String stream = redis.stream("bad", 2);
        consumer(settings("c1", 2, Duration.ofSeconds(30)), batch -> Mono.just(batch.entries().stream()
                .filter(m -> payload(m).startsWith("poison"))
                .map(m -> new Rejected(m.getId(), "not a batch"))
                .toList()));
        redis.add(stream, "good-1");
        String poison = redis.add(stream, "poison-1");
        redis.add(stream, "good-2");

        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 3 && redis.pending(stream, GROUP) == 0);
        List<StreamMessage<String, byte[]>> dead = redis.sync().xrange(redis.deadLetters.streamKey(), Range.create("-", "+"));
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(text(d, "entry")).isEqualTo(poison);
            assertThat(text(d, "stream")).isEqualTo(stream);
            assertThat(text(d, "group")).isEqualTo(GROUP);
            assertThat(text(d, "reason")).isEqualTo("not a batch");
            assertThat(text(d, "b")).isEqualTo("poison-1");
        });
    }

    @Test
    void entriesOfADeadConsumerAreClaimedAndThoseDeliveredTooOftenAreDeadLetteredInstead() {
        String stream = redis.stream("crash", 1);
        redis.sync().xgroupCreate(StreamOffset.from(stream, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
        List<String> ids = redis.addMany(stream, "e", 6);
        Consumer<String> ghost = Consumer.from(GROUP, "ghost");
        assertThat(redis.sync().xreadgroup(ghost, XReadArgs.Builder.count(10), StreamOffset.lastConsumed(stream))).hasSize(6);
        // The first two were delivered twice more (their consumers kept dying): 3 deliveries > max-deliveries 2.
        for (int i = 0; i < 2; i++) {
            redis.sync().xclaim(stream, ghost, XClaimArgs.Builder.minIdleTime(0), ids.get(0), ids.get(1));
        }

        consumer(settings("rescuer", 2, Duration.ofMillis(500)), batch -> Mono.just(List.of()));

        await().atMost(Duration.ofSeconds(60)).until(() -> redis.pending(stream, GROUP) == 0);
        assertThat(payloads()).containsExactlyInAnyOrder("e2", "e3", "e4", "e5");
        assertThat(redis.sync().xrange(redis.deadLetters.streamKey(), Range.create("-", "+")))
                .extracting(d -> text(d, "entry") + " " + text(d, "reason"))
                .containsExactlyInAnyOrder(ids.get(0) + " delivered more than 2 times without being acknowledged",
                        ids.get(1) + " delivered more than 2 times without being acknowledged");
    }

    @Test
    void aConsumerRestartedUnderItsNameFirstFinishesTheEntriesItHadBeenGiven() {
        String stream = redis.stream("restart", 0);
        redis.sync().xgroupCreate(StreamOffset.from(stream, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
        redis.addMany(stream, "old", 25);
        assertThat(redis.sync().xreadgroup(Consumer.from(GROUP, "c1"), XReadArgs.Builder.count(25), StreamOffset.lastConsumed(stream)))
                .hasSize(25);
        redis.addMany(stream, "new", 5);

        // Claiming is far away: only the history read can find the 25 entries pending at c1.
        consumer(settings("c1", 2, Duration.ofHours(1)), batch -> Mono.just(List.of()));

        await().atMost(Duration.ofSeconds(60)).until(() -> redis.pending(stream, GROUP) == 0 && handled.size() >= 30);
        assertThat(handled).hasSize(30);
        assertThat(payloads().subList(0, 25)).allMatch(p -> p.startsWith("old"));
    }

    @Test
    void aStreamWithAHugeBacklogDoesNotDelayTheEntriesOfAnotherStream() {
        String noisy = redis.stream("noisy", 0);
        String quiet = redis.stream("quiet", 0);
        redis.addMany(noisy, "n", 3000);
        Map<String, Long> handledAt = new ConcurrentHashMap<>();
        // Each batch takes 20 ms: the noisy backlog alone needs 300 batches, about 3 s with two in flight.
        consumer(settings("c1", 2, Duration.ofSeconds(30)), batch -> Mono.delay(Duration.ofMillis(20)).then(Mono.fromCallable(() -> {
            batch.entries().forEach(m -> handledAt.put(payload(m), System.nanoTime()));
            return List.of();
        })));
        await().atMost(Duration.ofSeconds(60)).until(() -> handledAt.size() >= 200);

        long sent = System.nanoTime();
        redis.add(quiet, "quiet-1");
        await().atMost(Duration.ofSeconds(60)).until(() -> handledAt.containsKey("quiet-1"));
        long latencyMillis = (handledAt.get("quiet-1") - sent) / 1_000_000;
        long noisyDoneBefore = handledAt.values().stream().filter(t -> t <= handledAt.get("quiet-1")).count() - 1;

        assertThat(latencyMillis).as("quiet stream's latency behind a 3,000-entry backlog").isLessThan(1_000);
        assertThat(noisyDoneBefore).as("the quiet entry did not wait for the backlog").isLessThan(2_000);
        await().atMost(Duration.ofSeconds(60)).until(() -> redis.pending(noisy, GROUP) == 0 && handledAt.size() == 3001);
    }

    @Test
    void twoConsumersInOneGroupShareTheStreamsAndNothingIsHandledTwice() {
        List<String> streams = new ArrayList<>();
        for (int shard = 0; shard < 4; shard++) {
            streams.add(redis.stream("shared", shard));
        }
        Map<String, Set<String>> byConsumer = new ConcurrentHashMap<>();
        for (String name : List.of("c1", "c2")) {
            consumer(settings(name, 2, Duration.ofSeconds(30)), batch -> Mono.delay(Duration.ofMillis(5)).then(Mono.fromCallable(() -> {
                byConsumer.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet()).addAll(batch.ids());
                return List.of();
            })));
        }
        for (int round = 0; round < 20; round++) {
            for (String s : streams) {
                redis.addMany(s, s + "#" + round + "#", 10);
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= 800);
        for (String s : streams) {
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.pending(s, GROUP) == 0);
        }
        assertThat(handled).hasSize(800);
        assertThat(new HashSet<>(payloads())).hasSize(800);
        assertThat(byConsumer.keySet()).containsExactlyInAnyOrder("c1", "c2");
        assertThat(byConsumer.values()).allSatisfy(ids -> assertThat(ids).isNotEmpty());
    }

    @Test
    void entriesHandledForLongerThanTheClaimIdleTimeAreNotTakenOverByAnotherConsumer() {
        String stream = redis.stream("slow", 0);
        Duration claimMinIdle = Duration.ofMillis(600);
        AtomicInteger slow = new AtomicInteger(1);
        for (String name : List.of("c1", "c2")) {
            // The first batch anyone takes needs 3 s, five times the claim idle time.
            consumer(settings(name, 2, claimMinIdle), batch -> Mono.delay(Duration.ofMillis(slow.getAndSet(0) == 1 ? 3_000 : 5))
                    .thenReturn(List.of()));
        }
        redis.addMany(stream, "s", 5);
        redis.addMany(redis.stream("slow", 1), "t", 5);

        await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() >= 10 && redis.pending(stream, GROUP) == 0);
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(handled).as("nothing handled twice").hasSize(10);
        assertThat(redis.sync().xlen(redis.deadLetters.streamKey())).isZero();
    }

    static String text(StreamMessage<String, byte[]> m, String field) {
        return new String(m.getBody().get(field), StandardCharsets.UTF_8);
    }
}

package io.sluice.ingest.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.support.RunningIngest;
import io.sluice.platform.redis.RedisKeys;
import io.sluice.platform.redis.SluiceRedis;
import io.sluice.platform.stream.BufferRegistry;
import io.sluice.platform.stream.ShardRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** {@link BufferWriter} and {@link IdempotentAppend} against the real Redis. */
class BufferWriterTest {

    private static final String PREFIX = "test:" + UUID.randomUUID() + ":";
    private static final int SHARDS = 4;
    private static RedisClient client;
    private static SluiceRedis redis;
    private static BufferRegistry registry;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(RunningIngest.REDIS_URL);
        redis = new SluiceRedis(client, new RedisKeys(PREFIX));
        registry = new BufferRegistry(redis);
    }

    @AfterAll
    static void cleanUp() {
        List<String> keys = redis.strings().keys(PREFIX + "*").collectList().block();
        if (!keys.isEmpty()) {
            redis.strings().del(keys.toArray(String[]::new)).block();
        }
        redis.close();
        client.shutdown();
    }

    static BufferWriter writer(Duration idempotencyTtl) {
        return new BufferWriter(redis, registry, SHARDS, idempotencyTtl, Duration.ofSeconds(5));
    }

    @Test
    void appendsEventsOfOneServiceAndHostAsOneEntryOfTheirShardWithFreshIdsAndTheTenant() {
        BufferWriter writer = writer(Duration.ofHours(1));
        String tenant = "tenant-" + UUID.randomUUID();

        StepVerifier.create(writer.append(tenant, List.of(event("a", "svc", "h"), event("b", "svc", "h")), ""))
                .expectNext(new Appended(2, false))
                .verifyComplete();

        int shard = writer.router().shardOf("svc", "h");
        List<LogBatch> stored = entries(redis.keys().bufferStream(tenant, shard));
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getEventsList()).extracting(LogEvent::getMessage).containsExactly("a", "b");
        assertThat(stored.get(0).getEventsList()).extracting(LogEvent::getTenant).containsOnly(tenant);
        assertThat(stored.get(0).getEvents(0).getId()).matches("[0-9a-f]{32}").isNotEqualTo(stored.get(0).getEvents(1).getId());
        assertThat(stored.get(0).getIdempotencyKey()).isEmpty();
        assertThat(streamsOf(tenant)).containsExactly(redis.keys().bufferStream(tenant, shard));
    }

    @Test
    void splitsABatchOfSeveralServicesIntoOneEntryPerShardAndRegistersEveryStream() {
        BufferWriter writer = writer(Duration.ofHours(1));
        String tenant = "tenant-" + UUID.randomUUID();
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(event("m" + i, "service-" + (i % 10), "host-" + (i % 2)));
        }

        StepVerifier.create(writer.append(tenant, events, "")).expectNext(new Appended(40, false)).verifyComplete();

        Set<Integer> shards = new TreeSet<>();
        events.forEach(e -> shards.add(writer.router().shardOf(e.getService(), e.getHost())));
        assertThat(shards).as("ten services spread over several of the four shards").hasSizeGreaterThanOrEqualTo(3);
        List<String> allMessages = new ArrayList<>();
        for (int shard : shards) {
            String stream = redis.keys().bufferStream(tenant, shard);
            List<LogBatch> stored = entries(stream);
            assertThat(stored).as("one XADD per shard part").hasSize(1);
            assertThat(stored.get(0).getEventsList()).allSatisfy(e ->
                    assertThat(writer.router().shardOf(e.getService(), e.getHost())).isEqualTo(shard));
            stored.get(0).getEventsList().forEach(e -> allMessages.add(e.getMessage()));
        }
        assertThat(allMessages).containsExactlyInAnyOrderElementsOf(events.stream().map(LogEvent::getMessage).toList());
        assertThat(streamsOf(tenant)).containsExactlyInAnyOrderElementsOf(shards.stream().map(s -> redis.keys().bufferStream(tenant, s)).toList());
    }

    @Test
    void storesABatchSpreadOverShardsOnceUnderOneIdempotencyKeyAndRemembersTheKeyPerShardForTheTtl() {
        BufferWriter writer = writer(Duration.ofMinutes(10));
        String tenant = "tenant-" + UUID.randomUUID();
        List<LogEvent> events = List.of(event("x", "api", "h1"), event("y", "web", "h1"), event("z", "db", "h2"), event("w", "queue", "h3"));

        StepVerifier.create(writer.append(tenant, events, "k-1")).expectNext(new Appended(4, false)).verifyComplete();
        StepVerifier.create(writer.append(tenant, events, "k-1")).expectNext(new Appended(4, true)).verifyComplete();

        Set<Integer> shards = new TreeSet<>();
        events.forEach(e -> shards.add(writer.router().shardOf(e.getService(), e.getHost())));
        assertThat(storedMessages(tenant)).containsExactlyInAnyOrder("x", "y", "z", "w");
        for (int shard : shards) {
            assertThat(redis.strings().ttl(writer.idemKey(tenant, shard, "k-1")).block()).isBetween(590L, 600L);
        }
    }

    @Test
    void errorAndFatalEventsOfABatchGoToThePriorityStreamAndAResendUnderTheSameKeyStoresNothingTwice() {
        BufferWriter writer = writer(Duration.ofMinutes(10));
        String tenant = "tenant-" + UUID.randomUUID();
        List<LogEvent> events = List.of(event("i1", "api", "h1"), event("e1", "api", "h1").toBuilder().setLevel("ERROR").build(),
                event("w1", "api", "h1").toBuilder().setLevel("WARN").build(), event("f1", "web", "h2").toBuilder().setLevel("FATAL").build());

        StepVerifier.create(writer.append(tenant, events, "k-p")).expectNext(new Appended(4, false)).verifyComplete();
        StepVerifier.create(writer.append(tenant, events, "k-p")).expectNext(new Appended(4, true)).verifyComplete();

        String priority = redis.keys().bufferStream(tenant, ShardRouter.PRIORITY_SHARD);
        assertThat(entries(priority)).hasSize(1);
        assertThat(entries(priority).get(0).getEventsList()).extracting(LogEvent::getMessage).containsExactly("e1", "f1");
        assertThat(streamsOf(tenant)).contains(priority);
        assertThat(storedMessages(tenant)).containsExactlyInAnyOrder("i1", "e1", "w1", "f1");
        assertThat(redis.strings().ttl(writer.idemKey(tenant, ShardRouter.PRIORITY_SHARD, "k-p")).block()).isBetween(590L, 600L);

        BufferWriter withoutPriority = new BufferWriter(redis, registry, SHARDS, Duration.ofMinutes(10), Duration.ofSeconds(5), false);
        String other = "tenant-" + UUID.randomUUID();
        StepVerifier.create(withoutPriority.append(other, events, "")).expectNext(new Appended(4, false)).verifyComplete();
        assertThat(streamsOf(other)).noneMatch(ShardRouter::isPriorityStream);
    }

    @Test
    void aResendAfterOnlySomeShardPartsWereStoredStoresJustTheMissingParts() {
        BufferWriter writer = writer(Duration.ofMinutes(10));
        String tenant = "tenant-" + UUID.randomUUID();
        LogEvent a = event("a", "api", "h1");
        LogEvent b = otherShardThan(writer, a);
        // The first attempt stored a's part, then failed before b's (as a timeout half-way would).
        StepVerifier.create(writer.append(tenant, List.of(a), "k-2")).expectNext(new Appended(1, false)).verifyComplete();

        StepVerifier.create(writer.append(tenant, List.of(a, b), "k-2")).expectNext(new Appended(2, false)).verifyComplete();

        assertThat(storedMessages(tenant)).containsExactlyInAnyOrder("a", b.getMessage());
    }

    @Test
    void anAgentBatchIsStoredFromItsReceivedBytesExactlyAsAReEncodedBatchWouldBe() throws Exception {
        BufferWriter writer = writer(Duration.ofMinutes(10));
        String tenant = "tenant-" + UUID.randomUUID();
        LogBatch.Builder sent = LogBatch.newBuilder().setIdempotencyKey("agent:7");
        for (int i = 0; i < 50; i++) {
            sent.addEvents(event("line " + i + " é😀", "checkout", "pod-1").toBuilder().setAttributesJson("{\"thread\":\"main\"}"));
        }
        byte[] wire = sent.build().toByteArray();
        List<LogEvent> events = LogBatch.parseFrom(wire).getEventsList();

        StepVerifier.create(writer.append(tenant, events, ReceivedEvents.ofLogBatch(wire, events.size()), "agent:7"))
                .expectNext(new Appended(50, false)).verifyComplete();

        String stream = redis.keys().bufferStream(tenant, writer.router().shardOf("checkout", "pod-1"));
        byte[] stored = redis.binary().xrange(stream, Range.create("-", "+")).blockFirst().getBody().get("b");
        LogBatch.Builder reEncoded = LogBatch.newBuilder().setIdempotencyKey("agent:7");
        List<LogEvent> storedEvents = parse(stored).getEventsList();
        for (int i = 0; i < events.size(); i++) {
            reEncoded.addEvents(events.get(i).toBuilder().setId(storedEvents.get(i).getId()).setTenant(tenant));
        }
        assertThat(stored).isEqualTo(reEncoded.build().toByteArray());
    }

    @Test
    void loadsTheScriptWhenRedisDoesNotKnowIt() {
        String neverLoaded = IdempotentAppend.SCRIPT + "-- " + UUID.randomUUID() + "\n";
        IdempotentAppend append = new IdempotentAppend(redis.binary(), neverLoaded);
        String stream = PREFIX + "script-test";

        StepVerifier.create(append.append(PREFIX + "idem:first", stream, Duration.ofMinutes(1), new byte[] {1}))
                .expectNext(true).verifyComplete();
        StepVerifier.create(append.append(PREFIX + "idem:first", stream, Duration.ofMinutes(1), new byte[] {1}))
                .expectNext(false).verifyComplete();
        StepVerifier.create(append.append(PREFIX + "idem:second", stream, Duration.ofMinutes(1), new byte[] {2}))
                .expectNext(true).verifyComplete();

        assertThat(redis.binary().xlen(stream).block()).isEqualTo(2);
    }

    private static LogEvent otherShardThan(BufferWriter writer, LogEvent a) {
        int shardOfA = writer.router().shardOf(a.getService(), a.getHost());
        for (int i = 0; ; i++) {
            LogEvent candidate = event("b", "svc-" + i, "h1");
            if (writer.router().shardOf(candidate.getService(), candidate.getHost()) != shardOfA) {
                return candidate;
            }
        }
    }

    private static List<String> streamsOf(String tenant) {
        return registry.streams().block().stream().filter(s -> s.contains("{" + tenant + ".")).toList();
    }

    private static List<String> storedMessages(String tenant) {
        return streamsOf(tenant).stream().flatMap(s -> entries(s).stream()).flatMap(b -> b.getEventsList().stream())
                .map(LogEvent::getMessage).toList();
    }

    private static List<LogBatch> entries(String stream) {
        List<StreamMessage<String, byte[]>> entries = redis.binary().xrange(stream, Range.create("-", "+")).collectList().block();
        return entries.stream().map(entry -> parse(entry.getBody().get("b"))).toList();
    }

    private static LogBatch parse(byte[] bytes) {
        try {
            return LogBatch.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static LogEvent event(String message, String service, String host) {
        return LogEvent.newBuilder().setTimestampUnixNanos(1).setService(service).setHost(host).setLevel("INFO").setMessage(message).build();
    }
}

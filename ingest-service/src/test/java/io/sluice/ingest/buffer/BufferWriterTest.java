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
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** {@link BufferWriter} and {@link IdempotentAppend} against the real Redis. */
class BufferWriterTest {

    private static final String PREFIX = "test:" + UUID.randomUUID() + ":";
    private static RedisClient client;
    private static SluiceRedis redis;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(RunningIngest.REDIS_URL);
        redis = new SluiceRedis(client, new RedisKeys(PREFIX));
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

    @Test
    void appendsTheBatchAsOneEntryWithFreshIdsAndTheTenant() {
        BufferWriter writer = new BufferWriter(redis, Duration.ofHours(1), Duration.ofSeconds(5));
        String tenant = "tenant-" + UUID.randomUUID();

        StepVerifier.create(writer.append(tenant, List.of(event("a"), event("b")), ""))
                .expectNext(new Appended(2, false))
                .verifyComplete();

        LogBatch stored = entriesOfTenant(tenant).get(0);
        assertThat(stored.getEventsList()).extracting(LogEvent::getMessage).containsExactly("a", "b");
        assertThat(stored.getEventsList()).extracting(LogEvent::getTenant).containsOnly(tenant);
        assertThat(stored.getEvents(0).getId()).matches("[0-9a-f]{32}").isNotEqualTo(stored.getEvents(1).getId());
        assertThat(stored.getIdempotencyKey()).isEmpty();
    }

    @Test
    void storesABatchOnceUnderOneIdempotencyKeyAndRemembersTheKeyForTheTtl() {
        BufferWriter writer = new BufferWriter(redis, Duration.ofMinutes(10), Duration.ofSeconds(5));
        String tenant = "tenant-" + UUID.randomUUID();

        StepVerifier.create(writer.append(tenant, List.of(event("x")), "k-" + tenant)).expectNext(new Appended(1, false)).verifyComplete();
        StepVerifier.create(writer.append(tenant, List.of(event("x")), "k-" + tenant)).expectNext(new Appended(1, true)).verifyComplete();

        assertThat(entriesOfTenant(tenant)).hasSize(1);
        assertThat(redis.strings().ttl(writer.idemKey("k-" + tenant)).block()).isBetween(590L, 600L);
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

    private static List<LogBatch> entriesOfTenant(String tenant) {
        List<StreamMessage<String, byte[]>> entries = redis.binary()
                .xrange(redis.keys().bufferStream(), Range.create("-", "+")).collectList().block();
        return entries.stream().map(entry -> parse(entry.getBody().get("b")))
                .filter(batch -> batch.getEvents(0).getTenant().equals(tenant))
                .toList();
    }

    private static LogBatch parse(byte[] bytes) {
        try {
            return LogBatch.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static LogEvent event(String message) {
        return LogEvent.newBuilder().setTimestampUnixNanos(1).setService("s").setLevel("INFO").setMessage(message).build();
    }
}

package io.sluice.ingest.buffer;

import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.platform.redis.SluiceRedis;
import io.sluice.platform.stream.BufferRegistry;
import io.sluice.platform.stream.ShardRouter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Appends accepted events to the tenant's sharded buffer streams
 * ({@code {p}buffer:{<tenant>.<shard>}}, see {@link ShardRouter}) after giving every event a fresh
 * id and its tenant. The batch is split by shard and each shard's part is ONE stream entry (field
 * {@code b} = the protobuf {@link LogBatch}); the parts are written in parallel. Before its first
 * append to a stream, the writer registers it in {@link BufferRegistry} so consumers find it. With
 * an idempotency key each part is conditional on the key being new for its shard (see
 * {@link IdempotentAppend}), so a resend after a partial failure stores only the missing parts.
 * The returned Mono completes only after Redis confirmed every part; failures and timeouts surface
 * as {@link BufferUnavailableException}. Holds no queue of its own. With priority on, a batch's
 * ERROR and FATAL events form one more part, written to the tenant's priority stream
 * ({@code {p}buffer:{<tenant>.p}}, {@link ShardRouter#partOf}), with its own idempotency marker like
 * any other part, so consumers process errors first.
 */
public final class BufferWriter {

    private final SluiceRedis redis;
    private final BufferRegistry registry;
    private final ShardRouter router;
    private final IdempotentAppend idempotent;
    private final Duration idempotencyTtl;
    private final Duration timeout;
    private final boolean priority;

    /** A writer with priority on (ERROR and FATAL events to the priority stream); see the full constructor. */
    public BufferWriter(SluiceRedis redis, BufferRegistry registry, int shards, Duration idempotencyTtl, Duration timeout) {
        this(redis, registry, shards, idempotencyTtl, timeout, true);
    }

    /**
     * A writer on {@code redis} over {@code shards} shards per tenant whose appends wait at most
     * {@code timeout}; {@code priority} says whether ERROR and FATAL events go to the priority stream.
     */
    public BufferWriter(SluiceRedis redis, BufferRegistry registry, int shards, Duration idempotencyTtl, Duration timeout,
            boolean priority) {
        this.priority = priority;
        this.redis = redis;
        this.registry = registry;
        this.router = new ShardRouter(shards);
        this.idempotent = new IdempotentAppend(redis.binary());
        this.idempotencyTtl = idempotencyTtl;
        this.timeout = timeout;
    }

    /**
     * Stores {@code events} for {@code tenant}; {@code idempotencyKey} may be empty (no
     * de-duplication). {@link Appended#duplicate()} is true when every part had been stored before.
     */
    public Mono<Appended> append(String tenant, List<LogEvent> events, String idempotencyKey) {
        return Mono.defer(() -> Flux.fromIterable(split(tenant, events, idempotencyKey).entrySet())
                        .flatMap(part -> appendPart(tenant, part.getKey(), part.getValue().build().toByteArray(), idempotencyKey))
                        .collectList() // every part must be confirmed (a short-circuiting all() would cancel the rest)
                        .timeout(timeout)
                        .map(duplicates -> new Appended(events.size(), !duplicates.contains(false)))
                        .onErrorMap(e -> !(e instanceof BufferUnavailableException), this::unavailable));
    }

    /** The shard router this writer uses. */
    public ShardRouter router() {
        return router;
    }

    /** The Redis key that marks {@code idempotencyKey}'s part for {@code tenant}'s shard {@code shard} as stored. */
    public String idemKey(String tenant, int shard, String idempotencyKey) {
        return idemKey(tenant, Integer.toString(shard), idempotencyKey);
    }

    /** As {@link #idemKey(String, int, String)} for any shard id, the priority shard included. */
    public String idemKey(String tenant, String shard, String idempotencyKey) {
        return redis.keys().bufferIdempotency(tenant, shard, idempotencyKey);
    }

    /** Emits whether the part had been stored before. */
    private Mono<Boolean> appendPart(String tenant, String shard, byte[] batch, String idempotencyKey) {
        String stream = redis.keys().bufferStream(tenant, shard);
        Mono<Boolean> stored = idempotencyKey.isEmpty()
                ? redis.binary().xadd(stream, Map.of("b", batch)).thenReturn(true)
                : idempotent.append(idemKey(tenant, shard, idempotencyKey), stream, idempotencyTtl, batch);
        return registry.register(stream)
                .then(stored)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("Redis returned no reply")))
                .map(appended -> !appended);
    }

    private Map<String, LogBatch.Builder> split(String tenant, List<LogEvent> events, String idempotencyKey) {
        Map<String, LogBatch.Builder> parts = new TreeMap<>();
        EventIds.Batch ids = EventIds.batch();
        for (LogEvent event : events) {
            String shard = router.partOf(event.getService(), event.getHost(), event.getLevel(), priority);
            parts.computeIfAbsent(shard, s -> LogBatch.newBuilder().setIdempotencyKey(idempotencyKey))
                    .addEvents(event.toBuilder().setId(ids.next()).setTenant(tenant));
        }
        return parts;
    }

    private BufferUnavailableException unavailable(Throwable e) {
        String why = e instanceof TimeoutException
                ? "did not confirm the write within " + timeout.toMillis() + " ms"
                : "failed: " + e.getMessage();
        return new BufferUnavailableException("the log buffer (Redis) is unavailable: the append " + why
                + "; the batch was not acknowledged, retry later", e);
    }
}

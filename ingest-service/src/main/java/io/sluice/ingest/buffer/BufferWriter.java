package io.sluice.ingest.buffer;

import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.platform.redis.SluiceRedis;
import io.sluice.platform.stream.BufferRegistry;
import io.sluice.platform.stream.ShardRouter;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
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
        return append(tenant, events, ReceivedEvents.NONE, idempotencyKey);
    }

    /**
     * As {@link #append(String, List, String)}, storing an event whose bytes {@code received} holds
     * (by its position in {@code events}) as those bytes instead of encoding it again; what is
     * stored is the same.
     */
    public Mono<Appended> append(String tenant, List<LogEvent> events, ReceivedEvents received, String idempotencyKey) {
        return Mono.defer(() -> Flux.fromIterable(split(tenant, events, received, idempotencyKey))
                        .flatMap(part -> appendPart(tenant, part.shard(), part.batch(), idempotencyKey))
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

    /**
     * The batch's shard parts, in shard order; the priority part last. Consecutive events with the
     * same service and host (the usual agent batch) are routed once.
     */
    private List<Part> split(String tenant, List<LogEvent> events, ReceivedEvents received, String idempotencyKey) {
        int parts = router.shards() + 1;
        int[] partOf = new int[events.size()];
        int[] counts = new int[parts];
        String service = null;
        String host = null;
        int shard = 0;
        for (int i = 0; i < events.size(); i++) {
            LogEvent event = events.get(i);
            if (priority && ShardRouter.isPriorityLevel(event.getLevel())) {
                partOf[i] = router.shards();
            } else {
                if (!event.getService().equals(service) || !event.getHost().equals(host)) {
                    service = event.getService();
                    host = event.getHost();
                    shard = router.shardOf(service, host);
                }
                partOf[i] = shard;
            }
            counts[partOf[i]]++;
        }
        PartEncoder encoder = new PartEncoder(events, received, tenant, idempotencyKey);
        List<Part> out = new ArrayList<>(2);
        for (int part = 0; part < parts; part++) {
            if (counts[part] == 0) {
                continue;
            }
            int[] positions = new int[counts[part]];
            int n = 0;
            for (int i = 0; i < partOf.length && n < positions.length; i++) {
                if (partOf[i] == part) {
                    positions[n++] = i;
                }
            }
            String id = part == router.shards() ? ShardRouter.PRIORITY_SHARD : Integer.toString(part);
            out.add(new Part(id, encoder.encode(positions, n)));
        }
        return out;
    }

    /** One shard's part of a batch: the shard id and the LogBatch bytes to append. */
    private record Part(String shard, byte[] batch) {
    }

    private BufferUnavailableException unavailable(Throwable e) {
        String why = e instanceof TimeoutException
                ? "did not confirm the write within " + timeout.toMillis() + " ms"
                : "failed: " + e.getMessage();
        return new BufferUnavailableException("the log buffer (Redis) is unavailable: the append " + why
                + "; the batch was not acknowledged, retry later", e);
    }
}

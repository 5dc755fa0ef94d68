package io.sluice.ingest.buffer;

import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;

/**
 * Appends accepted events to the buffer stream as ONE entry (field {@code b} = the protobuf
 * {@link LogBatch}), after giving every event a fresh id and its tenant. With an idempotency key
 * the append is conditional on the key being new (see {@link IdempotentAppend}). The returned
 * Mono completes only after Redis confirmed the write; failures and timeouts surface as
 * {@link BufferUnavailableException}. Holds no queue of its own: each call is one Redis command.
 */
public final class BufferWriter {

    private final SluiceRedis redis;
    private final IdempotentAppend idempotent;
    private final Duration idempotencyTtl;
    private final Duration timeout;

    /** A writer on {@code redis} whose appends wait at most {@code timeout}. */
    public BufferWriter(SluiceRedis redis, Duration idempotencyTtl, Duration timeout) {
        this.redis = redis;
        this.idempotent = new IdempotentAppend(redis.binary());
        this.idempotencyTtl = idempotencyTtl;
        this.timeout = timeout;
    }

    /**
     * Stores {@code events} for {@code tenant}; {@code idempotencyKey} may be empty (no
     * de-duplication).
     */
    public Mono<Appended> append(String tenant, List<LogEvent> events, String idempotencyKey) {
        return Mono.defer(() -> {
            byte[] batch = batch(tenant, events, idempotencyKey).toByteArray();
            String stream = redis.keys().bufferStream();
            Mono<Boolean> stored = idempotencyKey.isEmpty()
                    ? redis.binary().xadd(stream, Map.of("b", batch)).thenReturn(true)
                    : idempotent.append(idemKey(idempotencyKey), stream, idempotencyTtl, batch);
            return stored.timeout(timeout)
                    .switchIfEmpty(Mono.error(() -> new IllegalStateException("Redis returned no reply")))
                    .map(appended -> new Appended(events.size(), !appended))
                    .onErrorMap(e -> !(e instanceof BufferUnavailableException), this::unavailable);
        });
    }

    /** The Redis key that marks {@code idempotencyKey} as stored. */
    public String idemKey(String idempotencyKey) {
        return redis.keys().key("ingest:idem:" + idempotencyKey);
    }

    private static LogBatch batch(String tenant, List<LogEvent> events, String idempotencyKey) {
        LogBatch.Builder batch = LogBatch.newBuilder().setIdempotencyKey(idempotencyKey);
        for (LogEvent event : events) {
            batch.addEvents(event.toBuilder().setId(EventIds.next()).setTenant(tenant));
        }
        return batch.build();
    }

    private BufferUnavailableException unavailable(Throwable e) {
        String why = e instanceof TimeoutException
                ? "did not confirm the write within " + timeout.toMillis() + " ms"
                : "failed: " + e.getMessage();
        return new BufferUnavailableException("the log buffer (Redis) is unavailable: the append " + why
                + "; the batch was not acknowledged, retry later", e);
    }
}

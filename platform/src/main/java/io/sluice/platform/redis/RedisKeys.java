package io.sluice.platform.redis;

/**
 * Names of every Redis key and stream Sluice uses, in one place, so that services that share data
 * through Redis agree on names without depending on each other. See docs/ARCHITECTURE.md.
 */
public final class RedisKeys {

    private final String prefix;

    /** Keys under {@code prefix} (e.g. {@code sluice:}). */
    public RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    /**
     * Shard {@code shard} of {@code tenant}'s buffer: the stream ingest appends to and pipeline and
     * analytics consume, {@code {p}buffer:{<tenant>.<shard>}}. The braces are a Redis Cluster hash
     * tag, so the stream and its companion keys ({@link #bufferIdempotency}) share one slot.
     */
    public String bufferStream(String tenant, int shard) {
        return bufferStream(tenant, Integer.toString(shard));
    }

    /**
     * As {@link #bufferStream(String, int)} for a shard id that may also be
     * {@link io.sluice.platform.stream.ShardRouter#PRIORITY_SHARD}: {@code {p}buffer:{<tenant>.p}}
     * holds the tenant's ERROR and FATAL events, which consumers read first.
     */
    public String bufferStream(String tenant, String shard) {
        return prefix + "buffer:" + shardTag(tenant, shard);
    }

    /**
     * The marker that an idempotency key's part for shard {@code shard} of {@code tenant} is
     * stored, {@code {p}ingest:idem:{<tenant>.<shard>}:<key>}; in the slot of that shard's stream.
     */
    public String bufferIdempotency(String tenant, int shard, String idempotencyKey) {
        return bufferIdempotency(tenant, Integer.toString(shard), idempotencyKey);
    }

    /** As {@link #bufferIdempotency(String, int, String)} for any shard id, the priority shard included. */
    public String bufferIdempotency(String tenant, String shard, String idempotencyKey) {
        return prefix + "ingest:idem:" + shardTag(tenant, shard) + ":" + idempotencyKey;
    }

    /** The set of every buffer stream ever written, {@code {p}buffer:streams}, which consumers discover streams from. */
    public String bufferRegistry() {
        return prefix + "buffer:streams";
    }

    /** The dead-letter stream of buffer entries that could not be processed, {@code {p}buffer:dead}. */
    public String bufferDeadLetters() {
        return prefix + "buffer:dead";
    }

    /** Any other key, as {@code prefix + suffix}. */
    public String key(String suffix) {
        return prefix + suffix;
    }

    private static String shardTag(String tenant, String shard) {
        return "{" + tenant + "." + shard + "}";
    }

    /** The key prefix. */
    public String prefix() {
        return prefix;
    }
}

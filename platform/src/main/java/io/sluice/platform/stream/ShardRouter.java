package io.sluice.platform.stream;

/**
 * Chooses an event's buffer shard from its stream labels: {@code hash(service, host) mod shards}.
 * The same labels always go to the same shard (so one service's events stay in order within a
 * shard), different services spread over the shards, and one noisy service fills one shard rather
 * than all of them. The hash is {@link String#hashCode()} (specified by the JLS, so stable across
 * JVMs and restarts) passed through MurmurHash3's 32-bit finaliser to spread similar names.
 *
 * <p>With priority on, ERROR and FATAL events go instead to the tenant's priority shard
 * {@value #PRIORITY_SHARD} ({@link #partOf}), which consumers read ahead of the numbered shards, so
 * errors are processed first when the buffer has a backlog.
 */
public final class ShardRouter {

    /** Shard id of a tenant's priority stream, {@code {p}buffer:{<tenant>.p}}. */
    public static final String PRIORITY_SHARD = "p";

    private static final String PRIORITY_SUFFIX = "." + PRIORITY_SHARD + "}";

    private final int shards;

    /** A router over {@code shards} shards. */
    public ShardRouter(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, was " + shards);
        }
        this.shards = shards;
    }

    /** The number of shards. */
    public int shards() {
        return shards;
    }

    /** The shard of events with labels {@code service} and {@code host}, in {@code [0, shards)}. */
    public int shardOf(String service, String host) {
        int h = service.hashCode() * 31 + host.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, shards);
    }

    /**
     * The shard id of an event: {@link #PRIORITY_SHARD} for ERROR and FATAL when {@code priority}
     * is on, otherwise {@link #shardOf} as text.
     */
    public String partOf(String service, String host, String level, boolean priority) {
        return priority && isPriorityLevel(level) ? PRIORITY_SHARD : Integer.toString(shardOf(service, host));
    }

    /** Whether events of {@code level} (normalised, as ingest stores it) go to the priority shard: ERROR and FATAL. */
    public static boolean isPriorityLevel(String level) {
        return "ERROR".equals(level) || "FATAL".equals(level);
    }

    /** Whether {@code stream} is a tenant's priority stream ({@code …{<tenant>.p}}). */
    public static boolean isPriorityStream(String stream) {
        return stream.endsWith(PRIORITY_SUFFIX);
    }
}

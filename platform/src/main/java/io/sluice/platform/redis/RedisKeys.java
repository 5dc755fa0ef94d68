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

    /** The buffer stream that ingest appends batches to and pipeline/analytics consume. */
    public String bufferStream() {
        return prefix + "buffer";
    }

    /** Any other key, as {@code prefix + suffix}. */
    public String key(String suffix) {
        return prefix + suffix;
    }

    /** The key prefix. */
    public String prefix() {
        return prefix;
    }
}

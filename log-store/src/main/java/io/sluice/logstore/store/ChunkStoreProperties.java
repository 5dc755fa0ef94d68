package io.sluice.logstore.store;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the chunked archive: chunk cutting, shards, retention.
 *
 * @param chunk how events are cut into chunks
 * @param shards extra archive databases by name; the shard {@value #DEFAULT_SHARD} is always the
 *     {@code sluice.mysql} connection
 * @param shardMap tenants placed on a shard other than the default, each optionally from a date on
 * @param retention retention classes and the job that enforces them
 * @param compaction the job merging small chunks into big ones
 */
@ConfigurationProperties("sluice.logstore")
public record ChunkStoreProperties(
        @DefaultValue Chunk chunk,
        Map<String, Shard> shards,
        List<Placement> shardMap,
        @DefaultValue Retention retention,
        @DefaultValue Compaction compaction) {

    /** Name of the shard on the {@code sluice.mysql} connection. */
    public static final String DEFAULT_SHARD = "default";

    public ChunkStoreProperties {
        shards = shards == null ? Map.of() : Map.copyOf(shards);
        shardMap = shardMap == null ? List.of() : List.copyOf(shardMap);
        long slice = chunk.slice().toNanos();
        long window = Math.max(compaction.window().toNanos(), slice);
        if (slice <= 0 || window % slice != 0 || 86_400_000_000_000L % window != 0) {
            throw new IllegalArgumentException("sluice.logstore.compaction.window (" + compaction.window()
                    + ") must be a multiple of sluice.logstore.chunk.slice (" + chunk.slice() + ") and divide a day");
        }
    }

    /**
     * The longest time range one chunk may span, and the window compacted chunks are cut by: the
     * compaction window, or the write slice when that is longer.
     */
    public Duration maxChunkSpan() {
        return compaction.window().compareTo(chunk.slice()) > 0 ? compaction.window() : chunk.slice();
    }

    /**
     * Chunk cutting.
     *
     * @param maxEvents most events in one chunk
     * @param maxBytes most message characters (about bytes, before compression) in one chunk
     * @param slice the time slice a chunk written by the pipeline never crosses; its index row's
     *     per-minute histogram keeps 1-minute counts exact whatever the slice
     * @param zstdLevel zstd compression level (1 fastest; 7 reaches 10x on Loghub lines)
     * @param writeConcurrency how many shards one write call writes to at the same time
     */
    public record Chunk(
            @DefaultValue("20000") int maxEvents,
            @DefaultValue("4MB") DataSize maxBytes,
            @DefaultValue("1m") Duration slice,
            @DefaultValue("7") int zstdLevel,
            @DefaultValue("2") int writeConcurrency) {
    }

    /**
     * One extra archive database.
     *
     * @param url {@code mysql://user[:password]@host:port/database}; created and migrated at start-up
     * @param poolSize maximum pooled R2DBC connections to it
     */
    public record Shard(String url, @DefaultValue("4") int poolSize) {
    }

    /**
     * Where one tenant's events live.
     *
     * @param tenant the tenant
     * @param shard the shard holding its events
     * @param from the first day (UTC) on that shard; events before it stay where the tenant's
     *     previous placement (or the default shard) put them; {@code null} for always
     */
    public record Placement(String tenant, String shard, LocalDate from) {
    }

    /**
     * Retention.
     *
     * @param classes retention class name to days kept
     * @param defaultClass class of events whose routing chose none and whose tenant has no default
     * @param tenantClasses a tenant's default class
     * @param interval how often the retention job runs (one instance cluster-wide, by Redis lock)
     * @param daysAhead how many days of partitions the job creates ahead
     * @param markerTtl how long idempotency markers of archived buffer entries are kept
     * @param enabled whether this process runs the retention job
     */
    public record Retention(
            Map<String, Integer> classes,
            @DefaultValue("standard") String defaultClass,
            Map<String, String> tenantClasses,
            @DefaultValue("1h") Duration interval,
            @DefaultValue("2") int daysAhead,
            @DefaultValue("7d") Duration markerTtl,
            @DefaultValue("true") boolean enabled) {

        public Retention {
            classes = classes == null || classes.isEmpty() ? Map.of(defaultClass == null ? "standard" : defaultClass, 30) : Map.copyOf(classes);
            tenantClasses = tenantClasses == null ? Map.of() : Map.copyOf(tenantClasses);
            if (!classes.containsKey(defaultClass)) {
                throw new IllegalArgumentException("sluice.logstore.retention.default-class '" + defaultClass
                        + "' is not one of sluice.logstore.retention.classes " + classes.keySet());
            }
            for (Map.Entry<String, String> e : tenantClasses.entrySet()) {
                if (!classes.containsKey(e.getValue())) {
                    throw new IllegalArgumentException("sluice.logstore.retention.tenant-classes." + e.getKey() + " '" + e.getValue()
                            + "' is not one of sluice.logstore.retention.classes " + classes.keySet());
                }
            }
        }

        /** The class events of {@code tenant} get when routing chose {@code chosen} ({@code ""} for none). */
        public String classOf(String tenant, String chosen) {
            if (chosen != null && !chosen.isEmpty() && classes.containsKey(chosen)) {
                return chosen;
            }
            return tenantClasses.getOrDefault(tenant, defaultClass);
        }
    }

    /**
     * Compaction: merges a stream's small chunks of one retention class, day and window into chunks
     * of up to {@code chunk.max-events} / {@code chunk.max-bytes} (one process per shard at a time,
     * by Redis lock).
     *
     * @param enabled whether this process runs the compaction job
     * @param interval pause between two passes
     * @param settleDelay chunks written more recently than this are left alone, so live writes are not fought
     * @param window the time range one compacted chunk may span (a multiple of {@code chunk.slice}, dividing a
     *     day; the slice itself when that is longer)
     * @param targetEvents a chunk with fewer events (and fewer than {@code targetSize} raw bytes) is small
     * @param targetSize a chunk with fewer raw message bytes (and fewer than {@code targetEvents} events) is small
     * @param maxEventsPerSwap most events one swap merges (bounds the job's memory)
     * @param groupsPerPass most (stream, class, day, window) groups one pass compacts per shard
     * @param grace how long superseded chunks stay readable (for queries that listed them) before deletion
     */
    public record Compaction(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1m") Duration interval,
            @DefaultValue("30s") Duration settleDelay,
            @DefaultValue("1h") Duration window,
            @DefaultValue("8000") int targetEvents,
            @DefaultValue("1MB") DataSize targetSize,
            @DefaultValue("100000") int maxEventsPerSwap,
            @DefaultValue("200") int groupsPerPass,
            @DefaultValue("10m") Duration grace) {
    }
}

package io.sluice.logstore.shard;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The archive's databases and where each tenant lives: writes go to the shard of the tenant and
 * event day, reads to every shard the tenant's time range may touch. Replication is MySQL's own
 * (each shard a primary with replicas); this class only ever talks to the primaries.
 */
public final class ArchiveShards {

    private final Map<String, ArchiveShard> shards;
    private final ShardMap map;

    /** The shards {@code shards} (by name), placed by {@code map}. */
    public ArchiveShards(List<ArchiveShard> shards, ShardMap map) {
        Map<String, ArchiveShard> byName = new LinkedHashMap<>();
        shards.forEach(s -> byName.put(s.name(), s));
        this.shards = Map.copyOf(byName);
        this.map = map;
    }

    /** The shard named {@code name}. */
    public ArchiveShard shard(String name) {
        ArchiveShard s = shards.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no archive shard named '" + name + "'");
        }
        return s;
    }

    /** The shard that stores {@code tenant}'s events at {@code tsNanos}. */
    public ArchiveShard forWrite(String tenant, long tsNanos) {
        return shard(map.shardFor(tenant, tsNanos));
    }

    /** The shards that may hold {@code tenant}'s events in [{@code fromNanos}, {@code toNanos}). */
    public List<ArchiveShard> forRead(String tenant, long fromNanos, long toNanos) {
        Set<String> names = map.shardsFor(tenant, fromNanos, toNanos);
        return names.stream().map(this::shard).toList();
    }

    /** Every shard. */
    public Collection<ArchiveShard> all() {
        return shards.values();
    }
}

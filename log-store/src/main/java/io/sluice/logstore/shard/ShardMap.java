package io.sluice.logstore.shard;

import io.sluice.logstore.store.ChunkStoreProperties.Placement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which shard holds a tenant's events of a given day. A tenant without placements lives on the
 * default shard; a placement with a {@code from} day moves the tenant's events from that day on
 * (events already written stay where they are, so reads cover every shard whose period overlaps
 * the query); a placement without {@code from} applies from the beginning.
 */
public final class ShardMap {

    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private final String defaultShard;
    private final Map<String, List<Period>> periods = new HashMap<>();

    /** A map sending tenants without placement to {@code defaultShard}. */
    public ShardMap(String defaultShard, List<Placement> placements, Set<String> knownShards) {
        this.defaultShard = defaultShard;
        Map<String, List<Placement>> byTenant = new HashMap<>();
        for (Placement p : placements) {
            Objects.requireNonNull(p.tenant(), "sluice.logstore.shard-map[].tenant");
            if (!knownShards.contains(p.shard())) {
                throw new IllegalArgumentException("sluice.logstore.shard-map: tenant '" + p.tenant() + "' is placed on shard '"
                        + p.shard() + "', which is not configured (known: " + knownShards + ")");
            }
            byTenant.computeIfAbsent(p.tenant(), t -> new ArrayList<>()).add(p);
        }
        byTenant.forEach((tenant, list) -> {
            list.sort(Comparator.comparing(p -> p.from() == null ? LocalDate.MIN : p.from()));
            List<Period> out = new ArrayList<>();
            if (list.get(0).from() != null) {
                out.add(new Period(Long.MIN_VALUE, defaultShard));
            }
            for (Placement p : list) {
                out.add(new Period(p.from() == null ? Long.MIN_VALUE : p.from().toEpochDay(), p.shard()));
            }
            periods.put(tenant, out);
        });
    }

    /** The shard that stores {@code tenant}'s event at {@code tsNanos}. */
    public String shardFor(String tenant, long tsNanos) {
        List<Period> list = periods.get(tenant);
        if (list == null) {
            return defaultShard;
        }
        long day = Math.floorDiv(tsNanos, NANOS_PER_DAY);
        String shard = list.get(0).shard();
        for (Period p : list) {
            if (p.fromDay() <= day) {
                shard = p.shard();
            }
        }
        return shard;
    }

    /** The shards that may hold {@code tenant}'s events in [{@code fromNanos}, {@code toNanos}). */
    public Set<String> shardsFor(String tenant, long fromNanos, long toNanos) {
        List<Period> list = periods.get(tenant);
        if (list == null) {
            return Set.of(defaultShard);
        }
        long fromDay = Math.floorDiv(fromNanos, NANOS_PER_DAY);
        long toDay = Math.floorDiv(toNanos - 1, NANOS_PER_DAY);
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            long start = list.get(i).fromDay();
            long end = i + 1 < list.size() ? list.get(i + 1).fromDay() - 1 : Long.MAX_VALUE;
            if (start <= toDay && end >= fromDay) {
                out.add(list.get(i).shard());
            }
        }
        return out;
    }

    private record Period(long fromDay, String shard) {
    }
}

package io.sluice.logstore.write;

import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.store.ChunkStoreProperties;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts events into chunk-sized groups: one group per (tenant, service, host, retention class, time
 * slice), sorted by time, split where it would exceed the maximum events or message bytes. Pure.
 */
public final class ChunkPlan {

    private final int maxEvents;
    private final long maxBytes;
    private final long sliceNanos;
    private final ChunkStoreProperties.Retention retention;

    /** A planner cutting by {@code chunk}'s limits and resolving classes with {@code retention}. */
    public ChunkPlan(ChunkStoreProperties.Chunk chunk, ChunkStoreProperties.Retention retention) {
        this.maxEvents = chunk.maxEvents();
        this.maxBytes = chunk.maxBytes().toBytes();
        this.sliceNanos = chunk.slice().toNanos();
        if (sliceNanos <= 0 || 86_400_000_000_000L % sliceNanos != 0) {
            throw new IllegalArgumentException("sluice.logstore.chunk.slice must divide a day, was " + chunk.slice());
        }
        this.retention = retention;
    }

    /** The groups of {@code events}, each to become one chunk. */
    public List<Group> cut(List<ArchivedEvent> events) {
        Map<Key, List<ArchivedEvent>> byKey = new LinkedHashMap<>();
        for (ArchivedEvent e : events) {
            Key key = new Key(e.tenant(), e.service(), e.host(), retention.classOf(e.tenant(), e.retentionClass()),
                    Math.floorDiv(e.timestampNanos(), sliceNanos));
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        }
        List<Group> out = new ArrayList<>();
        byKey.forEach((key, list) -> {
            list.sort(Comparator.comparingLong(ArchivedEvent::timestampNanos));
            List<ArchivedEvent> current = new ArrayList<>();
            long bytes = 0;
            for (ArchivedEvent e : list) {
                long size = e.message().length();
                if (!current.isEmpty() && (current.size() >= maxEvents || bytes + size > maxBytes)) {
                    out.add(new Group(key, current));
                    current = new ArrayList<>();
                    bytes = 0;
                }
                current.add(e);
                bytes += size;
            }
            out.add(new Group(key, current));
        });
        return out;
    }

    /**
     * What all events of one chunk share.
     *
     * @param tenant tenant
     * @param service service label
     * @param host host label
     * @param retentionClass resolved retention class name
     * @param slice index of the time slice
     */
    public record Key(String tenant, String service, String host, String retentionClass, long slice) {
    }

    /** The events of one chunk-to-be. */
    public record Group(Key key, List<ArchivedEvent> events) {
    }
}

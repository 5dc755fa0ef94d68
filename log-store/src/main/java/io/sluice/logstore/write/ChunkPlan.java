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

    /**
     * The groups of {@code events}, each to become one chunk. Consecutive events of one stream and
     * slice (the usual case: a buffer entry holds one service's batch) join the previous event's
     * group after comparing their labels, without building or hashing a key per event.
     */
    public List<Group> cut(List<ArchivedEvent> events) {
        Map<Key, List<ArchivedEvent>> byKey = new LinkedHashMap<>();
        ArchivedEvent previous = null;
        Key key = null;
        List<ArchivedEvent> group = null;
        for (ArchivedEvent e : events) {
            long slice = Math.floorDiv(e.timestampNanos(), sliceNanos);
            if (previous == null || slice != key.slice() || !sameStream(previous, e)) {
                key = new Key(e.tenant(), e.service(), e.host(), retention.classOf(e.tenant(), e.retentionClass()), slice);
                group = byKey.computeIfAbsent(key, k -> new ArrayList<>());
            }
            group.add(e);
            previous = e;
        }
        List<Group> out = new ArrayList<>();
        byKey.forEach((k, list) -> {
            if (!sortedByTime(list)) {
                list.sort(Comparator.comparingLong(ArchivedEvent::timestampNanos));
            }
            if (list.size() <= maxEvents && fitsBytes(list)) {
                out.add(new Group(k, list));
                return;
            }
            List<ArchivedEvent> current = new ArrayList<>();
            long bytes = 0;
            for (ArchivedEvent e : list) {
                long size = e.message().length();
                if (!current.isEmpty() && (current.size() >= maxEvents || bytes + size > maxBytes)) {
                    out.add(new Group(k, current));
                    current = new ArrayList<>();
                    bytes = 0;
                }
                current.add(e);
                bytes += size;
            }
            out.add(new Group(k, current));
        });
        return out;
    }

    /** Whether {@code list} is already in time order (the sort is stable, so skipping it then changes nothing). */
    private static boolean sortedByTime(List<ArchivedEvent> list) {
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i).timestampNanos() < list.get(i - 1).timestampNanos()) {
                return false;
            }
        }
        return true;
    }

    private boolean fitsBytes(List<ArchivedEvent> list) {
        long bytes = 0;
        for (ArchivedEvent e : list) {
            bytes += e.message().length();
        }
        return bytes <= maxBytes;
    }

    private static boolean sameStream(ArchivedEvent a, ArchivedEvent b) {
        return same(a.tenant(), b.tenant()) && same(a.service(), b.service()) && same(a.host(), b.host())
                && same(a.retentionClass(), b.retentionClass());
    }

    private static boolean same(String a, String b) {
        return a == b || a != null && a.equals(b);
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

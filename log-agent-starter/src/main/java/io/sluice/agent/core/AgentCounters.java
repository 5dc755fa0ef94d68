package io.sluice.agent.core;

import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's running counters, updated from logging threads and the worker without locks.
 * {@link #settled()} counts queued events whose fate is known, which is what a flush waits for.
 */
final class AgentCounters {

    private final LongAdder queued = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder droppedAfterQueueing = new LongAdder();
    private final LongAdder failedBatches = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final ConcurrentMap<String, LongAdder> droppedByLevel = new ConcurrentHashMap<>();

    void queued() {
        queued.increment();
    }

    void refusedByQueue(LogEvent event) {
        byLevel(event.getLevel()).increment();
    }

    void delivered(int accepted, int refused) {
        sent.add(accepted);
        rejected.add(refused);
    }

    void batchDropped(Collection<LogEvent> events) {
        failedBatches.increment();
        for (LogEvent event : events) {
            byLevel(event.getLevel()).increment();
        }
        droppedAfterQueueing.add(events.size());
    }

    void droppedAtShutdown(Collection<LogEvent> events) {
        for (LogEvent event : events) {
            byLevel(event.getLevel()).increment();
        }
        droppedAfterQueueing.add(events.size());
    }

    void retried() {
        retries.increment();
    }

    long queuedCount() {
        return queued.sum();
    }

    long settled() {
        return sent.sum() + rejected.sum() + droppedAfterQueueing.sum();
    }

    AgentStats snapshot() {
        Map<String, Long> dropped = new TreeMap<>();
        droppedByLevel.forEach((level, count) -> dropped.put(level, count.sum()));
        return new AgentStats(queued.sum(), sent.sum(), rejected.sum(), dropped, failedBatches.sum(), retries.sum());
    }

    private LongAdder byLevel(String level) {
        return droppedByLevel.computeIfAbsent(level.isEmpty() ? "UNKNOWN" : level, l -> new LongAdder());
    }
}

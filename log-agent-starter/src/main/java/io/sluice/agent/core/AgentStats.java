package io.sluice.agent.core;

import java.util.Map;

/**
 * A snapshot of the agent's counters since it started. Every event offered ends up in exactly one
 * of: still in flight ({@code queued - sent - rejected - droppedAfterQueueing}), {@code sent},
 * {@code rejected}, or {@code dropped}.
 *
 * @param queued events accepted into the queue
 * @param sent events ingest acknowledged as stored
 * @param rejected events ingest refused as invalid (partial success)
 * @param dropped events lost, by level: queue full, batch refused as a whole, or still unsent when
 *     the shutdown timeout ran out
 * @param failedBatches batches given up (refused as a whole, or unsent at shutdown)
 * @param retries resends of a batch after a transient failure
 */
public record AgentStats(long queued, long sent, long rejected, Map<String, Long> dropped, long failedBatches, long retries) {

    public AgentStats {
        dropped = Map.copyOf(dropped);
    }

    /** Dropped events of all levels. */
    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Dropped events of one level (0 when none). */
    public long dropped(String level) {
        return dropped.getOrDefault(level, 0L);
    }
}

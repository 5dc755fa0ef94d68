package io.sluice.agent.core;

import java.util.Map;

/**
 * A snapshot of the agent's counters since it started.
 *
 * @param queued events accepted into the queue (synthetic drop summaries included)
 * @param sent events ingest acknowledged as stored (batches left by an earlier run included)
 * @param rejected events ingest refused as invalid (partial success)
 * @param dropped events lost, by level: queue full, spool full (or above 80% for levels below
 *     WARN), batch refused as a whole, or unsent at shutdown without a spool
 * @param failedBatches batches given up (refused as a whole, or lost at shutdown)
 * @param retries sends that followed a transient failure
 * @param spooledBatches batches written to the spool because they could not be sent at once
 * @param spoolBytes bytes in the spool now
 * @param accessRefusals sends ingest refused for the API key or tenant (the batches were kept)
 */
public record AgentStats(long queued, long sent, long rejected, Map<String, Long> dropped, long failedBatches,
        long retries, long spooledBatches, long spoolBytes, long accessRefusals) {

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

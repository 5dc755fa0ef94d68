package io.sluice.agent.core;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's running counters, updated without locks or allocation: by the worker, and on a
 * logging thread only for an event it drops (a {@link LongAdder}, which does not contend). {@link #settled()} counts queued events whose fate is known (sent, refused,
 * dropped), which is what a flush waits for.
 */
final class AgentCounters {

    private final LongAdder queued = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder settled = new LongAdder();
    private final LongAdder failedBatches = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder spooledBatches = new LongAdder();
    private final LongAdder accessRefusals = new LongAdder();
    private final LongAdder[] droppedBySeverity = new LongAdder[Severity.count()];
    private volatile long spoolBytes;

    AgentCounters() {
        for (int s = 0; s < droppedBySeverity.length; s++) {
            droppedBySeverity[s] = new LongAdder();
        }
    }

    void queued() {
        queued.increment();
    }

    /** Dropped before it was queued: nothing to settle. */
    void refused(int severity) {
        droppedBySeverity[severity].increment();
    }

    /** Queued events dropped later: they settle. */
    void dropped(int[] countsBySeverity) {
        for (int s = 0; s < countsBySeverity.length; s++) {
            if (countsBySeverity[s] > 0) {
                droppedBySeverity[s].add(countsBySeverity[s]);
                settled.add(countsBySeverity[s]);
            }
        }
    }

    /** A batch ingest answered; {@code live} events of it were queued by this run. */
    void delivered(int accepted, int refused, int live) {
        sent.add(accepted);
        rejected.add(refused);
        settled.add(live);
    }

    void batchFailed() {
        failedBatches.increment();
    }

    void retried() {
        retries.increment();
    }

    void accessRefused() {
        accessRefusals.increment();
    }

    void spooled() {
        spooledBatches.increment();
    }

    void spoolBytes(long bytes) {
        spoolBytes = bytes;
    }

    long queuedCount() {
        return queued.sum();
    }

    long settled() {
        return settled.sum();
    }

    long dropped(int severity) {
        return droppedBySeverity[severity].sum();
    }

    AgentStats snapshot() {
        Map<String, Long> dropped = new TreeMap<>();
        for (int s = 0; s < Severity.count(); s++) {
            long n = droppedBySeverity[s].sum();
            if (n > 0) {
                dropped.put(Severity.name(s), n);
            }
        }
        return new AgentStats(queued.sum(), sent.sum(), rejected.sum(), dropped, failedBatches.sum(), retries.sum(),
                spooledBatches.sum(), spoolBytes, accessRefusals.sum());
    }
}

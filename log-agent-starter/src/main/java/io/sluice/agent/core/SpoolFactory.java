package io.sluice.agent.core;

import io.sluice.agent.core.spool.DiskSpool;
import io.sluice.agent.core.spool.SpoolConfig;
import java.io.IOException;

/**
 * Opens the spool an agent configuration asks for: the disk spool when enabled, else a bounded
 * in-memory one. A disk spool that cannot be opened (e.g. its directory is locked by another live
 * agent) is reported and replaced by the in-memory spool, so logging still works.
 */
final class SpoolFactory {

    /** Quota of the in-memory spool: at most 64 MB, or 16 batches. */
    static long memoryBytes(AgentConfig config) {
        return Math.min(64L * 1024 * 1024, 16 * config.batchBytes());
    }

    private SpoolFactory() {
    }

    static BatchSpool open(AgentConfig config, AgentDiagnostics diagnostics) {
        AgentConfig.SpoolSettings settings = config.spool();
        if (settings.enabled()) {
            try {
                DiskSpool disk = DiskSpool.open(settings.dir(),
                        new SpoolConfig(settings.maxBytes(), settings.segmentBytes(), settings.fsync()), diagnostics);
                return new DiskBatchSpool(disk, settings.maxBytes());
            } catch (IOException | RuntimeException e) {
                diagnostics.warn("Sluice agent could not open its disk spool in " + settings.dir()
                        + " (" + e.getMessage() + "); unsent batches are kept in memory only", e);
            }
        }
        return new MemoryBatchSpool(memoryBytes(config));
    }
}

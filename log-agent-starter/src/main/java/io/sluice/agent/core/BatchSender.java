package io.sluice.agent.core;

import io.sluice.common.proto.ingest.v1.LogBatch;
import java.time.Duration;

/**
 * Delivers one batch to ingest. The agent's worker is the only caller, one batch at a time, and
 * decides from {@link SendException#isTransient()} whether to send the same batch again.
 */
public interface BatchSender extends AutoCloseable {

    /**
     * Sends {@code batch} and returns ingest's answer.
     *
     * @param timeout deadline of this one call
     * @throws SendException when ingest did not acknowledge the batch
     */
    SendResult send(LogBatch batch, Duration timeout) throws SendException;

    /** Releases connections; called once when the agent stops. */
    @Override
    void close();
}

package io.sluice.agent.core;

import java.time.Duration;

/**
 * Delivers one serialized {@code LogBatch} to ingest. The agent's worker is the only caller, one
 * batch at a time, and decides from {@link SendException#isTransient()} whether to send the same
 * batch again.
 */
public interface BatchSender extends AutoCloseable {

    /**
     * Sends {@code batch} (a serialized {@code LogBatch}) and returns ingest's answer.
     *
     * @param timeout deadline of this one call
     * @throws SendException when ingest did not acknowledge the batch
     */
    SendResult send(byte[] batch, Duration timeout) throws SendException;

    /** Releases connections; called once when the agent stops. */
    @Override
    void close();
}

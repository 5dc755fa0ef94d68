package io.sluice.agent.core;

/**
 * Observes the agent's sends, e.g. to record their latency as a metric. Called on the worker
 * thread; must be quick and must not log through the application's logging.
 */
@FunctionalInterface
public interface AgentListener {

    /** A listener that ignores everything. */
    AgentListener NONE = (nanos, success) -> { };

    /** One Push call took {@code nanos}; {@code success} when ingest answered. */
    void sent(long nanos, boolean success);
}

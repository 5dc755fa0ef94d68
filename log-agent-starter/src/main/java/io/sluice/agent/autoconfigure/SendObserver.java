package io.sluice.agent.autoconfigure;

import io.sluice.agent.core.AgentListener;

/**
 * The agent's send listener, created with the agent before any application context (and so any
 * {@code MeterRegistry}) exists; the metrics binder plugs the real listener in later.
 */
final class SendObserver implements AgentListener {

    private volatile AgentListener delegate = AgentListener.NONE;

    void delegateTo(AgentListener listener) {
        this.delegate = listener;
    }

    @Override
    public void sent(long nanos, boolean success) {
        delegate.sent(nanos, success);
    }
}

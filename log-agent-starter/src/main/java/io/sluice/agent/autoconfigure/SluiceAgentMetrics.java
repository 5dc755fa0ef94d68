package io.sluice.agent.autoconfigure;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sluice.agent.core.LogAgent;
import io.sluice.agent.core.Severity;
import java.util.concurrent.TimeUnit;

/**
 * The agent's counters as Micrometer meters: {@code sluice.agent.events.queued}, {@code .sent},
 * {@code .dropped} (tag {@code level}), {@code sluice.agent.spool.bytes},
 * {@code sluice.agent.retries}, {@code sluice.agent.access.refused} and the {@code sluice.agent.send} latency timer (tag
 * {@code outcome}). Registered by the auto-configuration only when Micrometer is present.
 */
public final class SluiceAgentMetrics implements MeterBinder {

    private final SluiceAgentInstallation installation;

    public SluiceAgentMetrics(SluiceAgentInstallation installation) {
        this.installation = installation;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        LogAgent agent = installation.agent();
        FunctionCounter.builder("sluice.agent.events.queued", agent, a -> a.stats().queued())
                .description("Log events accepted into the agent's queue").register(registry);
        FunctionCounter.builder("sluice.agent.events.sent", agent, a -> a.stats().sent())
                .description("Log events acknowledged by ingest").register(registry);
        for (int s = Severity.TRACE; s <= Severity.ERROR; s++) {
            String level = Severity.name(s);
            FunctionCounter.builder("sluice.agent.events.dropped", agent, a -> a.stats().dropped(level))
                    .tag("level", level).description("Log events lost, by level").register(registry);
        }
        Gauge.builder("sluice.agent.spool.bytes", agent, a -> a.stats().spoolBytes())
                .baseUnit("bytes").description("Bytes of unsent batches in the spool").register(registry);
        FunctionCounter.builder("sluice.agent.retries", agent, a -> a.stats().retries())
                .description("Sends after a transient failure").register(registry);
        FunctionCounter.builder("sluice.agent.access.refused", agent, a -> a.stats().accessRefusals())
                .description("Sends refused by ingest for the API key or tenant (batches kept and retried)").register(registry);
        Timer success = Timer.builder("sluice.agent.send").tag("outcome", "success")
                .description("Latency of Push calls to ingest").register(registry);
        Timer failure = Timer.builder("sluice.agent.send").tag("outcome", "failure")
                .description("Latency of Push calls to ingest").register(registry);
        installation.sendObserver().delegateTo((nanos, ok) -> (ok ? success : failure).record(nanos, TimeUnit.NANOSECONDS));
    }
}

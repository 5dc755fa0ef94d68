package io.sluice.pipeline.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The pipeline's counters, exported through actuator's prometheus endpoint:
 * {@code sluice.pipeline.events.archived} (rows newly inserted into the archive; redelivered
 * events are not counted again), {@code sluice.pipeline.entries.acked},
 * {@code sluice.pipeline.entries.claimed} (taken over from idle consumers) and
 * {@code sluice.pipeline.entries.malformed} (undecodable entries, acknowledged and dead-lettered),
 * plus {@code sluice.pipeline.events.invalid} (events without id or tenant, dropped).
 */
public class PipelineMetrics {

    private final Counter eventsArchived;
    private final Counter entriesAcked;
    private final Counter entriesClaimed;
    private final Counter entriesMalformed;
    private final Counter eventsInvalid;

    /** Registers the counters in {@code registry}. */
    public PipelineMetrics(MeterRegistry registry) {
        eventsArchived = Counter.builder("sluice.pipeline.events.archived").description("Events newly inserted into the archive").register(registry);
        entriesAcked = Counter.builder("sluice.pipeline.entries.acked").description("Buffer entries acknowledged").register(registry);
        entriesClaimed = Counter.builder("sluice.pipeline.entries.claimed").description("Pending buffer entries taken over from idle consumers").register(registry);
        entriesMalformed = Counter.builder("sluice.pipeline.entries.malformed").description("Undecodable buffer entries, acknowledged and dead-lettered").register(registry);
        eventsInvalid = Counter.builder("sluice.pipeline.events.invalid").description("Events without a valid id or tenant, dropped").register(registry);
    }

    public void archived(long n) {
        eventsArchived.increment(n);
    }

    public void acked(long n) {
        entriesAcked.increment(n);
    }

    public void claimed(long n) {
        entriesClaimed.increment(n);
    }

    public void malformed(long n) {
        entriesMalformed.increment(n);
    }

    public void invalidEvents(long n) {
        eventsInvalid.increment(n);
    }
}

package io.sluice.pipeline.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.platform.stream.ConsumerListener;

/**
 * The pipeline's counters, exported through actuator's prometheus endpoint:
 * {@code sluice.pipeline.events.archived} (rows newly inserted into the archive; redelivered
 * events are not counted again), {@code sluice.pipeline.entries.acked},
 * {@code sluice.pipeline.entries.claimed} (taken over from idle consumers),
 * {@code sluice.pipeline.entries.malformed} (undecodable entries),
 * {@code sluice.pipeline.entries.dead-lettered} (malformed ones and those delivered too often),
 * {@code sluice.pipeline.batches.failed} (failed attempts, retried) and
 * {@code sluice.pipeline.events.invalid} (events without id or tenant, dropped).
 */
public class PipelineMetrics implements ConsumerListener {

    private final Counter eventsArchived;
    private final Counter entriesAcked;
    private final Counter entriesClaimed;
    private final Counter entriesMalformed;
    private final Counter entriesDeadLettered;
    private final Counter batchesFailed;
    private final Counter eventsInvalid;

    /** Registers the counters in {@code registry}. */
    public PipelineMetrics(MeterRegistry registry) {
        eventsArchived = Counter.builder("sluice.pipeline.events.archived").description("Events newly inserted into the archive").register(registry);
        entriesAcked = Counter.builder("sluice.pipeline.entries.acked").description("Buffer entries acknowledged").register(registry);
        entriesClaimed = Counter.builder("sluice.pipeline.entries.claimed").description("Pending buffer entries taken over from idle consumers").register(registry);
        entriesMalformed = Counter.builder("sluice.pipeline.entries.malformed").description("Undecodable buffer entries, acknowledged and dead-lettered").register(registry);
        entriesDeadLettered = Counter.builder("sluice.pipeline.entries.dead-lettered").description("Buffer entries copied to the dead-letter stream and acknowledged").register(registry);
        batchesFailed = Counter.builder("sluice.pipeline.batches.failed").description("Failed attempts to process a batch of buffer entries (retried)").register(registry);
        eventsInvalid = Counter.builder("sluice.pipeline.events.invalid").description("Events without a valid id or tenant, dropped").register(registry);
    }

    public void archived(long n) {
        eventsArchived.increment(n);
    }

    @Override
    public void acked(int n) {
        entriesAcked.increment(n);
    }

    @Override
    public void claimed(int n) {
        entriesClaimed.increment(n);
    }

    @Override
    public void deadLettered(int n) {
        entriesDeadLettered.increment(n);
    }

    @Override
    public void failed() {
        batchesFailed.increment();
    }

    public void malformed(long n) {
        entriesMalformed.increment(n);
    }

    public void invalidEvents(long n) {
        eventsInvalid.increment(n);
    }
}

package io.sluice.ingest.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters {@code sluice.ingest.events.accepted} and {@code sluice.ingest.events.rejected}, tagged
 * {@code input=http|grpc}. Accepted counts only events whose append Redis confirmed; rejected
 * counts events that failed validation. {@code sluice.ingest.requests.limited} counts requests
 * refused by their tenant's rate limit.
 */
public final class IngestMetrics {

    private final Map<Input, Counter> accepted = new EnumMap<>(Input.class);
    private final Map<Input, Counter> rejected = new EnumMap<>(Input.class);
    private final Map<Input, Counter> limited = new EnumMap<>(Input.class);

    /** Registers the counters for every input on {@code registry}. */
    public IngestMetrics(MeterRegistry registry) {
        for (Input input : Input.values()) {
            accepted.put(input, Counter.builder("sluice.ingest.events.accepted")
                    .description("Events stored in the buffer").tag("input", input.tag()).register(registry));
            rejected.put(input, Counter.builder("sluice.ingest.events.rejected")
                    .description("Events rejected by validation").tag("input", input.tag()).register(registry));
            limited.put(input, Counter.builder("sluice.ingest.requests.limited")
                    .description("Requests refused by their tenant's rate limit").tag("input", input.tag()).register(registry));
        }
    }

    void accepted(Input input, int events) {
        accepted.get(input).increment(events);
    }

    void limited(Input input) {
        limited.get(input).increment();
    }

    void rejected(Input input, int events) {
        rejected.get(input).increment(events);
    }
}

package io.sluice.ingest.intake;

import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.buffer.BufferWriter;
import io.sluice.ingest.validate.EventValidator;
import io.sluice.ingest.validate.ValidatedBatch;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The path both inputs share once a request is decoded: batch-level limits, per-event validation,
 * the durable append and the metrics. Inputs only translate their wire format to and from it.
 * A Redis failure surfaces as {@link io.sluice.ingest.buffer.BufferUnavailableException}.
 */
public final class Intake {

    /** Longest accepted idempotency key. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 256;

    private final EventValidator validator;
    private final BufferWriter writer;
    private final IngestMetrics metrics;
    private final String tenant;
    private final int maxEventsPerBatch;

    /** Stores events for {@code tenant}, at most {@code maxEventsPerBatch} per request. */
    public Intake(EventValidator validator, BufferWriter writer, IngestMetrics metrics, String tenant, int maxEventsPerBatch) {
        this.validator = validator;
        this.writer = writer;
        this.metrics = metrics;
        this.tenant = tenant;
        this.maxEventsPerBatch = maxEventsPerBatch;
    }

    /** Validates decoded events: the {@code index}-th list element is event {@code index}. */
    public ValidatedBatch validate(List<LogEvent> events) {
        ValidatedBatch.Builder batch = new ValidatedBatch.Builder();
        for (int i = 0; i < events.size(); i++) {
            batch.add(validator.check(i, events.get(i)));
        }
        return batch.build();
    }

    /**
     * Validates and stores {@code events}; the batch-size limit is checked before any event is
     * validated.
     */
    public Mono<IntakeResult> submit(Input input, List<LogEvent> events, String idempotencyKey) {
        if (events.size() > maxEventsPerBatch) {
            return Mono.just(tooMany(events.size()));
        }
        return submit(input, validate(events), idempotencyKey);
    }

    /**
     * Stores the accepted events of {@code batch}, or refuses the request when it has no events,
     * too many, an unusable idempotency key, or no valid event.
     */
    public Mono<IntakeResult> submit(Input input, ValidatedBatch batch, String idempotencyKey) {
        if (batch.size() == 0) {
            return Mono.just(new IntakeResult.Refused("the batch has no events", List.of()));
        }
        if (batch.size() > maxEventsPerBatch) {
            return Mono.just(tooMany(batch.size()));
        }
        if (idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            return Mono.just(new IntakeResult.Refused(
                    "the idempotency key is longer than " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters", List.of()));
        }
        metrics.rejected(input, batch.rejected().size());
        if (batch.accepted().isEmpty()) {
            String error = batch.size() == 1 ? "the only event was rejected" : "all " + batch.size() + " events were rejected";
            return Mono.just(new IntakeResult.Refused(error, batch.rejected()));
        }
        return writer.append(tenant, batch.accepted(), idempotencyKey)
                .doOnNext(appended -> {
                    if (!appended.duplicate()) {
                        metrics.accepted(input, appended.events());
                    }
                })
                .map(appended -> new IntakeResult.Stored(appended.events(), batch.rejected(), appended.duplicate()));
    }

    private IntakeResult tooMany(int events) {
        return new IntakeResult.Refused("the batch has " + events + " events; at most " + maxEventsPerBatch
                + " are accepted per request", List.of());
    }
}

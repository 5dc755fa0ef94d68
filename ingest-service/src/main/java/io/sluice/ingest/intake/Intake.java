package io.sluice.ingest.intake;

import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.buffer.BufferWriter;
import io.sluice.ingest.buffer.ReceivedEvents;
import io.sluice.ingest.ratelimit.RateLimiter;
import io.sluice.ingest.validate.EventValidator;
import io.sluice.ingest.validate.ValidatedBatch;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The path all inputs share once a request is decoded: batch-level limits, per-event validation,
 * the tenant's rate limit, the durable append and the metrics. Inputs only translate their wire
 * format to and from it. A request over its tenant's rate limit stores nothing and comes back
 * {@link IntakeResult.Limited}. A Redis failure (of the rate-limit check or the append) surfaces
 * as {@link io.sluice.ingest.buffer.BufferUnavailableException}.
 */
public final class Intake {

    /** Longest accepted idempotency key. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 256;

    private final EventValidator validator;
    private final BufferWriter writer;
    private final IngestMetrics metrics;
    private final int maxEventsPerBatch;
    private final RateLimiter limiter;

    /** Stores events, at most {@code maxEventsPerBatch} per request, without rate limits. */
    public Intake(EventValidator validator, BufferWriter writer, IngestMetrics metrics, int maxEventsPerBatch) {
        this(validator, writer, metrics, maxEventsPerBatch, RateLimiter.unlimited());
    }

    /** Stores events, at most {@code maxEventsPerBatch} per request, within the tenant limits of {@code limiter}. */
    public Intake(EventValidator validator, BufferWriter writer, IngestMetrics metrics, int maxEventsPerBatch, RateLimiter limiter) {
        this.validator = validator;
        this.writer = writer;
        this.metrics = metrics;
        this.maxEventsPerBatch = maxEventsPerBatch;
        this.limiter = limiter;
    }

    /** Validates decoded events: the {@code index}-th list element is event {@code index}. */
    public ValidatedBatch validate(List<LogEvent> events) {
        ValidatedBatch.Builder batch = new ValidatedBatch.Builder(events.size());
        EventValidator.Batch checks = validator.batch();
        for (int i = 0; i < events.size(); i++) {
            batch.add(checks.check(i, events.get(i)));
        }
        return batch.build();
    }

    /**
     * Validates and stores {@code events}; the batch-size limit is checked before any event is
     * validated.
     */
    public Mono<IntakeResult> submit(Input input, String tenant, List<LogEvent> events, String idempotencyKey) {
        return submit(input, tenant, events, ReceivedEvents.NONE, idempotencyKey);
    }

    /**
     * As {@link #submit(Input, String, List, String)} for events decoded from protobuf bytes that
     * {@code received} holds: the events validation keeps unchanged are stored as the bytes they
     * arrived in, not encoded again.
     */
    public Mono<IntakeResult> submit(Input input, String tenant, List<LogEvent> events, ReceivedEvents received, String idempotencyKey) {
        if (events.size() > maxEventsPerBatch) {
            return Mono.just(tooMany(events.size()));
        }
        ValidatedBatch batch = validate(events);
        return submit(input, tenant, batch, received.forAccepted(events, batch.accepted(), batch.acceptedIndexes()), idempotencyKey);
    }

    /**
     * Stores the accepted events of {@code batch} for {@code tenant} (an authenticated tenant id), or
     * refuses the request when it has no events, too many, an unusable idempotency key, or no valid
     * event, or limits it when its accepted events (count and protobuf bytes) do not fit the
     * tenant's rate limit now.
     */
    public Mono<IntakeResult> submit(Input input, String tenant, ValidatedBatch batch, String idempotencyKey) {
        return submit(input, tenant, batch, ReceivedEvents.NONE, idempotencyKey);
    }

    /** {@code received}: bytes of the accepted events, by position in {@code batch.accepted()}. */
    private Mono<IntakeResult> submit(Input input, String tenant, ValidatedBatch batch, ReceivedEvents received, String idempotencyKey) {
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
        List<LogEvent> accepted = batch.accepted();
        return limiter.acquire(tenant, accepted.size(), bytes(accepted, received))
                .flatMap(decision -> decision.allowed()
                        ? store(input, tenant, batch, received, idempotencyKey)
                        : Mono.<IntakeResult>fromSupplier(() -> {
                            metrics.limited(input);
                            return new IntakeResult.Limited(decision.error(), decision.retryAfter());
                        }));
    }

    private Mono<IntakeResult> store(Input input, String tenant, ValidatedBatch batch, ReceivedEvents received, String idempotencyKey) {
        return writer.append(tenant, batch.accepted(), received, idempotencyKey)
                .doOnNext(appended -> {
                    if (!appended.duplicate()) {
                        metrics.accepted(input, appended.events());
                    }
                })
                .map(appended -> new IntakeResult.Stored(appended.events(), batch.rejected(), appended.duplicate()));
    }

    /**
     * What the rate limit charges for {@code events}: their protobuf size (the received length
     * when known, else computed and memoised by protobuf for the writer).
     */
    private static long bytes(List<LogEvent> events, ReceivedEvents received) {
        long bytes = 0;
        for (int i = 0; i < events.size(); i++) {
            int length = received.length(i);
            bytes += length >= 0 ? length : events.get(i).getSerializedSize();
        }
        return bytes;
    }

    private IntakeResult tooMany(int events) {
        return new IntakeResult.Refused("the batch has " + events + " events; at most " + maxEventsPerBatch
                + " are accepted per request", List.of());
    }
}

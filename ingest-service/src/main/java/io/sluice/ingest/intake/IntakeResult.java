package io.sluice.ingest.intake;

import io.sluice.ingest.validate.Rejection;
import java.util.List;

/** What became of one request: stored (possibly in part) or refused as a whole. */
public sealed interface IntakeResult permits IntakeResult.Stored, IntakeResult.Refused, IntakeResult.Limited {

    /** Events rejected by validation, by index. */
    List<Rejection> rejected();

    /**
     * The valid events are durable in the buffer.
     *
     * @param accepted number of events stored
     * @param rejected the events that were not, with reasons
     * @param duplicate whether the batch's idempotency key had already been stored, so nothing new
     *     was written (the earlier request stored the events)
     */
    record Stored(int accepted, List<Rejection> rejected, boolean duplicate) implements IntakeResult {
    }

    /**
     * Nothing was stored because of the request itself (empty, too large, every event invalid);
     * answered as HTTP 400 / gRPC INVALID_ARGUMENT.
     *
     * @param error what was wrong with the request as a whole
     * @param rejected per-event reasons, when events were rejected
     */
    record Refused(String error, List<Rejection> rejected) implements IntakeResult {
    }

    /**
     * Nothing was stored because the tenant is over its rate limit; answered as HTTP 429 with
     * {@code Retry-After} / gRPC RESOURCE_EXHAUSTED with the {@code retry-after-ms} trailer.
     *
     * @param error which limit was exceeded, in words a user can act on
     * @param retryAfter how long the client should wait before sending again
     */
    record Limited(String error, java.time.Duration retryAfter) implements IntakeResult {
        @Override
        public List<Rejection> rejected() {
            return List.of();
        }
    }
}

package io.sluice.analytics.match;

import io.sluice.common.proto.ingest.v1.LogBatch;
import reactor.core.publisher.Mono;

/** Where the consumer hands each buffer entry for alert-rule matching. */
public interface FindingsSink {

    /** A sink for when alerting is switched off: accepts everything, reports nothing. */
    FindingsSink NONE = (entryId, batch) -> Mono.empty();

    /**
     * Matches {@code batch} (the buffer entry {@code entryId}) and reports what matched. Completes
     * once the report is accepted; errors when it could not be delivered, so the entry stays
     * pending and is retried.
     */
    Mono<Void> report(String entryId, LogBatch batch);
}

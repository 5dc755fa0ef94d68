package io.sluice.analytics.anomaly;

import io.sluice.analytics.template.MinedBatch;
import io.sluice.common.proto.ingest.v1.LogBatch;
import reactor.core.publisher.Mono;

/**
 * What the buffer consumer hands every entry to for anomaly detection: the entry's lines are counted
 * into their windows (once per entry id). Judging happens later, when windows close.
 */
public interface AnomalyStage {

    /** Does nothing: anomaly detection switched off. */
    AnomalyStage NONE = (entryId, batch, mined) -> Mono.empty();

    /**
     * Records the lines of the buffer entry {@code entryId}, whose templates the consumer mined once
     * into {@code mined}; errors when the entry must be retried.
     */
    Mono<Void> record(String entryId, LogBatch batch, MinedBatch mined);
}
